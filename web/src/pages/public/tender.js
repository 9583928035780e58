// One tender: terms, clarifications, amendment history, bids after opening, award and the full
// ranking with per-item scores; plus the actions of the signed-in purchaser, supplier or expert.
import { html } from 'htm/preact';

import { Definitions, Loading, OrgName, Section, Status } from '../../components/common.js';
import { Documents } from '../../components/documents.js';
import { EstimateLines } from '../../components/estimate-lines.js';
import { Field, Outcome, Submit, useForm } from '../../components/forms.js';
import { get, post } from '../../lib/api.js';
import { ocidOf } from '../../lib/clock.js';
import { useApp } from '../../lib/context.js';
import { dateOnly, dateTime, yuan } from '../../lib/format.js';
import { optional, useLoad } from '../../lib/load.js';
import { ExpertPanel } from '../expert/panel.js';
import { PurchaserTenderActions } from '../purchaser/tender-actions.js';
import { SupplierTenderActions } from '../supplier/tender-actions.js';
import { Challenges } from './challenges.js';
import { Deadline } from './tenders.js';

export function Criteria({ criteria }) {
  const { t } = useApp();
  return html`<table><thead><tr><th scope="col">#</th><th scope="col">${t('criterion')}</th><th scope="col">${t('kind')}</th>
    <th scope="col" class="num">${t('maximum')}</th></tr></thead>
    <tbody>${criteria.map((criterion, index) => html`<tr><td>${index}</td><td>${criterion.name}</td>
      <td>${t(`criterion_${criterion.kind}`)}</td><td class="num">${criterion.points}</td></tr>`)}</tbody></table>`;
}

export function Ranking({ ranking, award }) {
  const { t } = useApp();
  const criteria = ranking.entries[0]?.items ?? [];
  return html`<div class="table-wrap"><table id="ranking-table">
    <thead><tr><th scope="col">${t('rank')}</th><th scope="col">${t('supplier')}</th><th scope="col" class="num">${t('price')}</th>
      ${criteria.map((item) => html`<th scope="col" class="num">${item.name}<br/><small>≤ ${item.maximum}</small></th>`)}
      <th scope="col" class="num">${t('total')}</th></tr></thead>
    <tbody>${ranking.entries.map((entry) => html`<tr class=${award?.bid_id === entry.bid_id ? 'winner' : ''}>
      <td>${entry.rank}${award?.bid_id === entry.bid_id ? html` <span class="badge status-awarded">${t('winner')}</span>` : ''}</td>
      <td><${OrgName} id=${entry.supplier_id} link /></td><td class="num">${yuan(entry.price)}</td>
      ${entry.items.map((item) => html`<td class="num">${Number(item.score).toFixed(2)}</td>`)}
      <td class="num"><strong>${Number(entry.total).toFixed(2)}</strong></td></tr>`)}</tbody>
  </table></div>
  ${ranking.excluded_bid_ids?.length > 0 && html`<p class="muted">${t('excluded_bids')}: ${ranking.excluded_bid_ids.join(', ')}</p>`}`;
}

function Clarifications({ tender, questions, reload }) {
  const { t, lang, session } = useApp();
  const owner = session?.role === 'purchaser' && session.organization_id === tender.purchaser_id;
  return html`<${Section} title=${t('clarifications')} id="clarifications">
    ${questions.length === 0 && html`<p class="muted">${t('no_questions')}</p>`}
    <ol class="questions">${questions.map((question) => html`<li key=${question.id} id=${`question-${question.id}`}>
      <p><strong>${t('question')}:</strong> ${question.text} <small class="muted">${dateTime(question.asked_at, lang)}</small></p>
      ${question.answer
        ? html`<p><strong>${t('answer')}:</strong> ${question.answer} <small class="muted">${dateTime(question.answered_at, lang)}</small></p>
          <${Documents} target="question" targetId=${question.id} types=${['answer']} canAttach=${owner && tender.status === 'published'}
            idPrefix=${`attach-question-${question.id}`} quiet onAttached=${reload} />`
        : session?.role === 'purchaser' && session.organization_id === tender.purchaser_id
          ? html`<${AnswerForm} tender=${tender} question=${question} reload=${reload} />`
          : html`<p class="muted">${t('unanswered')}</p>`}
    </li>`)}</ol>
    ${session?.role === 'supplier' && tender.status === 'published' && html`<${AskForm} tender=${tender} reload=${reload} />`}
  </${Section}>`;
}

