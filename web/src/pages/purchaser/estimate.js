// The cost estimate form: posts by level, months and operating costs against the region's
// salary benchmarks; the API computes and stores it, and the breakdown is shown line by line.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';

import { EstimateLines } from '../../components/estimate-lines.js';
import { Field, Outcome, Submit, useForm } from '../../components/forms.js';
import { post } from '../../lib/api.js';
import { useApp } from '../../lib/context.js';
import { fen } from '../../lib/format.js';
import { Link } from '../../lib/router.js';

const LEVELS = ['none', 'assistant_social_worker', 'social_worker', 'senior_social_worker'];
const COSTS = ['activities', 'training_and_supervision', 'rent', 'transport'];

export function EstimatePage() {
  const { t, session } = useApp();
  const [posts, setPosts] = useState([{ level: 'social_worker', count: '15' }]);
  const form = useForm({ region: '', year: String(new Date().getFullYear() + 1), months: '12', management_fee_percent: '', tax_percent: '',
    activities: '', training_and_supervision: '', rent: '', transport: '' });
  if (session?.role !== 'purchaser') return html`<p class="notice warn">${t('purchasers_only')}</p>`;
  const setPost = (index, key, value) => setPosts((all) => all.map((row, at) => (at === index ? { ...row, [key]: value } : row)));
  const submit = (event) => {
    event.preventDefault();
    form.submit((values) => {
      const body = { region: values.region, year: Number(values.year) || 0, months: Number(values.months) || 0,
        posts: posts.map((row) => ({ level: row.level, count: Number(row.count) || 0 })), operating_costs: {} };
      for (const cost of COSTS) if (values[cost]) body.operating_costs[cost] = fen(values[cost]);
      if (values.management_fee_percent) body.management_fee_rate_bp = Math.round(Number(values.management_fee_percent) * 100);
      if (values.tax_percent) body.tax_rate_bp = Math.round(Number(values.tax_percent) * 100);
      return post('/cost-estimates', body);
    });
  };
  const estimate = form.result?.lines ? form.result : null;
  return html`<div><h1>${t('cost_estimate')}</h1>
    <form onSubmit=${submit} class="card" id="estimate-form">
      <div class="grid">
        <${Field} form=${form} name="region" label=${t('region')} placeholder="310115" />
        <${Field} form=${form} name="year" type="number" label=${t('year')} />
        <${Field} form=${form} name="months" type="number" min="1" label=${t('months')} />
      </div>
      <fieldset><legend>${t('posts')}</legend>${posts.map((row, index) => html`<div class="staff-row">
        <div class="field"><label for=${`post-level-${index}`}>${t('level')}</label>
          <select id=${`post-level-${index}`} value=${row.level} onChange=${(event) => setPost(index, 'level', event.currentTarget.value)}>
            ${LEVELS.map((level) => html`<option value=${level}>${t(`level_${level}`)}</option>`)}</select></div>
        <div class=${`field ${form.errorsAt(`/posts/${index}`).length ? 'has-error' : ''}`}><label for=${`post-count-${index}`}>${t('posts')}</label>
          <input id=${`post-count-${index}`} type="number" min="1" value=${row.count} onInput=${(event) => setPost(index, 'count', event.currentTarget.value)} />
          ${form.errorsAt(`/posts/${index}`).length > 0 && html`<p class="field-error" role="alert">${form.errorsAt(`/posts/${index}`).join('；')}</p>`}</div>
      </div>`)}<button type="button" onClick=${() => setPosts((all) => [...all, { level: 'assistant_social_worker', count: '1' }])}>${t('add_post')}</button></fieldset>
      <fieldset><legend>${t('operating_costs')}</legend><div class="grid">
        ${COSTS.map((cost) => html`<${Field} form=${form} name=${cost} pointer=${`/operating_costs/${cost}`} label=${t(`cost_${cost}`)} inputmode="decimal" />`)}
        <${Field} form=${form} name="management_fee_percent" pointer="/management_fee_rate_bp" type="number" step="0.01" label=${t('management_fee_percent')} />
        <${Field} form=${form} name="tax_percent" pointer="/tax_rate_bp" type="number" step="0.01" label=${t('tax_percent')} />
      </div></fieldset>
      <${Outcome} form=${form} /><${Submit} form=${form}>${t('compute_estimate')}</${Submit}>
    </form>
    ${estimate && html`<section class="card" id="estimate-result"><h2>${t('breakdown')} <code>${estimate.id}</code></h2>
      <${EstimateLines} estimate=${estimate} />
      <p><${Link} href="/tenders/new">${t('new_tender')}</${Link}> — ${t('estimate_id_hint')}</p></section>`}
  </div>`;
}
