// The administrator's onboarding page: register an organization, give one of its people an
// account with a bearer token (shown once, here only), revoke a token, and see who is registered.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';

import { Field, Outcome, Submit, useForm } from '../../components/forms.js';
import { get, post, query } from '../../lib/api.js';
import { useApp } from '../../lib/context.js';
import { dateTime } from '../../lib/format.js';

const KINDS = ['purchaser', 'supplier', 'evaluator', 'platform'];
const ROLES = ['purchaser', 'supplier', 'evaluator', 'expert', 'auditor', 'admin'];

function RegisterOrganization({ onRegistered }) {
  const { t } = useApp();
  const form = useForm({ kind: 'supplier', name: '', credit_code: '', region: '' });
  const submit = async (event) => {
    event.preventDefault();
    const made = await form.submit((values) => post('/organizations', values));
    if (made) onRegistered(made);
  };
  return html`<form onSubmit=${submit} class="card" id="register-organization">
    <h2>${t('register_organization')}</h2>
    <div class="grid">
      <${Field} form=${form} name="kind" label=${t('organization_kind')}
        options=${KINDS.map((kind) => [kind, t(`kind_${kind}`)])} />
      <${Field} form=${form} name="name" label=${t('organization_name')} />
      <${Field} form=${form} name="credit_code" label=${t('credit_code')} hint=${t('credit_code_hint')} />
      <${Field} form=${form} name="region" label=${t('region')} placeholder="310115" />
    </div>
    <${Outcome} form=${form} success=${form.result?.id && html`${t('organization_registered')} <code id="registered-id">${form.result.id}</code>`} />
    <${Submit} form=${form}>${t('register')}</${Submit}>
  </form>`;
}

/// The role an organization's people usually hold, offered first when it is chosen.
const USUAL_ROLE = { purchaser: 'purchaser', supplier: 'supplier', evaluator: 'evaluator', platform: 'expert' };

function IssueToken({ organizations, chosen }) {
  const { t, lang } = useApp();
  const form = useForm({ organization: chosen, role: 'supplier', display_name: '', valid_days: '365', employers: '', account_id: '' });
  // A newly registered organization is the one its first account is opened for.
  useEffect(() => { if (chosen) form.set('organization', chosen); }, [chosen]);
  const organization = organizations.find((org) => org.id === form.values.organization);
  useEffect(() => {
    if (organization) form.set('role', USUAL_ROLE[organization.kind] ?? 'supplier');
    form.setResult(null);
  }, [form.values.organization]);
  const submit = (event) => {
    event.preventDefault();
    form.submit((values) => {
      // Renewal: a new token for the same account, which keeps its panel seats, score sheets and
      // evaluation inputs (decision 83); its role, name and employers stay the account's.
      const renewing = values.account_id.trim() !== '';
      const body = renewing ? { account_id: values.account_id.trim() } : { role: values.role, display_name: values.display_name };
      if (values.valid_days !== '') body.valid_days = Number(values.valid_days);
      if (!renewing && values.role === 'expert') {
        body.recent_employer_ids = values.employers.split(/[\s,，]+/).filter(Boolean);
      }
      return post(`/organizations/${encodeURIComponent(values.organization)}/tokens`, body);
    });
  };
  const issued = form.result?.token ? form.result : null;
  return html`<form onSubmit=${submit} class="card" id="issue-token">
    <h2>${t('issue_token')}</h2>
    <div class="grid">
      <${Field} form=${form} name="organization" label=${t('organization')} required
        options=${[['', '—'], ...organizations.map((org) => [org.id, `${org.name} (${t(`kind_${org.kind}`)})`])]} />
      <${Field} form=${form} name="account_id" label=${t('renew_account')} hint=${t('renew_account_hint')} />
      ${form.values.account_id.trim() === '' && html`
        <${Field} form=${form} name="role" label=${t('role')} options=${ROLES.map((role) => [role, t(`role_${role}`)])} />
        <${Field} form=${form} name="display_name" label=${t('display_name')} required />`}
      <${Field} form=${form} name="valid_days" type="number" min="1" max="3660" label=${t('valid_days')} hint=${t('valid_days_hint')} />
      ${form.values.account_id.trim() === '' && form.values.role === 'expert' && html`<${Field} form=${form} name="employers" pointer="/recent_employer_ids"
        label=${t('recent_employer_ids')} hint=${t('recent_employer_ids_hint')} />`}
    </div>
    <${Outcome} form=${form} />
    ${issued && html`<div class="notice ok" role="status" id="issued-token">
      <p><strong>${t('token_shown_once')}</strong></p>
      <p>${issued.account.display_name} · ${organization?.name ?? issued.account.organization_id} · ${t(`role_${issued.account.role}`)}</p>
      <p><code id="issued-secret">${issued.token}</code></p>
      <p class="muted">${t('token_id')} <code id="issued-token-id">${issued.token_id}</code> · ${t('account_id')}
        <code id="issued-account-id">${issued.account.id}</code> · ${t('expires')} ${dateTime(issued.expires_at, lang)}</p>
    </div>`}
    <${Submit} form=${form}>${t('issue')}</${Submit}>
  </form>`;
}

