// The rows of a payment schedule as a form edits them: due date, share of the amount being
// scheduled (percent) and the release condition. Used for a contract's schedule and for the
// new schedule an amendment proposes; `prefix` keeps the ids of two editors on one page apart.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';

import { useApp } from '../lib/context.js';

export function useInstalmentRows(initial) {
  const [rows, setRows] = useState(initial);
  const setRow = (index, key, value) => setRows((all) => all.map((row, at) => (at === index ? { ...row, [key]: value } : row)));
  const add = (row) => setRows((all) => [...all, row]);
  const remove = (index) => setRows((all) => all.filter((_, at) => at !== index));
  // In basis points, as the API takes them, so that 0.01 + 65.4 + 34.59 is exactly 100%.
  const totalBasisPoints = rows.reduce((sum, row) => sum + Math.round((Number(row.share) || 0) * 100), 0);
  const total = totalBasisPoints / 100;
  // What the API takes: shares in basis points.
  const requests = () => rows.map((row) => ({ due_date: row.due_date, share_bp: Math.round((Number(row.share) || 0) * 100), condition: row.condition }));
  return { rows, setRow, add, remove, total, totalBasisPoints, requests };
}

export function InstalmentRows({ form, editor, start, prefix = '' }) {
  const { t } = useApp();
  const { rows, setRow, add, remove, total, totalBasisPoints } = editor;
  return html`${rows.map((row, index) => html`<div class="staff-row" data-row=${index} key=${index}>
      <div class=${`field ${form.errorsAt(`/instalments/${index}`).length ? 'has-error' : ''}`}><label for=${`${prefix}due-${index}`}>${t('due_date')} ${index + 1}</label>
        <input id=${`${prefix}due-${index}`} type="date" value=${row.due_date} onInput=${(event) => setRow(index, 'due_date', event.currentTarget.value)} />
        ${form.errorsAt(`/instalments/${index}`).length > 0 && html`<p class="field-error" role="alert">${form.errorsAt(`/instalments/${index}`).join('；')}</p>`}</div>
      <div class="field"><label for=${`${prefix}share-${index}`}>${t('share_percent')}</label>
        <input id=${`${prefix}share-${index}`} type="number" min="0.01" max="100" step="0.01" value=${row.share} onInput=${(event) => setRow(index, 'share', event.currentTarget.value)} /></div>
      <div class="field"><label for=${`${prefix}condition-${index}`}>${t('condition')}</label>
        <select id=${`${prefix}condition-${index}`} value=${row.condition} onChange=${(event) => setRow(index, 'condition', event.currentTarget.value)}>
          ${['none', 'report_accepted', 'evaluation_grade'].map((value) => html`<option value=${value}>${t(`condition_${value}`)}</option>`)}</select></div>
      ${rows.length > 1 && html`<button type="button" class="link" onClick=${() => remove(index)}>${t('remove')}</button>`}
    </div>`)}
    <p class=${totalBasisPoints === 10000 ? 'ok' : 'bad'}>${t('share_total', { total: total.toFixed(2) })}</p>
    <button type="button" onClick=${() => add({ due_date: start, share: '', condition: 'none' })}>${t('add_instalment')}</button>`;
}