function AskForm({ tender, reload }) {
  const { t } = useApp();
  const form = useForm({ text: '' });
  const submit = (event) => {
    event.preventDefault();
    form.submit((values) => post(`/tenders/${tender.id}/questions`, { text: values.text })).then((done) => {
      if (done) { form.set('text', ''); reload(); }
    });
  };
  return html`<form onSubmit=${submit}><${Field} form=${form} name="text" type="textarea" label=${t('ask_question')} />
    <${Outcome} form=${form} /><${Submit} form=${form}>${t('send')}</${Submit}></form>`;
}

function AnswerForm({ tender, question, reload }) {
  const { t } = useApp();
  // Field names carry the question's id: one answer form per unanswered question on one page.
  const answer = `answer_${question.id}`;
  const affects = `affects_${question.id}`;
  const form = useForm({ [answer]: '', [affects]: false });
  const submit = (event) => {
    event.preventDefault();
    form.submit((values) => post(`/tenders/${tender.id}/questions/${question.id}/answer`,
      { answer: values[answer], affects_bid_preparation: values[affects] })).then((done) => done && reload());
  };
  return html`<form onSubmit=${submit} class="inline-form">
    <${Field} form=${form} name=${answer} pointer="/answer" type="textarea" label=${t('answer')} />
    <${Field} form=${form} name=${affects} pointer="/affects_bid_preparation" type="checkbox" label=${t('affects_bid_preparation')} />
    <${Outcome} form=${form} /><${Submit} form=${form}>${t('answer')}</${Submit}></form>`;
}

function Amendments({ amendments }) {
  const { t, lang } = useApp();
  if (!amendments.length) return html`<p class="muted">${t('no_amendments')}</p>`;
  return html`<ol class="amendments">${amendments.map((amendment) => html`<li>
    <p><strong>${dateTime(amendment.amended_at ?? amendment.at, lang)}</strong> — ${amendment.reason}</p>
    ${amendment.changes && html`<ul>${amendment.changes.map((change) => html`<li><code>${change.field}</code>: ${change.before} → ${change.after}</li>`)}</ul>`}
    <p class="muted">${t('deadline')}: ${dateTime(amendment.deadline_before, lang)} → ${dateTime(amendment.deadline_after, lang)}</p>
  </li>`)}</ol>`;
}

