// The purchaser's work on its own tender, step by step: publish, amend or cancel, open the
// bids, decide qualification, appoint the panel, award, and create the contract; award again
// after an upheld challenge or when the winner declines to sign; a failed tender can be tendered again.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';

import { Loading, OrgName, Section } from '../../components/common.js';
import { ActionButton, Field, Outcome, Submit, useForm } from '../../components/forms.js';
import { api, get, post } from '../../lib/api.js';
import { serverNow } from '../../lib/clock.js';
import { useApp } from '../../lib/context.js';
import { fen, fromShanghaiInput, toShanghaiInput, yuan } from '../../lib/format.js';
import { useLoad } from '../../lib/load.js';
import { Link, navigate } from '../../lib/router.js';
import { PanelProgress } from '../expert/panel.js';
import { awardOverturned } from '../public/challenges.js';
import { AbnormalPrices } from '../shared/abnormal-prices.js';

// A price above the ceiling makes a bid invalid by law (87号令 §63(5)): no reason qualifies it.
const invalidByLaw = (bid) => bid.qualification.checks.some((check) => check.name === 'price_within_ceiling' && !check.passed);

function Publish({ tender, reload }) {
  const { t } = useApp();
  const problems = tender.publication_check ?? [];
  return html`<div>
    ${problems.length > 0 && html`<div class="notice warn"><strong>${t('publication_blocked')}</strong>
      <ul>${problems.map((problem) => html`<li><code>${problem.pointer}</code> ${problem.message}</li>`)}</ul></div>`}
    <p class="actions"><${Link} class="button" href=${`/tenders/${tender.id}/edit`}>${t('edit_draft')}</${Link}>
      <${ActionButton} label=${t('publish')} action=${() => api('POST', `/tenders/${tender.id}/publish`, {}, { ifMatch: tender.version })} onDone=${reload} /></p>
  </div>`;
}

function Amend({ tender, reload }) {
  const { t } = useApp();
  const form = useForm({ reason: '', deadline: toShanghaiInput(tender.deadline), description: tender.description, affects_bid_preparation: true });
  const submit = (event) => {
    event.preventDefault();
    form.submit((values) => {
      const changes = {};
      if (fromShanghaiInput(values.deadline) && values.deadline !== toShanghaiInput(tender.deadline)) changes.deadline = fromShanghaiInput(values.deadline);
      if (values.description !== tender.description) changes.description = values.description;
      return api('POST', `/tenders/${tender.id}/amend`, { reason: values.reason, affects_bid_preparation: values.affects_bid_preparation, changes }, { ifMatch: tender.version });
    }).then((done) => done && reload());
  };
  return html`<details><summary>${t('amend_tender')}</summary><form onSubmit=${submit}>
    <${Field} form=${form} name="deadline" pointer="/changes/deadline" type="datetime-local" label=${t('deadline')} hint=${t('shanghai_time')} />
    <${Field} form=${form} name="description" pointer="/changes/description" type="textarea" label=${t('description')} />
    <${Field} form=${form} name="affects_bid_preparation" type="checkbox" label=${t('affects_bid_preparation')} />
    <${Field} form=${form} name="reason" type="textarea" label=${t('reason')} />
    <${Outcome} form=${form} /><${Submit} form=${form}>${t('amend_tender')}</${Submit}></form></details>`;
}

// Cancelling before the bids are opened (a draft, or a published tender with the reason made
// public); a cancelled repeat of a failed tender makes way for another.
function CancelTender({ tender, reload }) {
  const { t } = useApp();
  const form = useForm({ cancel_reason: '' });
  const submit = (event) => {
    event.preventDefault();
    if (!window.confirm(t('confirm_cancel_tender'))) return;
    form.submit((values) => api('POST', `/tenders/${tender.id}/cancel`, { reason: values.cancel_reason }, { ifMatch: tender.version })).then((done) => done && reload());
  };
  return html`<details id="cancel-tender"><summary>${t('cancel_tender')}</summary><form onSubmit=${submit} id="cancel-tender-form">
    <${Field} form=${form} name="cancel_reason" pointer="/reason" type="textarea" label=${t('reason')} />
    <${Outcome} form=${form} /><${Submit} form=${form}>${t('cancel_tender')}</${Submit}></form></details>`;
}

