// What a signed-in supplier can do on a tender: bid (or replace / withdraw) before the
// deadline, see its own bid and receipt, and challenge an award it lost.
import { html } from 'htm/preact';

import { Section } from '../../components/common.js';
import { ActionButton, Field, Outcome, Submit, useForm } from '../../components/forms.js';
import { api, post } from '../../lib/api.js';
import { serverNow } from '../../lib/clock.js';
import { useApp } from '../../lib/context.js';
import { Link } from '../../lib/router.js';
import { OwnBids } from './bid.js';

function Challenge({ tender, reload }) {
  const { t } = useApp();
  const form = useForm({ challenge_text: '' });
  const submit = (event) => {
    event.preventDefault();
    form.submit((values) => post(`/tenders/${tender.id}/challenges`, { text: values.challenge_text })).then((done) => done && reload());
  };
  return html`<details id="challenge"><summary>${t('challenge_award')}</summary><form onSubmit=${submit} id="challenge-form">
    <${Field} form=${form} name="challenge_text" pointer="/text" type="textarea" label=${t('challenge_text')} />
    <${Outcome} form=${form} success=${t('challenge_filed')} /><${Submit} form=${form}>${t('send')}</${Submit}></form></details>`;
}

export function SupplierTenderActions({ tender, bids, reload }) {
  const { t, session } = useApp();
  if (session?.role !== 'supplier') return null;
  const open = tender.status === 'published' && new Date(tender.deadline).getTime() > serverNow();
  const own = bids.find((bid) => bid.supplier_id === session.organization_id && bid.state === 'active');
  return html`<${Section} title=${t('supplier_actions')} id="supplier-actions">
    <${OwnBids} tender=${tender} bids=${bids} reload=${reload} />
    ${tender.status === 'published' && html`<p class="actions">
      <${Link} class="button primary" href=${`/tenders/${tender.id}/bid`} id="bid-link">${own ? t('replace_bid') : t('submit_bid')}</${Link}>
      ${own && html`<${ActionButton} className="" label=${t('withdraw_bid')} confirm=${t('confirm_withdraw')}
        action=${() => api('DELETE', `/tenders/${tender.id}/bids/${own.id}`)} onDone=${reload} />`}</p>`}
    ${(tender.status === 'closed' || (!open && tender.status === 'published')) && html`<p class="muted">${t('deadline_passed')}</p>`}
    ${tender.award && own && html`<${Challenge} tender=${tender} reload=${reload} />`}
  </${Section}>`;
}
