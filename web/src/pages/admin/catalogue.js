// The administrator's purchase catalogue: add an item, or record a new version of one (its
// tenders keep the version they pinned), with the qualification conditions and staffing
// standard the opening checks bids against.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';

import { Loading } from '../../components/common.js';
import { Field, Outcome, Submit, useForm } from '../../components/forms.js';
import { api, get, post } from '../../lib/api.js';
import { useApp } from '../../lib/context.js';
import { useLoad } from '../../lib/load.js';

const CATEGORIES = ['rehabilitation', 'assistance_and_referral', 'prevention_education', 'administration_support'];
const UNITS = ['client_year', 'post_year', 'session', 'event'];
const STEPS = ['need_assessment', 'service_delivery', 'referral', 'evaluation'];

const EMPTY = { code: '', name: '', category: 'rehabilitation', unit: 'client_year', staffing_standard: '20',
  minimum_years_established: '0', minimum_certified_share_percent: '0', no_serious_violation: true, tax_compliance: true,
  ...Object.fromEntries(STEPS.map((step) => [`step_${step}`, true])) };

function valuesOf(item) {
  const q = item.qualification;
  return { code: item.code, name: item.name, category: item.category, unit: item.unit,
    staffing_standard: String(item.staffing_standard), minimum_years_established: String(q.minimum_years_established),
    minimum_certified_share_percent: String(q.minimum_certified_share_bp / 100),
    no_serious_violation: q.no_serious_violation_in_three_years, tax_compliance: q.tax_and_social_insurance_compliance,
    ...Object.fromEntries(STEPS.map((step) => [`step_${step}`, item.service_steps.includes(step)])) };
}

function bodyOf(values) {
  return { name: values.name, category: values.category, unit: values.unit,
    staffing_standard: Number(values.staffing_standard) || 0,
    qualification: { minimum_years_established: Number(values.minimum_years_established) || 0,
      minimum_certified_share_bp: Math.round(Number(values.minimum_certified_share_percent) * 100) || 0,
      no_serious_violation_in_three_years: !!values.no_serious_violation,
      tax_and_social_insurance_compliance: !!values.tax_compliance },
    service_steps: STEPS.filter((step) => values[`step_${step}`]) };
}

function ItemForm({ editing, onSaved, onCancel, onStale }) {
  const { t } = useApp();
  const form = useForm(editing ? valuesOf(editing) : EMPTY);
  const submit = async (event) => {
    event.preventDefault();
    const saved = await form.submit(async (values) => {
      if (!editing) return post('/catalogue', { code: values.code, ...bodyOf(values) });
      try {
        return await api('POST', `/catalogue/${encodeURIComponent(editing.code)}`, bodyOf(values), { ifMatch: editing.version });
      } catch (error) {
        // Someone saved a newer version meanwhile: the list is read again, so that Revise
        // starts from it; what was typed stays on the form.
        if (error.status === 412) onStale();
        throw error;
      }
    });
    if (saved) onSaved(saved);
  };
  return html`<form onSubmit=${submit} class="card" id="catalogue-form">
    <h2>${editing ? t('revise_catalogue_item', { code: editing.code, version: editing.version }) : t('add_catalogue_item')}</h2>
    <div class="grid">
      <${Field} form=${form} name="code" label=${t('catalogue_code')} disabled=${!!editing} placeholder="JD-02" />
      <${Field} form=${form} name="name" label=${t('catalogue_name')} />
      <${Field} form=${form} name="category" label=${t('catalogue_category')}
        options=${CATEGORIES.map((category) => [category, t(`category_${category}`)])} />
      <${Field} form=${form} name="unit" label=${t('catalogue_unit')} options=${UNITS.map((unit) => [unit, t(`unit_${unit}`)])} />
      <${Field} form=${form} name="staffing_standard" type="number" min="1" label=${t('staffing_standard')} hint=${t('staffing_standard_hint')} />
    </div>
    <fieldset><legend>${t('qualification_conditions')}</legend><div class="grid">
      <${Field} form=${form} name="minimum_years_established" pointer="/qualification/minimum_years_established" type="number" min="0"
        label=${t('minimum_years_established')} />
      <${Field} form=${form} name="minimum_certified_share_percent" pointer="/qualification/minimum_certified_share_bp" type="number"
        min="0" max="100" step="0.01" label=${t('minimum_certified_share_percent')} />
      <${Field} form=${form} name="no_serious_violation" type="checkbox" label=${t('no_serious_violation_condition')} />
      <${Field} form=${form} name="tax_compliance" type="checkbox" label=${t('tax_compliance_condition')} />
    </div></fieldset>
    <fieldset><legend>${t('service_steps')}</legend><div class="grid">
      ${STEPS.map((step) => html`<${Field} form=${form} name=${`step_${step}`} pointer="/service_steps" type="checkbox" label=${t(`step_${step}`)} />`)}
    </div></fieldset>
    <${Outcome} form=${form} />
    <p class="actions"><${Submit} form=${form}>${editing ? t('save_new_version') : t('add_catalogue_item')}</${Submit}>
      ${editing && html`<button type="button" onClick=${onCancel}>${t('cancel_editing')}</button>`}</p>
  </form>`;
}

export function CataloguePage() {
  const { t, session } = useApp();
  const catalogue = useLoad(() => get('/catalogue?limit=500'), []);
  const [editing, setEditing] = useState(null);
  const [saved, setSaved] = useState(null);
  // Each save starts a fresh form, so that an item just added is not sent again.
  const [round, setRound] = useState(0);
  if (session?.role !== 'admin') return html`<p class="notice warn">${t('admins_only')}</p>`;
  const done = (item) => {
    setSaved(item);
    setEditing(null);
    setRound((value) => value + 1);
    catalogue.reload();
  };
  const revise = (item) => {
    setSaved(null);
    setEditing(item);
    document.getElementById('catalogue-form')?.scrollIntoView({ block: 'start' });
  };
  return html`<div><h1>${t('purchase_catalogue')}</h1>
    ${saved && html`<div class="notice ok" role="status" id="catalogue-saved">${t('catalogue_saved', { code: saved.code, version: saved.version })}</div>`}
    <${ItemForm} key=${editing ? `${editing.code}-${editing.version}` : `new-${round}`} editing=${editing} onSaved=${done}
      onCancel=${() => setEditing(null)} onStale=${catalogue.reload} />
    <${Loading} state=${catalogue}>${(data) => html`<section class="card" id="catalogue-items"><h2>${t('catalogue_items')}</h2>
      <table><thead><tr><th scope="col">${t('catalogue_code')}</th><th scope="col">${t('catalogue_name')}</th>
        <th scope="col">${t('catalogue_category')}</th><th scope="col">${t('catalogue_unit')}</th><th scope="col" class="num">${t('staffing_standard')}</th>
        <th scope="col" class="num">${t('version')}</th><th scope="col"><span class="sr-only">${t('actions')}</span></th></tr></thead>
      <tbody>${data.items.map((item) => html`<tr id=${`catalogue-${item.code}`}><td><code>${item.code}</code></td><td>${item.name}</td>
        <td>${t(`category_${item.category}`)}</td><td>${t(`unit_${item.unit}`)}</td><td class="num">${item.staffing_standard}</td>
        <td class="num">${item.version}</td>
        <td><button type="button" aria-label=${`${t('revise')} ${item.code}`} onClick=${() => revise(item)}>${t('revise')}</button></td></tr>`)}</tbody></table>
    </section>`}</${Loading}>
  </div>`;
}
