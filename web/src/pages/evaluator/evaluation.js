// One evaluation: the report with every leaf's inputs and score, the grade; the evaluator's
// declaration, survey, scoring and finalizing; the supplier's appeal and its answer.
import { html } from 'htm/preact';

import { BarChart } from '../../components/charts.js';
import { Definitions, Loading, OrgName, Section, Status } from '../../components/common.js';
import { Documents } from '../../components/documents.js';
import { ActionButton, Field, Outcome, Submit, useForm } from '../../components/forms.js';
import { get, post } from '../../lib/api.js';
import { useApp } from '../../lib/context.js';
import { dateTime } from '../../lib/format.js';
import { useLoad } from '../../lib/load.js';
import { Link } from '../../lib/router.js';
import { LeafInputs, leafScores } from './leaf-inputs.js';

function Declaration({ evaluation, reload }) {
  const { t } = useApp();
  const form = useForm({ conflict: 'false', reason: '' });
  const submit = (event) => {
    event.preventDefault();
    form.submit((values) => post(`/evaluations/${evaluation.id}/declaration`, { conflict: values.conflict === 'true', ...(values.reason ? { reason: values.reason } : {}) }))
      .then((done) => done && reload());
  };
  return html`<form onSubmit=${submit} id="evaluator-declaration-form">
    <${Field} form=${form} name="conflict" label=${t('conflict_with_supplier')} options=${[['false', t('no_conflict')], ['true', t('has_conflict')]]} />
    <${Field} form=${form} name="reason" type="textarea" label=${t('reason')} />
    <${Outcome} form=${form} /><${Submit} form=${form}>${t('declare')}</${Submit}></form>`;
}

/// An evaluator's input as a reader wants it: yes/no, the judgement's words, numbers trimmed.
function inputValue(key, value, t) {
  if (key === 'achieved') return value ? t('yes') : t('no');
  if (key === 'judgement') return t(`judgement_${value}`);
  return typeof value === 'string' && /^\d+\.\d+$/.test(value) ? String(Number(value)) : value;
}

const ANSWERS = ['very_satisfied', 'satisfied', 'neutral', 'dissatisfied', 'very_dissatisfied'];

function Survey({ evaluation, reload }) {
  const { t } = useApp();
  const initial = {};
  for (const answer of ANSWERS) initial[answer] = String(evaluation.survey?.[answer] ?? '');
  const form = useForm(initial);
  const submit = (event) => {
    event.preventDefault();
    const body = {};
    for (const answer of ANSWERS) body[answer] = Number(form.values[answer]) || 0;
    form.submit(() => post(`/evaluations/${evaluation.id}/survey`, body)).then((done) => done && reload());
  };
  return html`<form onSubmit=${submit} id="survey-form"><div class="grid">
    ${ANSWERS.map((answer) => html`<${Field} form=${form} name=${answer} type="number" min="0" label=${t(`survey_${answer}`)} />`)}</div>
    <${Outcome} form=${form} success=${t('saved')} /><${Submit} form=${form}>${t('record_survey')}</${Submit}></form>`;
}

function Scores({ evaluation, leaves, reload }) {
  const { t } = useApp();
  const form = useForm({});
  const submit = (event) => {
    event.preventDefault();
    const entries = leafScores(leaves, form.values);
    form.submit(() => post(`/evaluations/${evaluation.id}/scores`, { scores: entries.filter((entry) => Object.keys(entry).length > 1) }))
      .then((done) => done && reload());
  };
  return html`<form onSubmit=${submit} id="evaluation-scores-form">
    ${leaves.map((leaf, index) => html`<${LeafInputs} form=${form} leaf=${leaf} index=${index} />`)}
    <${Outcome} form=${form} success=${t('saved')} /><${Submit} form=${form}>${t('record_scores')}</${Submit}></form>`;
}

