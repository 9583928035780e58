// A contract's amendments (SPEC §3.6): every proposal with its outcome, public; the parties of an
// active contract propose one (added value within the 10% headroom, with the new schedule of what
// is not yet released), and answer the other's: agree or decline, or withdraw their own.
import { html } from 'htm/preact';

import { OrgName, Section } from '../../components/common.js';
import { ActionButton, Field, Outcome, Submit, useForm } from '../../components/forms.js';
import { InstalmentRows, useInstalmentRows } from '../../components/instalment-rows.js';
import { post } from '../../lib/api.js';
import { useApp } from '../../lib/context.js';
import { serverNow } from '../../lib/clock.js';
import { dateOnly, dateTime, fen, parseYuan, yuan } from '../../lib/format.js';

/// Today in China, or the service start when that is later: an instalment due earlier would be
/// released late.
function firstDueDate(contract) {
  const today = new Date(serverNow()).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  return today > contract.service_start ? today : contract.service_start;
}

function Propose({ contract, reload }) {
  const { t } = useApp();
  const form = useForm({ amendment_reason: '', added_value: '' });
  const editor = useInstalmentRows([{ due_date: firstDueDate(contract), share: '100', condition: 'none' }]);
  const typed = form.values.added_value.trim();
  const unreadable = typed !== '' && parseYuan(typed) === null;
  const adds = (parseYuan(typed) ?? 0) > 0;
  const submit = (event) => {
    event.preventDefault();
    if (unreadable) return;
    form.submit((values) => post(`/contracts/${contract.id}/amend`, {
      reason: values.amendment_reason,
      added_value: fen(values.added_value || '0'),
      ...(adds ? { instalments: editor.requests() } : {}),
    })).then((done) => done && reload());
  };
  return html`<form onSubmit=${submit} id="amendment-form">
    <${Field} form=${form} name="amendment_reason" pointer="/reason" type="textarea" label=${t('amendment_reason')} />
    <${Field} form=${form} name="added_value" pointer="/added_value" label=${t('added_value')} inputmode="decimal"
      hint=${t('added_value_hint', { headroom: yuan(contract.amendment_headroom) })}
      extraErrors=${unreadable ? [{ pointer: '/added_value', message: t('not_an_amount') }] : []} />
    ${adds && html`<fieldset><legend>${t('amendment_schedule')}</legend><p class="hint">${t('amendment_schedule_hint')}</p>
      <${InstalmentRows} form=${form} editor=${editor} start=${contract.service_start} prefix="amendment-" /></fieldset>`}
    <${Outcome} form=${form} /><${Submit} form=${form}>${t('propose_amendment')}</${Submit}></form>`;
}

/// Declining or withdrawing: either needs the reason.
function End({ contract, amendment, verb, reload }) {
  const { t } = useApp();
  const form = useForm({ end_reason: '' });
  const submit = (event) => {
    event.preventDefault();
    form.submit((values) => post(`/contracts/${contract.id}/amendments/${amendment.number}/${verb}`, { reason: values.end_reason }))
      .then((done) => done && reload());
  };
  return html`<form onSubmit=${submit} id=${`amendment-${verb}-form`}>
    <${Field} form=${form} name="end_reason" pointer="/reason" label=${t(`${verb}_reason`)} />
    <${Outcome} form=${form} /><${Submit} form=${form}>${t(`${verb}_amendment`)}</${Submit}></form>`;
}

export function ContractAmendments({ contract, reload }) {
  const { t, lang, session } = useApp();
  const party = session && [contract.purchaser_id, contract.supplier_id].includes(session.organization_id)
    && (session.role === 'purchaser' || session.role === 'supplier');
  const pending = contract.amendments.find((amendment) => amendment.status === 'pending');
  if (contract.amendments.length === 0 && !(party && contract.status === 'active')) return null;
  return html`<${Section} title=${t('contract_amendments')} id="contract-amendments">
    ${contract.amendments.length === 0 ? html`<p class="muted">${t('no_contract_amendments')}</p>` : html`<ol class="amendments">
      ${contract.amendments.map((amendment) => html`<li key=${amendment.number} id=${`amendment-${amendment.number}`}>
        <p><span class=${`badge status-${amendment.status}`}>${t(`amendment_${amendment.status}`)}</span>
          <strong> +${yuan(amendment.added_value)}</strong> — ${amendment.reason}</p>
        <p class="muted">${t('proposed_by')} <${OrgName} id=${amendment.proposed_by} /> · ${dateTime(amendment.proposed_at, lang)}
          ${amendment.agreed_at && html` · ${t('amendment_agreed')} ${dateTime(amendment.agreed_at, lang)}`}
          ${amendment.ended_at && html` · ${t(`amendment_${amendment.status}`)} ${dateTime(amendment.ended_at, lang)}: ${amendment.end_reason}`}</p>
        ${amendment.instalments.length > 0 && html`<p class="muted">${t('amendment_schedule')}:
          ${amendment.instalments.map((instalment) => html`<span key=${instalment.number}> ${dateOnly(instalment.due_date, lang)} ${yuan(instalment.amount)}
            (${t(`condition_${instalment.condition}`)});</span>`)}</p>`}
      </li>`)}</ol>`}
    ${party && pending && (pending.proposed_by === session.organization_id
      ? html`<${End} contract=${contract} amendment=${pending} verb="withdraw" reload=${reload} />`
      : contract.status === 'active' && html`<div><p class="actions"><${ActionButton} label=${t('agree_amendment')}
          confirm=${t('confirm_agree_amendment', { added: yuan(pending.added_value) })}
          action=${() => post(`/contracts/${contract.id}/amendments/${pending.number}/agree`)} onDone=${reload} /></p>
          <${End} contract=${contract} amendment=${pending} verb="decline" reload=${reload} /></div>`)}
    ${party && !pending && contract.status === 'active' && html`<details id="propose-amendment"><summary>${t('propose_amendment')}</summary>
      <${Propose} contract=${contract} reload=${reload} /></details>`}
  </${Section}>`;
}
