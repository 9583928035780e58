// The purchaser's work on a contract: the payment schedule (with the payroll-coverage warning
// the API returns), set before either party signs, and opening an evaluation with an evaluator.
import { html } from 'htm/preact';

import { Loading, Section } from '../../components/common.js';
import { ActionButton, Field, Outcome, Submit, useForm } from '../../components/forms.js';
import { InstalmentRows, useInstalmentRows } from '../../components/instalment-rows.js';
import { api, get, post } from '../../lib/api.js';
import { serverNow } from '../../lib/clock.js';
import { useApp } from '../../lib/context.js';
import { useLoad } from '../../lib/load.js';
import { navigate } from '../../lib/router.js';

function Schedule({ contract, reload }) {
  const { t } = useApp();
  const start = contract.service_start;
  const editor = useInstalmentRows([{ due_date: start, share: '50', condition: 'none' }, { due_date: start, share: '50', condition: 'report_accepted' }]);
  const form = useForm({});
  const submit = (event) => {
    event.preventDefault();
    form.submit(() => post(`/contracts/${contract.id}/instalments`, { instalments: editor.requests() })).then((done) => done && reload());
  };
  return html`<form onSubmit=${submit} id="schedule-form">
    <${InstalmentRows} form=${form} editor=${editor} start=${start} />
    <${Field} form=${form} name="_schedule" pointer="/instalments" type="hidden" label="" />
    ${form.result?.warnings && html`<div class="notice warn">${form.result.warnings.map((warning) => html`<p>${warning}</p>`)}</div>`}
    <${Outcome} form=${form} success=${t('schedule_saved')} /><${Submit} form=${form}>${t('set_schedule')}</${Submit}></form>`;
}

function OpenEvaluation({ contract }) {
  const { t } = useApp();
  const evaluators = useLoad(async () => {
    const [organizations, evaluations] = await Promise.all([get('/organizations?kind=evaluator&limit=100'),
      get(`/evaluations?contract=${contract.id}`)]);
    // The first final evaluation finalized is the contract's grade (decision 71): after it, only
    // mid-term evaluations are opened.
    const graded = evaluations.items.some((item) => item.kind === 'final' && item.status === 'finalized');
    return { ...organizations, graded };
  }, [contract.id, contract.version]);
  const form = useForm({ kind: '', evaluator_id: '' });
  const submit = (event) => {
    event.preventDefault();
    const kind = form.values.kind || (evaluators.data?.graded ? 'mid_term' : 'final');
    form.submit((values) => post('/evaluations', { contract_id: contract.id, kind, evaluator_id: values.evaluator_id || evaluators.data?.items[0]?.id }))
      .then((evaluation) => evaluation && navigate(`/evaluations/${evaluation.id}`));
  };
  return html`<${Loading} state=${evaluators}>${(data) => html`<form onSubmit=${submit} id="evaluation-form">
    <${Field} form=${form} name="kind" label=${t('evaluation_kind')} value=${form.values.kind || (data.graded ? 'mid_term' : 'final')}
      options=${[...(data.graded ? [] : [['final', t('evaluation_final')]]), ['mid_term', t('evaluation_mid_term')]]} />
    <${Field} form=${form} name="evaluator_id" label=${t('evaluator')} value=${form.values.evaluator_id || data.items[0]?.id}
      options=${data.items.map((org) => [org.id, org.name])} />
    <${Outcome} form=${form} /><${Submit} form=${form}>${t('open_evaluation')}</${Submit}></form>`}</${Loading}>`;
}

// Ending the contract: an active one is terminated (what was paid stays on the ledger); a draft,
// never in force, is cancelled and may be drawn up again.
function Terminate({ contract, reload }) {
  const { t } = useApp();
  const form = useForm({ termination_reason: '' });
  const draft = contract.status === 'draft';
  const submit = (event) => {
    event.preventDefault();
    if (!window.confirm(t(draft ? 'confirm_cancel_contract' : 'confirm_terminate'))) return;
    form.submit((values) => api('POST', `/contracts/${contract.id}/terminate`, { reason: values.termination_reason }, { ifMatch: contract.version })).then((done) => done && reload());
  };
  return html`<details id="terminate"><summary>${t(draft ? 'cancel_contract' : 'terminate_contract')}</summary>
    <form onSubmit=${submit} id="terminate-form">
      <${Field} form=${form} name="termination_reason" pointer="/reason" type="textarea" label=${t('reason')} />
      <${Outcome} form=${form} /><${Submit} form=${form}>${t(draft ? 'cancel_contract' : 'terminate_contract')}</${Submit}></form></details>`;
}

/// The first day after the service period (whole months from the first of the start month, as
/// the server counts it), midnight China time.
function serviceEnd(contract) {
  const [year, month] = contract.service_start.split('-').map(Number);
  const end = new Date(Date.UTC(year, month - 1 + contract.service_months, 1));
  return end.getTime() - 8 * 3600 * 1000;
}

export function ContractPurchaserActions({ contract, reload }) {
  const { t } = useApp();
  if (contract.status !== 'active' && contract.status !== 'draft') return null;
  // Paid in full before the period ended: completed by hand once it is over.
  const paidInFull = contract.instalments.length > 0 && contract.instalments.every((item) => item.released_at);
  const completable = contract.status === 'active' && paidInFull && serverNow() >= serviceEnd(contract);
  return html`<${Section} title=${t('purchaser_actions')} id="purchaser-contract-actions">
    ${contract.instalments.length === 0 && html`<h3>${t('payment_schedule')}</h3><${Schedule} contract=${contract} reload=${reload} />`}
    ${contract.status === 'active' && html`<h3>${t('open_evaluation')}</h3><${OpenEvaluation} contract=${contract} />`}
    ${completable && html`<p class="actions"><${ActionButton} label=${t('complete_contract')}
      action=${() => post(`/contracts/${contract.id}/complete`, {})} onDone=${reload} /></p>`}
    <${Terminate} contract=${contract} reload=${reload} />
  </${Section}>`;
}