function Appeal({ evaluation, reload }) {
  const { t } = useApp();
  const form = useForm({ reason: '' });
  const submit = (event) => {
    event.preventDefault();
    form.submit((values) => post(`/evaluations/${evaluation.id}/appeal`, {
      leaves: evaluation.report.filter((row) => values[`a_${row.leaf}`]).map((row) => row.leaf), reason: values.reason,
    })).then((done) => done && reload());
  };
  return html`<form onSubmit=${submit} id="appeal-form"><fieldset><legend>${t('appealed_leaves')}</legend>
    ${evaluation.report.map((row) => html`<${Field} form=${form} name=${`a_${row.leaf}`} type="checkbox" label=${row.name} />`)}</fieldset>
    <${Field} form=${form} name="leaves" pointer="/leaves" type="hidden" label="" />
    <${Field} form=${form} name="reason" type="textarea" label=${t('reason')} />
    <${Outcome} form=${form} success=${t('appeal_filed')} /><${Submit} form=${form}>${t('appeal')}</${Submit}></form>`;
}

// When the appeal names the leaf fed by the recipients' survey, a re-score records the survey
// again: that leaf is never scored by hand (decision 79).
function AppealAnswer({ evaluation, reload, surveyLeafKeys }) {
  const { t } = useApp();
  const initial = { decision: 'reject', reason: '' };
  // The survey as recorded: the evaluator corrects it, rather than retyping every count.
  for (const answer of ANSWERS) initial[answer] = String(evaluation.survey?.[answer] ?? '');
  const form = useForm(initial);
  const surveyAppealed = (evaluation.appeal?.leaves ?? []).some((leaf) => surveyLeafKeys.includes(leaf));
  const submit = (event) => {
    event.preventDefault();
    form.submit((values) => {
      const body = { decision: values.decision, reason: values.reason };
      if (surveyAppealed && values.decision === 'rescore' && ANSWERS.some((answer) => values[answer] !== '')) {
        body.survey = {};
        for (const answer of ANSWERS) body.survey[answer] = Number(values[answer]) || 0;
      }
      return post(`/evaluations/${evaluation.id}/appeal/answer`, body);
    }).then((done) => done && reload());
  };
  return html`<form onSubmit=${submit} id="appeal-answer-form">
    <${Field} form=${form} name="decision" label=${t('decision')} options=${[['reject', t('reject')], ['rescore', t('rescore')]]} />
    ${surveyAppealed && form.values.decision === 'rescore' && html`<fieldset id="appeal-survey"><legend>${t('survey')}</legend><div class="grid">
      ${ANSWERS.map((answer) => html`<${Field} form=${form} name=${answer} pointer=${`/survey/${answer}`} type="number" min="0" label=${t(`survey_${answer}`)} />`)}
    </div></fieldset>`}
    <${Field} form=${form} name="reason" type="textarea" label=${t('reason')} />
    <${Outcome} form=${form} /><${Submit} form=${form}>${t('answer')}</${Submit}></form>`;
}

