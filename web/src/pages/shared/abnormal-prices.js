// An abnormally low price (flagged at qualification) is heard before the ranking by a member of
// the panel (87号令 §60): the bidder's explanation is recorded with the decision, and a price not
// accepted leaves the bid out. The purchaser sees the flag and, once made, the decision; for a
// single source, negotiated without a committee, the purchaser decides.
import { html } from 'htm/preact';

import { Loading, OrgName } from '../../components/common.js';
import { Field, Outcome, Submit, useForm } from '../../components/forms.js';
import { get, post } from '../../lib/api.js';
import { useApp } from '../../lib/context.js';
import { yuan } from '../../lib/format.js';
import { useLoad } from '../../lib/load.js';

function AbnormalPriceDecision({ tender, bid, reload }) {
  const { t } = useApp();
  const explanation = `explanation_${bid.id}`;
  const accepted = `accepted_${bid.id}`;
  const form = useForm({ [explanation]: '', [accepted]: 'false' });
  const submit = (event) => {
    event.preventDefault();
    form.submit((values) => post(`/tenders/${tender.id}/bids/${bid.id}/abnormal-price`,
      { explanation: values[explanation], accepted: values[accepted] === 'true' })).then((done) => done && reload());
  };
  return html`<form onSubmit=${submit} class="abnormal-price-form" data-bid=${bid.id}>
    <${Field} form=${form} name=${explanation} pointer="/explanation" type="textarea" label=${t('bidder_explanation')} />
    <${Field} form=${form} name=${accepted} pointer="/accepted" label=${t('decision')}
      options=${[['false', t('price_rejected')], ['true', t('price_accepted')]]} />
    <${Outcome} form=${form} /><${Submit} form=${form}>${t('record_decision')}</${Submit}></form>`;
}

export function AbnormalPrices({ tender, round, reload, canDecide }) {
  const { t } = useApp();
  const state = useLoad(() => get(`/tenders/${tender.id}/qualification`), [tender.version, round]);
  return html`<${Loading} state=${state}>${(review) => {
    const flagged = review.bids.filter((bid) => bid.abnormal_price?.flagged);
    if (flagged.length === 0) return null;
    return html`<div id="abnormal-prices"><h3>${t('abnormal_prices')}</h3>
      ${flagged.map((bid) => html`<div class="notice warn" key=${bid.id}>
        <p><${OrgName} id=${bid.supplier_id} /> · ${yuan(bid.price)}</p>
        <ul>${bid.abnormal_price.reasons.map((reason) => html`<li>${reason}</li>`)}</ul>
        ${bid.abnormal_price.accepted == null
          ? (canDecide ? html`<${AbnormalPriceDecision} tender=${tender} bid=${bid} reload=${reload} />`
            : html`<p class="muted abnormal-price-pending">${t('abnormal_price_for_panel')}</p>`)
          : html`<p><strong>${bid.abnormal_price.accepted ? t('price_accepted') : t('price_rejected')}</strong> — ${bid.abnormal_price.explanation}</p>`}
      </div>`)}</div>`;
  }}</${Loading}>`;
}