export function TenderPage({ id }) {
  const { t, lang, session } = useApp();
  const state = useLoad(async () => {
    const tender = await get(`/tenders/${id}`);
    const [questions, bids, ranking, challenges, repeats, estimate] = await Promise.all([
      optional(get(`/tenders/${id}/questions`)),
      optional(get(`/tenders/${id}/bids`)),
      optional(get(`/tenders/${id}/ranking`)),
      tender.award ? optional(get(`/tenders/${id}/challenges`)) : null,
      tender.status === 'failed' ? optional(get(`/tenders/${id}/repeats`)) : null,
      tender.cost_estimate_id ? optional(get(`/cost-estimates/${tender.cost_estimate_id}`)) : null,
    ]);
    return { tender, questions: questions?.items ?? [], bids: bids?.items ?? [], ranking, challenges: challenges?.items ?? [],
      repeats: repeats?.items ?? [], estimate };
  }, [id, session?.account_id]);
  return html`<${Loading} state=${state}>${({ tender, questions, bids, ranking, challenges, repeats, estimate }) => html`<div>
    <p class="breadcrumbs"><a href="/">${t('nav_tenders')}</a> ›</p>
    <h1>${tender.title} <${Status} value=${tender.status} /></h1>
    <${Definitions} rows=${[
      [t('purchaser'), html`<${OrgName} id=${tender.purchaser_id} />`],
      [t('method'), t(`method_${tender.method}`)],
      [t('region'), tender.region],
      [t('quantity'), tender.quantity],
      [t('budget_ceiling'), estimate
        ? html`${yuan(tender.budget_ceiling)} · <a href="#cost-estimate">${t('ceiling_from_estimate')}</a>`
        : yuan(tender.budget_ceiling)],
      [t('minimum_posts'), tender.minimum_posts],
      [t('service_start'), `${dateOnly(tender.service_start, lang)} · ${tender.service_months} ${t('months')}`],
      [t('deadline'), html`<${Deadline} iso=${tender.deadline} />`],
      tender.opened_at && [t('opened_at'), dateTime(tender.opened_at, lang)],
      tender.retender_of && [t('retender_of'), html`<a href=${`/tenders/${tender.retender_of}`}>${tender.retender_of}</a>`],
      repeats.length > 0 && [t('repeated_as'), html`${repeats.map((repeat) => html`<span key=${repeat.id}><a href=${`/tenders/${repeat.id}`}>${repeat.id}</a>
        <${Status} value=${repeat.status} /> </span>`)}`],
      tender.method_change_approval && [t('method_change_approval'), tender.method_change_approval],
      [t('open_data'), html`<a href=${`/api/v1/ocds/records/${ocidOf(tender.id)}`} download=${`${ocidOf(tender.id)}.json`}>${t('ocds_record')}</a>`],
    ]} />
    ${tender.description && html`<p class="description">${tender.description}</p>`}
    <${SupplierTenderActions} tender=${tender} bids=${bids} reload=${state.reload} />
    <${PurchaserTenderActions} tender=${tender} bids=${bids} ranking=${ranking} challenges=${challenges} repeats=${repeats}
      reload=${state.reload} />
    <${ExpertPanel} tender=${tender} reload=${state.reload} />
    ${ranking && html`<${Section} title=${t('ranking')} id="ranking">
      ${tender.award && html`<p class="notice ok">${t('awarded_to')} <${OrgName} id=${bids.find((bid) => bid.id === tender.award.bid_id)?.supplier_id ?? ranking.entries.find((entry) => entry.bid_id === tender.award.bid_id)?.supplier_id} link />
        · ${dateTime(tender.award.awarded_at, lang)}${tender.award.reason ? ` · ${tender.award.reason}` : ''}</p>`}
      <${Ranking} ranking=${ranking} award=${tender.award} /></${Section}>`}
    ${tender.award && html`<${Section} title=${t('award_documents')} id="award-documents">
      <${Documents} target="award" targetId=${tender.id} types=${['award_notice', 'evaluation_report']} version=${tender.version}
        canAttach=${session?.role === 'purchaser' && session.organization_id === tender.purchaser_id} /></${Section}>`}
    <${Challenges} tender=${tender} challenges=${challenges} reload=${state.reload} />
    <${Section} title=${t('tender_documents')} id="tender-documents">
      <${Documents} target="tender" targetId=${tender.id} types=${['tender_file', 'annex', 'amendment']} version=${tender.version}
        canAttach=${session?.role === 'purchaser' && session.organization_id === tender.purchaser_id
          && ['draft', 'published'].includes(tender.status)} onAttached=${state.reload} /></${Section}>
    <${Section} title=${t('criteria')} id="criteria"><${Criteria} criteria=${tender.criteria} /></${Section}>
    ${estimate && html`<${Section} title=${t('cost_estimate')} id="cost-estimate">
      <p>${t('estimate_basis', { id: estimate.id, region: estimate.region, year: estimate.year, months: estimate.months })}
        ${estimate.posts.map((post) => html`<span class="badge" key=${post.level}>${t(`level_${post.level}`)} × ${post.count}</span> `)}</p>
      <${EstimateLines} estimate=${estimate} /></${Section}>`}
    ${bids.length > 0 && html`<${Section} title=${t('bids')} id="bids"><div class="table-wrap"><table>
      <thead><tr><th scope="col">${t('supplier')}</th><th scope="col" class="num">${t('price')}</th><th scope="col" class="num">${t('posts')}</th>
        <th scope="col">${t('qualified')}</th><th scope="col">${t('receipt')}</th></tr></thead>
      <tbody>${bids.map((bid) => html`<tr><td><${OrgName} id=${bid.supplier_id} link /></td><td class="num">${yuan(bid.price)}</td>
        <td class="num">${bid.posts ?? '—'}</td><td>${bid.qualified == null ? '—' : bid.qualified ? t('yes') : html`${t('no')} ${bid.qualification_reason}`}</td>
        <td><code title=${bid.receipt?.sha256}>${bid.receipt?.sha256?.slice(0, 12)}…</code></td></tr>`)}</tbody></table></div></${Section}>`}
    <${Clarifications} tender=${tender} questions=${questions} reload=${state.reload} />
    <${Section} title=${t('amendment_history')} id="amendments"><${Amendments} amendments=${tender.amendments} /></${Section}>
  </div>`}</${Loading}>`;
}
