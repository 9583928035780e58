// Create or edit a draft tender. A new draft is created on the first save; from then on every
// change is saved as a merge patch after a short pause and the API's publication check is
// shown next to the field it names, so the purchaser sees what would stop publication while
// typing.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';

import { Loading } from '../../components/common.js';
import { Field, Outcome, Submit, useForm } from '../../components/forms.js';
import { api, get, post } from '../../lib/api.js';
import { useApp } from '../../lib/context.js';
import { fen, fromShanghaiInput, toShanghaiInput } from '../../lib/format.js';
import { useLoad } from '../../lib/load.js';
import { Link, navigate } from '../../lib/router.js';

const DEFAULT_CRITERIA = [
  { name: '价格 price', kind: 'price', points: '30' },
  { name: '服务方案 service plan', kind: 'subjective', points: '70' },
];

function toValues(tender, now) {
  if (!tender) {
    const deadline = new Date(new Date(now).getTime() + 21 * 86400000).toISOString();
    return { catalogue_code: '', title: '', description: '', quantity: '', region: '', budget_ceiling: '', service_start: '',
      service_months: '12', method: 'open_tender', single_source_justification: '', deadline: toShanghaiInput(deadline), panel_minimum: '5', cost_estimate_id: '' };
  }
  return { catalogue_code: tender.catalogue?.code ?? '', title: tender.title, description: tender.description, quantity: String(tender.quantity),
    region: tender.region, budget_ceiling: String(tender.budget_ceiling.amount / 100), service_start: tender.service_start,
    service_months: String(tender.service_months), method: tender.method, single_source_justification: tender.single_source_justification,
    deadline: toShanghaiInput(tender.deadline), panel_minimum: String(tender.panel_minimum), cost_estimate_id: tender.cost_estimate_id ?? '' };
}

function toBody(values, criteria, creating) {
  const body = {
    title: values.title, description: values.description, quantity: Number(values.quantity) || 0, region: values.region,
    budget_ceiling: fen(values.budget_ceiling), service_start: values.service_start, service_months: Number(values.service_months) || 0,
    method: values.method, deadline: fromShanghaiInput(values.deadline), panel_minimum: Number(values.panel_minimum) || 0,
    criteria: criteria.map((criterion) => ({ name: criterion.name, kind: criterion.kind, points: Number(criterion.points) || 0,
      ...(criterion.metric ? { metric: criterion.metric } : {}), ...(criterion.bands ? { bands: criterion.bands } : {}) })),
  };
  if (values.single_source_justification) body.single_source_justification = values.single_source_justification;
  if (values.cost_estimate_id) body.cost_estimate_id = values.cost_estimate_id;
  if (creating) body.catalogue_code = values.catalogue_code;
  return body;
}

