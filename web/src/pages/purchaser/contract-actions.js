// The purchaser's work on a contract: the payment schedule (with the payroll-coverage warning
// the API returns), and opening an evaluation with an evaluator.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';

import { Loading, Section } from '../../components/common.js';
import { Field, Outcome, Submit, useForm } from '../../components/forms.js';
import { get, post } from '../../lib/api.js';
import { useApp } from '../../lib/context.js';
import { useLoad } from '../../lib/load.js';
import { navigate } from '../../lib/router.js';

function Schedule({ contract, reload }) {
  const { t } = useApp();
  const start = contract.service_start;
  const [rows, setRows] = useState([{ due_date: start, share: '50', condition: 'none' }, { due_date: start, share: '50', condition: 'report_accepted' }]);
  const form = useForm({});
  const setRow = (index, key, value) => setRows((all) => all.map((row, at) => (at === index ? { ...row, [key]: value } : row)));
  const total = rows.reduce((sum, row) => sum + (Number(row.share) || 0), 0);
  const submit = (event) => {
    event.preventDefault();
    form.submit(() => post(`/contracts/${contract.id}/instalments`, {
      instalments: rows.map((row) => ({ due_date: row.due_date, share_bp: Math.round((Number(row.share) || 0) * 100), condition: row.condition })),
    })).then((done) => done && reload());
  };
  return html`<form onSubmit=${submit} id="schedule-form">
    ${rows.map((row, index) => html`<div class="staff-row" data-row=${index}>
      <div class=${`field ${form.errorsAt(`/instalments/${index}`).length ? 'has-error' : ''}`}><label for=${`due-${index}`}>${t('due_date')} ${index + 1}</label>
        <input id=${`due-${index}`} type="date" value=${row.due_date} onInput=${(event) => setRow(index, 'due_date', event.currentTarget.value)} />
        ${form.errorsAt(`/instalments/${index}`).length > 0 && html`<p class="field-error" role="alert">${form.errorsAt(`/instalments/${index}`).join('；')}</p>`}</div>
      <div class="field"><label for=${`share-${index}`}>${t('share_percent')}</label>
        <input id=${`share-${index}`} type="number" min="0.01" max="100" step="0.01" value=${row.share} onInput=${(event) => setRow(index, 'share', event.currentTarget.value)} /></div>
      <div class="field"><label for=${`condition-${index}`}>${t('condition')}</label>
        <select id=${`condition-${index}`} value=${row.condition} onChange=${(event) => setRow(index, 'condition', event.currentTarget.value)}>
          ${['none', 'report_accepted', 'evaluation_grade'].map((value) => html`<option value=${value}>${t(`condition_${value}`)}</option>`)}</select></div>
      ${rows.length > 1 && html`<button type="button" class="link" onClick=${() => setRows((all) => all.filter((_, at) => at !== index))}>${t('remove')}</button>`}
    </div>`)}
    <p class=${total === 100 ? 'ok' : 'bad'}>${t('share_total', { total: total.toFixed(2) })}</p>
    <button type="button" onClick=${() => setRows((all) => [...all, { due_date: start, share: '', condition: 'none' }])}>${t('add_instalment')}</button>
    <${Field} form=${form} name="_schedule" pointer="/instalments" type="hidden" label="" />
    ${form.result?.warnings && html`<div class="notice warn">${form.result.warnings.map((warning) => html`<p>${warning}</p>`)}</div>`}
    <${Outcome} form=${form} success=${t('schedule_saved')} /><${Submit} form=${form}>${t('set_schedule')}</${Submit}></form>`;
}

function OpenEvaluation({ contract }) {
  const { t } = useApp();
  const evaluators = useLoad(() => get('/organizations?kind=evaluator&limit=100'), []);
  const form = useForm({ kind: 'final', evaluator_id: '' });
  const submit = (event) => {
    event.preventDefault();
    form.submit((values) => post('/evaluations', { contract_id: contract.id, kind: values.kind, evaluator_id: values.evaluator_id || evaluators.data?.items[0]?.id }))
      .then((evaluation) => evaluation && navigate(`/evaluations/${evaluation.id}`));
  };
  return html`<${Loading} state=${evaluators}>${(data) => html`<form onSubmit=${submit} id="evaluation-form">
    <${Field} form=${form} name="kind" label=${t('evaluation_kind')} options=${[['final', t('evaluation_final')], ['mid_term', t('evaluation_mid_term')]]} />
    <${Field} form=${form} name="evaluator_id" label=${t('evaluator')} value=${form.values.evaluator_id || data.items[0]?.id}
      options=${data.items.map((org) => [org.id, org.name])} />
    <${Outcome} form=${form} /><${Submit} form=${form}>${t('open_evaluation')}</${Submit}></form>`}</${Loading}>`;
}

export function ContractPurchaserActions({ contract, reload }) {
  const { t } = useApp();
  if (contract.status !== 'active') return null;
  return html`<${Section} title=${t('purchaser_actions')} id="purchaser-contract-actions">
    ${contract.instalments.length === 0 && html`<h3>${t('payment_schedule')}</h3><${Schedule} contract=${contract} reload=${reload} />`}
    <h3>${t('open_evaluation')}</h3><${OpenEvaluation} contract=${contract} />
  </${Section}>`;
}