function Qualification({ tender, round, reload }) {
  const { t } = useApp();
  const state = useLoad(() => get(`/tenders/${tender.id}/qualification`), [tender.version, round]);
  const form = useForm({});
  return html`<${Loading} state=${state}>${(review) => {
    const choice = (bid) => form.values[`q_${bid.id}`] ?? String(bid.qualified ?? bid.qualification.automatic_pass);
    const submit = (event) => {
      event.preventDefault();
      form.submit((values) => post(`/tenders/${tender.id}/qualification`, {
        decisions: review.bids.map((bid) => {
          const decision = { bid_id: bid.id, qualified: choice(bid) === 'true' };
          if (values[`r_${bid.id}`]) decision.reason = values[`r_${bid.id}`];
          return decision;
        }),
      })).then((done) => done && reload());
    };
    return html`<form onSubmit=${submit} id="qualification-form">
      <table><thead><tr><th scope="col">${t('supplier')}</th><th scope="col">${t('automatic_result')}</th><th scope="col">${t('decision')}</th></tr></thead>
      <tbody>${review.bids.map((bid, index) => html`<tr>
        <td><${OrgName} id=${bid.supplier_id} /><br/><small>${yuan(bid.price)}</small></td>
        <td>${bid.qualification.automatic_pass ? t('pass') : t('fail')}
          <ul class="checks">${bid.qualification.checks.map((check) => html`<li class=${check.passed ? 'ok' : 'bad'}>${check.passed ? '✓' : '✗'} ${check.detail}</li>`)}</ul></td>
        <td>
          <${Field} form=${form} name=${`q_${bid.id}`} pointer=${`/decisions/${index}/qualified`} label=${t('qualified')}
            options=${invalidByLaw(bid) ? [['false', t('no')]] : [['true', t('yes')], ['false', t('no')]]} value=${choice(bid)} />
          <${Field} form=${form} name=${`r_${bid.id}`} pointer=${`/decisions/${index}/reason`} label=${t('override_reason')}
            hint=${choice(bid) !== String(bid.qualification.automatic_pass) ? t('override_needs_reason') : undefined} />
        </td></tr>`)}</tbody></table>
      <${Outcome} form=${form} success=${t('saved')} />
      <${Submit} form=${form}>${t('confirm_qualification')}</${Submit}>
      ${review.complete && html`<p class="notice ok">${t('qualification_complete')}</p>`}
    </form>`;
  }}</${Loading}>`;
}

function AppointPanel({ tender, reload }) {
  const { t } = useApp();
  const form = useForm({ experts: '' });
  const submit = (event) => {
    event.preventDefault();
    form.submit((values) => post(`/tenders/${tender.id}/panel`, {
      expert_account_ids: values.experts.split(/[\s,，]+/).filter(Boolean),
    })).then((done) => done && reload());
  };
  return html`<form onSubmit=${submit} id="panel-form">
    <${Field} form=${form} name="experts" pointer="/expert_account_ids" type="textarea" rows="5"
      label=${t('expert_account_ids')} hint=${t('panel_hint', { minimum: tender.panel_minimum })} />
    <${Outcome} form=${form} /><${Submit} form=${form}>${t('appoint_panel')}</${Submit}></form>`;
}

/// The bid the award goes to: the panel's ranking is followed in order (实施条例 §43), so the top
/// one first, and when awarding again the one ranked next after the present award.
function nextCandidate(ranking, tender) {
  const inOrder = [...ranking.entries].sort((a, b) => a.rank - b.rank);
  if (!tender.award) return inOrder[0];
  const present = inOrder.findIndex((entry) => entry.bid_id === tender.award.bid_id);
  return present < 0 ? undefined : inOrder[present + 1];
}

function Award({ tender, ranking, declined = false, reload }) {
  const { t } = useApp();
  const candidate = nextCandidate(ranking, tender);
  const form = useForm({ bid_id: candidate?.bid_id ?? '', reason: '' });
  if (!candidate) return html`<p class="notice warn">${t('no_candidate_left')}</p>`;
  const submit = (event) => {
    event.preventDefault();
    form.submit((entered) => post(`/tenders/${tender.id}/award`, {
      bid_id: entered.bid_id, ...(entered.reason ? { reason: entered.reason } : {}), ...(declined ? { winner_declined: true } : {}),
    })).then((done) => done && reload());
  };
  return html`<form onSubmit=${submit} id=${declined ? 'award-declined-form' : 'award-form'}>
    <${Field} form=${form} name="bid_id" label=${t('award_to')}
      options=${[[candidate.bid_id, `${candidate.rank}. ${yuan(candidate.price)} · ${Number(candidate.total).toFixed(2)}`]]} />
    <${Field} form=${form} name="reason" type="textarea" label=${t('award_reason')}
      hint=${t(declined ? 'winner_declined_reason_hint' : tender.award ? 'award_again_reason_hint' : 'award_reason_hint')} />
    <${Outcome} form=${form} /><${Submit} form=${form}>${t('award')}</${Submit}></form>`;
}