function TenderForm({ tender, catalogue, now }) {
  const { t } = useApp();
  const form = useForm(toValues(tender, now));
  const [criteria, setCriteria] = useState(tender?.criteria.map((criterion) => ({ ...criterion, points: String(criterion.points) })) ?? DEFAULT_CRITERIA);
  const [draft, setDraft] = useState(tender);
  const [saving, setSaving] = useState('');
  const first = useRef(true);
  const check = draft?.publication_check ?? [];

  // Live: after each pause in typing, patch the draft and show what the API says.
  useEffect(() => {
    if (first.current || !draft) { first.current = false; return undefined; }
    const timer = setTimeout(async () => {
      setSaving(t('saving'));
      form.setProblem(null);
      try {
        const saved = await api('PATCH', `/tenders/${draft.id}`, toBody(form.values, criteria, false), { ifMatch: draft.version });
        setDraft(saved);
        setSaving(t('saved'));
      } catch (error) {
        form.setProblem(error);
        setSaving('');
        if (error.status === 412) setDraft(await get(`/tenders/${draft.id}`));
      }
    }, 700);
    return () => clearTimeout(timer);
  }, [JSON.stringify(form.values), JSON.stringify(criteria)]);

  const setCriterion = (index, key, value) => setCriteria((all) => all.map((row, at) => (at === index ? { ...row, [key]: value } : row)));
  const submit = (event) => {
    event.preventDefault();
    if (draft) { navigate(`/tenders/${draft.id}`); return; }
    form.submit(() => post('/tenders', toBody(form.values, criteria, true))).then((created) => {
      if (created) { setDraft(created); history.replaceState(null, '', `/tenders/${created.id}/edit`); }
    });
  };
  const field = (name, label, extra = {}) => html`<${Field} form=${form} name=${name} label=${label} extraErrors=${check} ...${extra} />`;
  const total = criteria.reduce((sum, criterion) => sum + (Number(criterion.points) || 0), 0);
  return html`<form onSubmit=${submit} id="tender-form" class="card" novalidate>
    ${draft && html`<p class="muted" aria-live="polite" id="save-state">${t('draft')} <code>${draft.id}</code> v${draft.version} · ${saving}</p>`}
    ${field('catalogue_code', t('catalogue_item'), { options: [['', '—'], ...catalogue.map((item) => [item.code, `${item.code} ${item.name}`])], disabled: !!draft })}
    ${field('title', t('title'), { required: true })}
    ${field('description', t('description'), { type: 'textarea' })}
    <div class="grid">
      ${field('quantity', t('quantity'), { type: 'number', min: 1, hint: t('quantity_hint') })}
      ${field('region', t('region'), { placeholder: '310115' })}
      ${field('budget_ceiling', t('budget_ceiling_yuan'), { inputmode: 'decimal' })}
      ${field('service_start', t('service_start'), { type: 'date', hint: t('service_start_hint') })}
      ${field('service_months', t('service_months'), { type: 'number', min: 1 })}
      ${field('deadline', t('deadline'), { type: 'datetime-local', hint: t('shanghai_time') })}
      ${field('method', t('method'), { options: ['open_tender', 'competitive_consultation', 'single_source'].map((method) => [method, t(`method_${method}`)]),
        disabled: !!draft?.retender_of })}
      ${field('panel_minimum', t('panel_minimum'), { type: 'number', min: 3, step: 2, hint: t('panel_minimum_hint') })}
      ${field('cost_estimate_id', t('cost_estimate_id'))}
    </div>
    ${form.values.method === 'single_source' && field('single_source_justification', t('single_source_justification'), { type: 'textarea' })}
    <fieldset id="criteria-fieldset"><legend>${t('criteria')} (${t('total')} ${total})</legend>
      ${criteria.map((criterion, index) => html`<div class="staff-row">
        <div class="field"><label for=${`criterion-name-${index}`}>${t('criterion')} ${index}</label>
          <input id=${`criterion-name-${index}`} value=${criterion.name} onInput=${(event) => setCriterion(index, 'name', event.currentTarget.value)} /></div>
        <div class="field"><label for=${`criterion-kind-${index}`}>${t('kind')}</label>
          <select id=${`criterion-kind-${index}`} value=${criterion.kind} onChange=${(event) => setCriterion(index, 'kind', event.currentTarget.value)}>
            ${['price', 'subjective', 'objective'].map((kind) => html`<option value=${kind}>${t(`criterion_${kind}`)}</option>`)}</select></div>
        <div class="field"><label for=${`criterion-points-${index}`}>${t('maximum')}</label>
          <input id=${`criterion-points-${index}`} type="number" min="1" max="100" value=${criterion.points} onInput=${(event) => setCriterion(index, 'points', event.currentTarget.value)} /></div>
        <button type="button" class="link" onClick=${() => setCriteria((all) => all.filter((_, at) => at !== index))}>${t('remove')}</button>
      </div>`)}
      <button type="button" onClick=${() => setCriteria((all) => [...all, { name: '', kind: 'subjective', points: '10' }])}>${t('add_criterion')}</button>
      ${[...form.errorsAt('/criteria', check)].length > 0 && html`<p class="field-error" role="alert">${form.errorsAt('/criteria', check).join('；')}</p>`}
    </fieldset>
    ${(() => { form.fields.add('/criteria'); return null; })()}
    ${check.length > 0 && html`<div class="notice warn" id="publication-check"><strong>${t('publication_blocked')}</strong>
      <ul>${check.map((problem) => html`<li><code>${problem.pointer}</code> ${problem.message}</li>`)}</ul></div>`}
    <${Outcome} form=${form} />
    <${Submit} form=${form}>${draft ? t('done_editing') : t('create_draft')}</${Submit}>
    ${draft && html` <${Link} href=${`/tenders/${draft.id}`}>${t('to_tender_page')}</${Link}>`}
  </form>`;
}

export function TenderFormPage({ id }) {
  const { t, session } = useApp();
  const state = useLoad(async () => {
    const [catalogue, health, tender] = await Promise.all([get('/catalogue?limit=100'), fetch('/healthz').then((response) => response.json()), id ? get(`/tenders/${id}`) : null]);
    return { catalogue: catalogue.items, now: health.time, tender };
  }, [id]);
  if (session?.role !== 'purchaser') return html`<p class="notice warn">${t('purchasers_only')}</p>`;
  return html`<div><h1>${id ? t('edit_draft') : t('new_tender')}</h1>
    <${Loading} state=${state}>${(data) => html`<${TenderForm} tender=${data.tender} catalogue=${data.catalogue} now=${data.now} />`}</${Loading}></div>`;
}
