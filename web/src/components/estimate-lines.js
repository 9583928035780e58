// A cost estimate's lines and total as the API computed them, with its rounding rule: the
// purchaser's breakdown right after computing it, and the public explanation of a published
// tender's budget ceiling.
import { html } from 'htm/preact';

import { useApp } from '../lib/context.js';
import { yuan } from '../lib/format.js';

export function EstimateLines({ estimate }) {
  const { t } = useApp();
  // An operating cost's label is its name; every other line's label is how it was computed.
  const item = (line) => (line.kind === 'operating' ? t(`cost_${line.label}`) : t(`estimate_line_${line.kind}`));
  return html`<table class="estimate-lines"><thead><tr><th scope="col">${t('estimate_item')}</th>
      <th scope="col">${t('estimate_basis_column')}</th><th scope="col" class="num">${t('amount')}</th></tr></thead>
    <tbody>${estimate.lines.map((line) => html`<tr><td>${item(line)}</td><td>${line.kind === 'operating' ? '' : line.label}</td>
      <td class="num">${yuan(line.amount)}</td></tr>`)}</tbody>
    <tfoot><tr><th scope="row" colspan="2">${t('estimate_total')}</th><td class="num"><strong>${yuan(estimate.total)}</strong></td></tr></tfoot></table>
    <p class="muted">${t('estimate_rounding')}</p>`;
}