// Procuring again instead of awarding the next candidate (or with none left), when the award in
// force cannot stand (实施条例 §49): the tender fails with the reason and may be tendered again.
function FailAward({ tender, declined = false, reload }) {
  const { t } = useApp();
  const form = useForm({ fail_reason: '' });
  const submit = (event) => {
    event.preventDefault();
    if (!window.confirm(t('confirm_procure_again'))) return;
    form.submit((values) => post(`/tenders/${tender.id}/fail`, {
      reason: values.fail_reason, ...(declined ? { winner_declined: true } : {}),
    })).then((done) => done && reload());
  };
  return html`<details class="procure-again"><summary>${t('procure_again')}</summary>
    <form onSubmit=${submit} id=${declined ? 'fail-declined-form' : 'fail-award-form'}>
      <${Field} form=${form} name="fail_reason" pointer="/reason" type="textarea" label=${t('reason')} hint=${t('procure_again_hint')} />
      <${Outcome} form=${form} /><${Submit} form=${form}>${t('procure_again')}</${Submit}></form></details>`;
}

function CreateContract({ tender }) {
  const { t } = useApp();
  const form = useForm({ quality_framework: '', per_missing_post_month: '' });
  const submit = (event) => {
    event.preventDefault();
    form.submit((values) => {
      const body = { tender_id: tender.id };
      if (values.quality_framework) body.quality_framework = values.quality_framework;
      if (values.per_missing_post_month) body.penalties = { per_missing_post_month: fen(values.per_missing_post_month) };
      return post('/contracts', body);
    }).then((contract) => contract && navigate(`/contracts/${contract.id}`));
  };
  return html`<form onSubmit=${submit} id="contract-form">
    <${Field} form=${form} name="quality_framework" label=${t('quality_framework')}
      options=${[['', t('default')], ['anti-drug-social-work', 'anti-drug-social-work'], ['self-evaluation', 'self-evaluation'], ['custom', 'custom']]} />
    <${Field} form=${form} name="per_missing_post_month" pointer="/penalties/per_missing_post_month" label=${t('penalty_missing_post')} inputmode="decimal" />
    <${Outcome} form=${form} /><${Submit} form=${form}>${t('create_contract')}</${Submit}></form>`;
}

// A failed tender again (SPEC §3.3): a new draft with its terms and a new deadline; another
// method needs the recorded approval. The draft opens for editing and publication.
function Retender({ tender }) {
  const { t } = useApp();
  const form = useForm({ deadline: '', method: tender.method, approval: '' });
  const submit = (event) => {
    event.preventDefault();
    form.submit((values) => {
      const changes = {};
      if (fromShanghaiInput(values.deadline)) changes.deadline = fromShanghaiInput(values.deadline);
      if (values.method !== tender.method) changes.method = values.method;
      const body = { changes };
      if (values.approval) body.approval = values.approval;
      return post(`/tenders/${tender.id}/retender`, body);
    }).then((created) => created && navigate(`/tenders/${created.id}`));
  };
  return html`<form onSubmit=${submit} id="retender-form">
    <p>${t('retender_hint')}</p>
    <${Field} form=${form} name="deadline" pointer="/changes/deadline" type="datetime-local" label=${t('deadline')} hint=${t('shanghai_time')} />
    <${Field} form=${form} name="method" pointer="/changes/method" label=${t('method')}
      options=${['open_tender', 'competitive_consultation', 'single_source'].map((method) => [method, t(`method_${method}`)])} />
    <${Field} form=${form} name="approval" pointer="/approval" type="textarea" label=${t('method_change_approval')} hint=${t('method_change_approval_hint')} />
    <${Outcome} form=${form} /><${Submit} form=${form}>${t('retender')}</${Submit}></form>`;
}

