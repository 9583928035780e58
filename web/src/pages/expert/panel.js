// The expert's part of a tender: declare conflicts of interest with the bidders, then score
// every subjective criterion of every bid within its maximum. Also the panel's progress.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';

import { Loading, OrgName } from '../../components/common.js';
import { Field, Outcome, Submit, useForm } from '../../components/forms.js';
import { get, post } from '../../lib/api.js';
import { useApp } from '../../lib/context.js';
import { dateTime } from '../../lib/format.js';
import { optional, useLoad } from '../../lib/load.js';
import { Section } from '../../components/common.js';
import { AbnormalPrices } from '../shared/abnormal-prices.js';

export function PanelProgress({ tender, round = 0 }) {
  const { t, lang } = useApp();
  const state = useLoad(() => optional(get(`/tenders/${tender.id}/panel`)), [tender.version, round]);
  return html`<${Loading} state=${{ ...state, data: state.loading ? null : { panel: state.data } }}>${({ panel }) => !panel || !panel.members?.length
    ? html`<p class="muted">${t('no_panel')}</p>`
    : html`<div id="panel-progress">
      <p>${panel.ready ? t('panel_ready') : panel.ready_detail}</p>
      <progress max=${panel.members.length} value=${panel.members.filter((member) => member.scores_submitted).length}></progress>
      <table><thead><tr><th scope="col">${t('expert')}</th><th scope="col">${t('declared')}</th><th scope="col">${t('scores_submitted')}</th></tr></thead>
      <tbody>${panel.members.map((member) => html`<tr class=${member.removed ? 'removed' : ''}><td><code>${member.account_id}</code></td>
        <td>${member.declared_at ? dateTime(member.declared_at, lang) : '—'}</td><td>${member.scores_submitted ? '✓' : '—'}</td></tr>`)}</tbody></table>
    </div>`}</${Loading}>`;
}

function Declaration({ tender, bids, reload }) {
  const { t } = useApp();
  const form = useForm({ statement: '' });
  const submit = (event) => {
    event.preventDefault();
    form.submit((values) => post(`/tenders/${tender.id}/panel/declarations`, {
      conflicts: bids.filter((bid) => values[`c_${bid.supplier_id}`]).map((bid) => bid.supplier_id),
      ...(values.statement ? { statement: values.statement } : {}),
    })).then((done) => done && reload());
  };
  return html`<form onSubmit=${submit} id="declaration-form">
    <fieldset><legend>${t('conflict_with')}</legend>
      ${bids.map((bid) => html`<${Field} form=${form} name=${`c_${bid.supplier_id}`} type="checkbox" label=${html`<${OrgName} id=${bid.supplier_id} />`} />`)}
      <p class="hint">${t('no_conflict_hint')}</p></fieldset>
    <${Field} form=${form} name="statement" type="textarea" label=${t('statement')} />
    <${Outcome} form=${form} success=${t('declared')} /><${Submit} form=${form}>${t('declare')}</${Submit}></form>`;
}

function ScoreSheet({ tender, bids, own, reload }) {
  const { t } = useApp();
  const subjective = tender.criteria.map((criterion, index) => ({ ...criterion, index })).filter((criterion) => criterion.kind === 'subjective');
  const initial = {};
  for (const score of own) initial[`s_${score.bid_id}_${score.criterion}`] = score.points;
  const form = useForm(initial);
  const cells = bids.flatMap((bid) => subjective.map((criterion) => ({ bid, criterion })));
  const submit = (event) => {
    event.preventDefault();
    form.submit((values) => post(`/tenders/${tender.id}/scores`, {
      scores: cells.map(({ bid, criterion }) => ({ bid_id: bid.id, criterion: criterion.index, points: Number(values[`s_${bid.id}_${criterion.index}`] ?? '') })),
    })).then((done) => done && reload());
  };
  return html`<form onSubmit=${submit} id="score-form">
    ${bids.map((bid) => html`<fieldset><legend><${OrgName} id=${bid.supplier_id} /></legend>
      ${subjective.map((criterion) => {
        const index = cells.findIndex((cell) => cell.bid.id === bid.id && cell.criterion.index === criterion.index);
        return html`<${Field} form=${form} name=${`s_${bid.id}_${criterion.index}`} pointer=${`/scores/${index}`} type="number"
          min="0" max=${criterion.points} step="0.01" required label=${`${criterion.name} (0–${criterion.points})`} />`;
      })}</fieldset>`)}
    <${Outcome} form=${form} success=${t('scores_saved')} /><${Submit} form=${form}>${t('submit_scores')}</${Submit}></form>`;
}

export function ExpertPanel({ tender, reload }) {
  const { t, session } = useApp();
  const state = useLoad(async () => {
    if (session?.role !== 'expert') return null;
    const panel = await optional(get(`/tenders/${tender.id}/panel`));
    const me = panel?.members?.find((member) => member.account_id === session.account_id && !member.removed);
    if (!me) return { me: null };
    const [review, scores] = await Promise.all([optional(get(`/tenders/${tender.id}/qualification`)), optional(get(`/tenders/${tender.id}/scores`))]);
    // The panel scores the bids that passed qualification and whose price, if flagged as
    // abnormally low, was not rejected: the others take no part in the ranking.
    const bids = (review?.bids ?? []).filter((bid) => bid.qualification?.qualified !== false && bid.abnormal_price?.accepted !== false);
    return { me, panel, bids, own: (scores?.scores ?? []).filter((score) => score.expert === session.account_id) };
  }, [tender.version, session?.account_id]);
  const [round, setRound] = useState(0);
  if (session?.role !== 'expert') return null;
  const refresh = () => { setRound((value) => value + 1); state.reload(); reload(); };
  return html`<${Section} title=${t('expert_actions')} id="expert-actions"><${Loading} state=${{ ...state, data: state.loading ? null : state.data ?? {} }}>${({ me, panel, bids, own }) => !me
    ? html`<p class="muted">${t('not_on_panel')}</p>`
    : html`<div>
      ${!me.declared_at ? html`<${Declaration} tender=${tender} bids=${bids} reload=${refresh} />`
        : me.scores_submitted ? html`<p class="notice ok">${t('scores_saved')}</p>`
        : !panel.ready ? html`<p class="notice warn" id="panel-waiting">${t('panel_not_ready')} ${panel.ready_detail}</p>`
        : html`<${ScoreSheet} tender=${tender} bids=${bids} own=${own} reload=${refresh} />`}
      ${tender.status === 'opened' && me.declared_at && html`<${AbnormalPrices} tender=${tender} round=${round} reload=${refresh} canDecide />`}
      <h3>${t('panel_progress')}</h3><${PanelProgress} tender=${tender} round=${state.data?.own?.length ?? 0} />
    </div>`}</${Loading}></${Section}>`;
}
