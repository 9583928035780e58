// Red flags of a purchaser, a supplier or a tender, with the rule that raised each.
import { html } from 'htm/preact';

import { Loading } from '../../components/common.js';
import { Field, useForm } from '../../components/forms.js';
import { get, query } from '../../lib/api.js';
import { useApp } from '../../lib/context.js';
import { useLoad } from '../../lib/load.js';

export function RedFlagsPage() {
  const { t } = useApp();
  const organizations = useLoad(() => Promise.all([get('/organizations?kind=purchaser&limit=100'), get('/organizations?kind=supplier&limit=100')]), []);
  const form = useForm({ scope: '', tender: '' });
  const [kind, id] = form.values.scope.split(':');
  const flags = useLoad(() => (form.values.tender || id ? get(`/red-flags${query(form.values.tender ? { tender: form.values.tender } : { [kind]: id })}`) : Promise.resolve(null)), [form.values.scope, form.values.tender]);
  return html`<div><h1>${t('nav_red_flags')}</h1>
    <${Loading} state=${organizations}>${([purchasers, suppliers]) => html`<form class="filters card" onSubmit=${(event) => event.preventDefault()}>
      <${Field} form=${form} name="scope" label=${t('organization')} options=${[['', '—'],
        ...purchasers.items.map((org) => [`purchaser:${org.id}`, `${t('purchaser')} · ${org.name}`]),
        ...suppliers.items.map((org) => [`supplier:${org.id}`, `${t('supplier')} · ${org.name}`])]} />
      <${Field} form=${form} name="tender" label=${t('tender_id')} placeholder="tnd_…" />
    </form>`}</${Loading}>
    ${flags.data === null && !flags.loading ? html`<p class="muted">${t('choose_scope')}</p>` : html`<${Loading} state=${flags}>${(data) => html`<div>
      ${data.items.length === 0 ? html`<p class="notice ok">${t('no_red_flags')}</p>` : html`<ul class="flags" id="red-flags">${data.items.map((flag) => html`<li class="card">
        <p><span class="badge status-late">${flag.code}</span> <strong>${flag.title}</strong></p><p>${flag.detail}</p>
        <p class="muted"><a href=${flag.object}>${flag.object}</a></p></li>`)}</ul>`}
      <details><summary>${t('thresholds')}</summary><pre>${JSON.stringify(data.thresholds, null, 2)}</pre></details></div>`}</${Loading}>`}
  </div>`;
}