function RevokeToken() {
  const { t } = useApp();
  const form = useForm({ token_id: '' });
  const submit = (event) => {
    event.preventDefault();
    if (!window.confirm(t('revoke_confirm'))) return;
    form.submit((values) => post(`/tokens/${encodeURIComponent(values.token_id.trim())}/revoke`));
  };
  return html`<form onSubmit=${submit} class="card" id="revoke-token">
    <h2>${t('revoke_token')}</h2>
    <${Field} form=${form} name="token_id" label=${t('token_id')} placeholder="tok_…" required />
    <${Outcome} form=${form} success=${form.result?.revoked_at && t('token_revoked')} />
    <${Submit} form=${form}>${t('revoke')}</${Submit}>
  </form>`;
}

/// Every registered organization, oldest first, a page of 500 at a time.
function useOrganizations() {
  const [list, setList] = useState({ items: [], next: null, error: null, loaded: false });
  const load = async (cursor, replace) => {
    try {
      const page = await get(`/organizations${query({ limit: 500, cursor })}`);
      setList((previous) => ({ items: replace ? page.items : [...previous.items, ...page.items], next: page.next_cursor,
        error: null, loaded: true }));
    } catch (error) {
      setList((previous) => ({ ...previous, error, loaded: true }));
    }
  };
  useEffect(() => { load(null, true); }, []);
  return { ...list, more: () => load(list.next, false), reload: () => load(null, true) };
}

export function AccountsPage() {
  const { t, session } = useApp();
  const organizations = useOrganizations();
  const [chosen, setChosen] = useState('');
  const [registered, setRegistered] = useState([]);
  const onRegistered = (made) => {
    // Kept beside the list: on a large platform the newest are on its last page.
    setRegistered((previous) => [...previous, made]);
    setChosen(made.id);
  };
  if (session?.role !== 'admin') return html`<p class="notice warn">${t('admins_only')}</p>`;
  const known = new Set(organizations.items.map((org) => org.id));
  const all = [...organizations.items, ...registered.filter((org) => !known.has(org.id))];
  return html`<div><h1>${t('accounts_and_tokens')}</h1>
    <${RegisterOrganization} onRegistered=${onRegistered} />
    <${IssueToken} organizations=${all} chosen=${chosen} />
    <${RevokeToken} />
    <section class="card" id="organizations"><h2>${t('registered_organizations')}</h2>
      ${organizations.error && html`<div class="notice error" role="alert">${organizations.error.message}</div>`}
      ${!organizations.loaded ? html`<p class="muted" aria-live="polite">${t('loading')}</p>` : html`
        <table><thead><tr><th scope="col">${t('organization_name')}</th><th scope="col">${t('organization_kind')}</th>
          <th scope="col">${t('region')}</th><th scope="col">ID</th></tr></thead>
        <tbody>${all.map((org) => html`<tr><td>${org.name}</td><td>${t(`kind_${org.kind}`)}</td><td>${org.region}</td>
          <td><code>${org.id}</code></td></tr>`)}</tbody></table>
        ${organizations.next && html`<p><button type="button" id="more-organizations" onClick=${organizations.more}>${t('load_more')}</button></p>`}`}
    </section>
  </div>`;
}
