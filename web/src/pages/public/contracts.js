// The public list of contracts.
import { html } from 'htm/preact';

import { Loading, OrgName, Status } from '../../components/common.js';
import { get } from '../../lib/api.js';
import { useApp } from '../../lib/context.js';
import { dateOnly, yuan } from '../../lib/format.js';
import { useLoad } from '../../lib/load.js';
import { Link } from '../../lib/router.js';

export function ContractsTable({ items }) {
  const { t, lang } = useApp();
  if (!items.length) return html`<p class="muted">${t('nothing_found')}</p>`;
  return html`<div class="table-wrap"><table><thead><tr><th scope="col">${t('contract')}</th><th scope="col">${t('supplier')}</th>
    <th scope="col">${t('status')}</th><th scope="col" class="num">${t('price')}</th><th scope="col">${t('service_start')}</th></tr></thead>
    <tbody>${items.map((contract) => html`<tr><td><${Link} href=${`/contracts/${contract.id}`}>${contract.id}</${Link}></td>
      <td><${OrgName} id=${contract.supplier_id} link /></td><td><${Status} value=${contract.status} /></td>
      <td class="num">${yuan(contract.price)}</td><td>${dateOnly(contract.service_start, lang)}</td></tr>`)}</tbody></table></div>`;
}

export function ContractsPage() {
  const { t } = useApp();
  const state = useLoad(() => get('/contracts?limit=100'), []);
  return html`<div><h1>${t('nav_contracts')}</h1><${Loading} state=${state}>${(data) => html`<${ContractsTable} items=${data.items} />`}</${Loading}></div>`;
}