// After the award: the contract not cancelled, or the form to draw one up; an upheld challenge
// of the award sends it back to be awarded again while no contract is signed by both (SPEC §3.5).
// Drafts set aside stay listed.
function AfterAward({ tender, ranking, challenges, reload }) {
  const { t } = useApp();
  const state = useLoad(() => get(`/contracts?tender=${tender.id}`), [tender.id, tender.version]);
  return html`<${Loading} state=${state}>${(data) => {
    const mine = data.items;
    const current = mine.find((item) => item.status !== 'cancelled');
    const cancelled = mine.filter((item) => item.status === 'cancelled');
    const signedByBoth = current && current.purchaser_signed_at && current.supplier_signed_at;
    const overturned = awardOverturned(tender, challenges);
    const since = new Date(tender.award.awarded_at).getTime();
    const challengeOpen = challenges.some((item) => item.open && new Date(item.filed_at).getTime() >= since);
    // The winner that has not signed may decline (实施条例 §49): the award goes to the next bid.
    const mayDecline = !overturned && !challengeOpen && !(current && current.supplier_signed_at);
    return html`<div>
      ${overturned && !signedByBoth && ranking && html`<div><h3>${t('award_again')}</h3>
        <p class="notice warn">${t('award_again_hint')}</p><${Award} key=${tender.award.bid_id} tender=${tender} ranking=${ranking} reload=${reload} />
        <${FailAward} key=${`fail-${tender.award.bid_id}`} tender=${tender} reload=${reload} /></div>`}
      ${mayDecline && ranking && html`<details id="winner-declined"><summary>${t('winner_declined')}</summary>
        <p class="muted">${t('winner_declined_hint')}</p>
        <${Award} key=${tender.award.bid_id} tender=${tender} ranking=${ranking} declined=${true} reload=${reload} />
        <${FailAward} key=${`fail-${tender.award.bid_id}`} tender=${tender} declined=${true} reload=${reload} /></details>`}
      ${overturned && signedByBoth && html`<p class="notice">${t('award_stands_signed')}</p>`}
      ${current && html`<p><${Link} class="button" href=${`/contracts/${current.id}`}>${t('open_contract')}</${Link}></p>`}
      ${!current && !overturned && html`<div><h3>${t('create_contract')}</h3><${CreateContract} tender=${tender} /></div>`}
      ${cancelled.length > 0 && html`<p class="muted">${t('cancelled_drafts')}:
        ${cancelled.map((item) => html` <${Link} key=${item.id} href=${`/contracts/${item.id}`}>${item.id}</${Link}>`)}</p>`}
    </div>`;
  }}</${Loading}>`;
}

/// What the purchaser can do about a failed tender whose repeat stands, by the repeat's state
/// (as the server's refusal says).
function repeatNote(repeat) {
  if (repeat.status === 'failed') return 'repeat_failed';
  if (repeat.status === 'awarded' || repeat.status === 'contracted') return 'repeat_awarded';
  return 'already_repeated';
}

export function PurchaserTenderActions({ tender, ranking, challenges = [], repeats = [], reload }) {
  const { t, session } = useApp();
  const [round, setRound] = useState(0);
  if (session?.role !== 'purchaser' || session.organization_id !== tender.purchaser_id) return null;
  const past = new Date(tender.deadline).getTime() <= serverNow();
  const refresh = () => { setRound((value) => value + 1); reload(); };
  return html`<${Section} title=${t('purchaser_actions')} id="purchaser-actions">
    ${tender.status === 'draft' && html`<${Publish} tender=${tender} reload=${refresh} />`}
    ${(tender.status === 'draft' || tender.status === 'published' || tender.status === 'closed') && html`<${CancelTender} tender=${tender} reload=${refresh} />`}
    ${(tender.status === 'published' || tender.status === 'closed') && html`<div>
      <p>${past || tender.status === 'closed' ? t('deadline_passed') : t('deadline_not_passed')}</p>
      <p class="actions"><${ActionButton} label=${t('open_bids')} action=${() => post(`/tenders/${tender.id}/open`)} onDone=${refresh} /></p>
      ${tender.status === 'published' && !past && html`<${Amend} tender=${tender} reload=${refresh} />`}</div>`}
    ${tender.status === 'opened' && html`<div>
      <h3>${t('qualification')}</h3><${Qualification} tender=${tender} round=${round} reload=${refresh} />
      <${AbnormalPrices} tender=${tender} round=${round} reload=${refresh} canDecide=${tender.method === 'single_source'} />
      <h3>${t('panel')}</h3><${PanelProgress} tender=${tender} round=${round} /><${AppointPanel} tender=${tender} reload=${refresh} /></div>`}
    ${(tender.status === 'opened' || tender.status === 'evaluated') && ranking && ranking.entries.length > 0 && !tender.award && html`<div>
      <h3>${t('award')}</h3><${Award} tender=${tender} ranking=${ranking} reload=${refresh} /></div>`}
    ${(tender.status === 'awarded' || tender.status === 'contracted') && html`<${AfterAward} tender=${tender} ranking=${ranking}
      challenges=${challenges} reload=${refresh} />`}
    ${tender.status === 'failed' && (repeats.some((repeat) => repeat.status !== 'cancelled')
      ? html`<p class="muted">${t(repeatNote(repeats.find((repeat) => repeat.status !== 'cancelled')))}</p>`
      : html`<div><h3>${t('retender')}</h3><${Retender} tender=${tender} /></div>`)}
  </${Section}>`;
}
