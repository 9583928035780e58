// Links to the OCDS 1.1 downloads: the release package and one record package per tender.
import { html } from 'htm/preact';

import { Loading } from '../../components/common.js';
import { get } from '../../lib/api.js';
import { ocidOf } from '../../lib/clock.js';
import { useApp } from '../../lib/context.js';
import { useLoad } from '../../lib/load.js';

export function OpenDataPage() {
  const { t } = useApp();
  const state = useLoad(() => get('/tenders?limit=100'), []);
  return html`<div><h1>${t('nav_open_data')}</h1>
    <p>${t('open_data_intro')}</p>
    <p class="actions"><a class="button" href="/api/v1/ocds/releases" download="ocds-releases.json" id="ocds-releases">${t('ocds_release_package')}</a>
      <a class="button" href="/openapi.json">${t('api_description')}</a></p>
    <h2>${t('ocds_records')}</h2>
    <${Loading} state=${state}>${(data) => html`<ul>${data.items.filter((tender) => tender.status !== 'draft').map((tender) => html`<li>
      <a href=${`/api/v1/ocds/records/${ocidOf(tender.id)}`} download=${`${ocidOf(tender.id)}.json`}>${tender.title}</a></li>`)}</ul>`}</${Loading}>
  </div>`;
}