export function EvaluationPage({ id }) {
  const { t, lang, session } = useApp();
  const state = useLoad(async () => {
    const evaluation = await get(`/evaluations/${id}`);
    const templates = await get('/evaluation-templates');
    const template = templates.items.find((item) => item.key === evaluation.framework.key);
    // Only the leaves an evaluator scores: the others are computed from the survey or the reports.
    return { evaluation, leaves: template ? template.leaves.filter((leaf) => leaf.source === 'evaluator')
      : evaluation.report.filter((row) => row.source === 'evaluator').map((row) => ({ key: row.leaf, name: row.name, rule: row.rule, points: row.points })),
      surveyLeafKeys: evaluation.report.filter((row) => row.source === 'satisfaction').map((row) => row.leaf) };
  }, [id, session?.account_id]);
  return html`<${Loading} state=${state}>${({ evaluation, leaves, surveyLeafKeys }) => {
    const isEvaluator = session?.role === 'evaluator' && session.organization_id === evaluation.evaluator_id;
    const isSupplier = session?.role === 'supplier' && session.organization_id === evaluation.supplier_id;
    const scored = evaluation.report.filter((row) => row.score != null);
    return html`<div>
      <p class="breadcrumbs"><${Link} href=${`/contracts/${evaluation.contract_id}`}>${t('contract')}</${Link}> ›</p>
      <h1>${t(`evaluation_${evaluation.kind}`)} <${Status} value=${evaluation.status} /></h1>
      <${Definitions} rows=${[
        [t('framework'), evaluation.framework.name],
        [t('supplier'), html`<${OrgName} id=${evaluation.supplier_id} link />`],
        [t('evaluator'), html`<${OrgName} id=${evaluation.evaluator_id} />`],
        evaluation.score != null && [t('score'), html`<strong id="evaluation-score">${Number(evaluation.score).toFixed(2)}</strong>`],
        evaluation.grade && [t('grade'), html`<strong id="evaluation-grade">${evaluation.grade}</strong>`],
        evaluation.finalized_at && [t('finalized_at'), dateTime(evaluation.finalized_at, lang)],
      ]} />
      ${isEvaluator && evaluation.status !== 'finalized' && html`<${Section} title=${t('evaluator_actions')} id="evaluator-actions">
        ${evaluation.status === 'assigned' ? html`<${Declaration} evaluation=${evaluation} reload=${state.reload} />` : html`<div>
          <h3>${t('survey')}</h3><${Survey} evaluation=${evaluation} reload=${state.reload} />
          <h3>${t('scores')}</h3><${Scores} evaluation=${evaluation} leaves=${leaves} reload=${state.reload} />
          <p class="actions"><${ActionButton} label=${t('finalize')} confirm=${t('confirm_finalize')} action=${() => post(`/evaluations/${evaluation.id}/finalize`)} onDone=${state.reload} /></p>
        </div>`}</${Section}>`}
      ${scored.length > 0 && html`<${BarChart} id="evaluation-chart" title=${t('leaf_scores')}
        items=${scored.map((row) => ({ label: row.name.split(' ')[0], value: Number(row.score) }))} format=${(value) => Number(value).toFixed(2)} />`}
      <${Section} title=${t('evaluation_report')} id="evaluation-report"><div class="table-wrap"><table>
        <thead><tr><th scope="col">${t('indicator')}</th><th scope="col">${t('rule')}</th><th scope="col" class="num">${t('maximum')}</th>
          <th scope="col">${t('inputs')}</th><th scope="col" class="num">${t('score')}</th></tr></thead>
        <tbody>${evaluation.report.map((row) => html`<tr><td>${row.name}</td><td>${t(`rule_${row.rule}`)}</td><td class="num">${row.points}</td>
          <td>${row.inputs.filter((input) => !input.superseded).map((input) => html`<div class="input">${['actual', 'numerator', 'denominator', 'achieved', 'judgement', 'percent', 'points']
            .filter((key) => input[key] !== undefined).map((key) => `${t(key)}: ${inputValue(key, input[key], t)}`).join(' · ')}${input.justification && html`<br/><small>${input.justification}</small>`}</div>`)}</td>
          <td class="num">${row.score != null ? Number(row.score).toFixed(2) : '—'}</td></tr>`)}</tbody></table></div></${Section}>
      <${Section} title=${t('evaluation_evidence')} id="evaluation-evidence">
        <${Documents} target="evaluation" targetId=${evaluation.id} types=${['evidence']} version=${evaluation.version}
          parts=${evaluation.report.map((row) => [row.leaf, row.name])}
          canAttach=${isEvaluator && (evaluation.status === 'open' || (evaluation.appeal && !evaluation.appeal.answer))} /></${Section}>
      ${evaluation.appeal && html`<${Section} title=${t('appeal')} id="appeal"><p>${evaluation.appeal.reason}</p><p class="muted">${evaluation.appeal.leaves.join(', ')}</p>
        ${evaluation.appeal.answer ? html`<p><strong>${t('answer')}:</strong> ${evaluation.appeal.answer.reason ?? evaluation.appeal.answer}</p>`
          : isEvaluator && html`<${AppealAnswer} evaluation=${evaluation} reload=${state.reload} surveyLeafKeys=${surveyLeafKeys} />`}</${Section}>`}
      ${isSupplier && evaluation.status === 'finalized' && !evaluation.appeal && html`<${Section} title=${t('appeal')} id="supplier-appeal"><${Appeal} evaluation=${evaluation} reload=${state.reload} /></${Section}>`}
    </div>`;
  }}</${Loading}>`;
}
