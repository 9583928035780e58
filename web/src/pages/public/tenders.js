// The public list of tenders with filters by status, region and deadline.
import { html } from 'htm/preact';

import { Loading, Status } from '../../components/common.js';
import { Field, useForm } from '../../components/forms.js';
import { get, query } from '../../lib/api.js';
import { serverNow } from '../../lib/clock.js';
import { useApp } from '../../lib/context.js';
import { dateTime, fromShanghaiInput, yuan } from '../../lib/format.js';
import { useLoad } from '../../lib/load.js';
import { Link } from '../../lib/router.js';

const STATUSES = ['', 'draft', 'published', 'closed', 'opened', 'evaluated', 'awarded', 'contracted', 'cancelled'];

export function Deadline({ iso }) {
  const { t, lang } = useApp();
  const left = new Date(iso).getTime() - serverNow();
  const days = Math.ceil(left / 86400000);
  return html`<span>${dateTime(iso, lang)}${left > 0 ? html` <small class="muted">(${t('days_left', { days })})</small>` : ''}</span>`;
}

export function TendersPage() {
  const { t } = useApp();
  const form = useForm({ status: '', region: '', deadline_from: '', deadline_to: '' });
  const filters = form.values;
  const state = useLoad(
    () => get(`/tenders${query({ ...filters, deadline_from: fromShanghaiInput(filters.deadline_from), deadline_to: fromShanghaiInput(filters.deadline_to), limit: 100 })}`),
    [filters.status, filters.region, filters.deadline_from, filters.deadline_to],
  );
  return html`<div>
    <h1>${t('tenders_title')}</h1>
    <form class="filters card" role="search" onSubmit=${(event) => event.preventDefault()}>
      <${Field} form=${form} name="status" label=${t('status')} options=${STATUSES.map((value) => [value, value ? t(`status_${value}`) : t('all')])} />
      <${Field} form=${form} name="region" label=${t('region')} placeholder="310115" />
      <${Field} form=${form} name="deadline_from" type="datetime-local" label=${t('deadline_from')} />
      <${Field} form=${form} name="deadline_to" type="datetime-local" label=${t('deadline_to')} />
    </form>
    <${Loading} state=${state}>${(data) => data.items.length === 0
      ? html`<p class="muted">${t('nothing_found')}</p>`
      : html`<div class="table-wrap"><table id="tenders-table">
        <thead><tr><th scope="col">${t('title')}</th><th scope="col">${t('status')}</th><th scope="col">${t('region')}</th>
          <th scope="col" class="num">${t('budget_ceiling')}</th><th scope="col">${t('deadline')}</th></tr></thead>
        <tbody>${data.items.map((tender) => html`<tr>
          <td><${Link} href=${`/tenders/${tender.id}`}>${tender.title}</${Link}></td>
          <td><${Status} value=${tender.status} /></td><td>${tender.region}</td>
          <td class="num">${yuan(tender.budget_ceiling)}</td><td><${Deadline} iso=${tender.deadline} /></td></tr>`)}
        </tbody></table></div>`}
    </${Loading}>
  </div>`;
}
