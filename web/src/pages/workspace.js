// The signed-in person's starting page: what there is to do for their role.
import { html } from 'htm/preact';

import { Loading, OrgName, Status } from '../components/common.js';
import { get, query } from '../lib/api.js';
import { useApp } from '../lib/context.js';
import { dateTime, yuan } from '../lib/format.js';
import { useLoad } from '../lib/load.js';
import { Link } from '../lib/router.js';
import { ContractsTable } from './public/contracts.js';

function TenderList({ filter }) {
  const { t, lang } = useApp();
  const state = useLoad(() => get(`/tenders${query({ ...filter, limit: 100 })}`), [JSON.stringify(filter)]);
  return html`<${Loading} state=${state}>${(data) => data.items.length === 0 ? html`<p class="muted">${t('nothing_found')}</p>`
    : html`<ul class="tender-list">${data.items.map((tender) => html`<li><${Link} href=${`/tenders/${tender.id}`}>${tender.title}</${Link}>
      <${Status} value=${tender.status} /> <small class="muted">${yuan(tender.budget_ceiling)} · ${t('deadline')} ${dateTime(tender.deadline, lang)}</small></li>`)}</ul>`}</${Loading}>`;
}

function Contracts({ filter }) {
  const state = useLoad(() => get(`/contracts${query({ ...filter, limit: 100 })}`), [JSON.stringify(filter)]);
  return html`<${Loading} state=${state}>${(data) => html`<${ContractsTable} items=${data.items} />`}</${Loading}>`;
}

/// Evaluations assigned to this evaluator organization, found through the contracts.
function Assignments({ organization }) {
  const { t } = useApp();
  const state = useLoad(async () => {
    const contracts = await get('/contracts?limit=100');
    const lists = await Promise.all(contracts.items.map((contract) => get(`/evaluations?contract=${contract.id}`)));
    return lists.flatMap((list) => list.items).filter((evaluation) => evaluation.evaluator_id === organization);
  }, [organization]);
  return html`<${Loading} state=${state}>${(items) => items.length === 0 ? html`<p class="muted">${t('nothing_found')}</p>`
    : html`<ul id="assignments">${items.map((evaluation) => html`<li><${Link} href=${`/evaluations/${evaluation.id}`}>${t(`evaluation_${evaluation.kind}`)} · <${OrgName} id=${evaluation.supplier_id} /></${Link}>
      <${Status} value=${evaluation.status} /></li>`)}</ul>`}</${Loading}>`;
}

export function WorkspacePage() {
  const { t, session } = useApp();
  if (!session) return html`<p><${Link} href="/signin">${t('sign_in')}</${Link}></p>`;
  const org = session.organization_id;
  return html`<div><h1>${t('nav_workspace')}</h1>
    <p>${session.organization_name} · ${t(`role_${session.role}`)}</p>
    ${session.role === 'purchaser' && html`<div>
      <p class="actions"><${Link} class="button primary" href="/tenders/new" id="new-tender">${t('new_tender')}</${Link}>
        <${Link} class="button" href="/estimate">${t('cost_estimate')}</${Link}></p>
      <h2>${t('my_tenders')}</h2><${TenderList} filter=${{ purchaser: org }} />
      <h2>${t('my_contracts')}</h2><${Contracts} filter=${{ purchaser: org }} /></div>`}
    ${session.role === 'supplier' && html`<div>
      <p class="actions"><${Link} class="button" href="/profile">${t('profile')}</${Link}>
        <${Link} class="button" href=${`/suppliers/${org}`}>${t('track_record')}</${Link}></p>
      <h2>${t('open_tenders')}</h2><${TenderList} filter=${{ status: 'published' }} />
      <h2>${t('my_contracts')}</h2><${Contracts} filter=${{ supplier: org }} /></div>`}
    ${session.role === 'expert' && html`<div><p>${t('expert_intro')}</p>
      <h2>${t('tenders_under_evaluation')}</h2><${TenderList} filter=${{ status: 'opened' }} /></div>`}
    ${session.role === 'evaluator' && html`<div><h2>${t('my_assignments')}</h2><${Assignments} organization=${org} /></div>`}
    ${session.role === 'admin' && html`<p class="actions"><${Link} class="button primary" href="/admin/accounts" id="manage-accounts">${t('manage_accounts')}</${Link}>
      <${Link} class="button" href="/admin/catalogue" id="manage-catalogue">${t('manage_catalogue')}</${Link}></p>`}
    ${(session.role === 'admin' || session.role === 'auditor') && html`<p><a href="/api/v1/audit/verify">${t('audit_verify')}</a></p>`}
  </div>`;
}
