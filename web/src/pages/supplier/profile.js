// The supplier's qualification profile: each save records a new version.
import { html } from 'htm/preact';

import { Loading } from '../../components/common.js';
import { Field, Outcome, Submit, useForm } from '../../components/forms.js';
import { api, get } from '../../lib/api.js';
import { useApp } from '../../lib/context.js';
import { optional, useLoad } from '../../lib/load.js';

const STAFF = ['none', 'assistant_social_worker', 'social_worker', 'senior_social_worker'];
const CHECKS = ['tax_compliant', 'social_insurance_compliant', 'serious_violation_last_three_years'];

function ProfileForm({ organizationId, profile }) {
  const { t } = useApp();
  const initial = { registration_date: profile?.registration_date ?? '', registered_region: profile?.registered_region ?? '',
    years_of_anti_drug_service: String(profile?.years_of_anti_drug_service ?? '0') };
  for (const level of STAFF) initial[`staff_${level}`] = String(profile?.staff?.[level] ?? '0');
  for (const check of CHECKS) initial[check] = profile?.[check] ?? false;
  const form = useForm(initial);
  const submit = (event) => {
    event.preventDefault();
    form.submit((values) => {
      const staff = {};
      for (const level of STAFF) staff[level] = Number(values[`staff_${level}`]) || 0;
      const body = { registration_date: values.registration_date, registered_region: values.registered_region, staff,
        years_of_anti_drug_service: Number(values.years_of_anti_drug_service) || 0 };
      for (const check of CHECKS) body[check] = !!values[check];
      return api('PUT', `/organizations/${organizationId}/profile`, body);
    });
  };
  return html`<form onSubmit=${submit} class="card" id="profile-form">
    ${profile && html`<p class="muted">${t('version')} ${form.result?.version ?? profile.version}</p>`}
    <div class="grid">
      <${Field} form=${form} name="registration_date" type="date" label=${t('registration_date')} />
      <${Field} form=${form} name="registered_region" label=${t('region')} />
      <${Field} form=${form} name="years_of_anti_drug_service" type="number" min="0" label=${t('years_of_service')} />
      ${STAFF.map((level) => html`<${Field} form=${form} name=${`staff_${level}`} pointer=${`/staff/${level}`} type="number" min="0" label=${t(`level_${level}`)} />`)}
    </div>
    ${CHECKS.map((check) => html`<${Field} form=${form} name=${check} type="checkbox" label=${t(check)} />`)}
    <${Outcome} form=${form} success=${t('saved')} /><${Submit} form=${form}>${t('save_profile')}</${Submit}></form>`;
}

export function ProfilePage() {
  const { t, session } = useApp();
  const state = useLoad(() => optional(get(`/organizations/${session?.organization_id}/profile`)).then((profile) => ({ profile })), [session?.organization_id]);
  if (session?.role !== 'supplier') return html`<p class="notice warn">${t('suppliers_only')}</p>`;
  return html`<div><h1>${t('profile')}</h1><${Loading} state=${state}>${({ profile }) => html`<${ProfileForm} organizationId=${session.organization_id} profile=${profile} />`}</${Loading}></div>`;
}
