// Challenges of a tender's award (SPEC §3.5): answered ones are public, open ones are shown to
// their challenger and the purchaser, who answers them here. An upheld challenge of the present
// award sends it back to the purchaser to award again.
import { html } from 'htm/preact';

import { Section } from '../../components/common.js';
import { Field, Outcome, Submit, useForm } from '../../components/forms.js';
import { post } from '../../lib/api.js';
import { useApp } from '../../lib/context.js';
import { dateTime } from '../../lib/format.js';

const since = (tender) => new Date(tender.award.awarded_at).getTime();

/// Whether a challenge of the present award was upheld and none of it is still open: the award
/// was found wrong, and the purchaser awards again with the reason.
export function awardOverturned(tender, challenges) {
  if (!tender.award) return false;
  const current = challenges.filter((challenge) => new Date(challenge.filed_at).getTime() >= since(tender));
  return current.some((challenge) => challenge.upheld === true) && !current.some((challenge) => challenge.open);
}

function Answer({ tender, challenge, reload }) {
  const { t } = useApp();
  const form = useForm({ challenge_answer: '', challenge_upheld: 'false' });
  const submit = (event) => {
    event.preventDefault();
    form.submit((values) => post(`/tenders/${tender.id}/challenges/${challenge.id}/answer`,
      { answer: values.challenge_answer, upheld: values.challenge_upheld === 'true' })).then((done) => done && reload());
  };
  return html`<form onSubmit=${submit} id="answer-challenge-form">
    <${Field} form=${form} name="challenge_answer" pointer="/answer" type="textarea" label=${t('challenge_answer')} />
    <${Field} form=${form} name="challenge_upheld" pointer="/upheld" label=${t('challenge_verdict')}
      options=${[['false', t('challenge_dismissed')], ['true', t('challenge_upheld')]]} />
    <${Outcome} form=${form} /><${Submit} form=${form}>${t('answer_challenge')}</${Submit}></form>`;
}

function verdict(challenge, t) {
  if (challenge.open) return html`<span class="badge status-open">${t('challenge_open')}</span>`;
  return challenge.upheld
    ? html`<span class="badge status-upheld">${t('challenge_upheld')}</span>`
    : html`<span class="badge status-dismissed">${t('challenge_dismissed')}</span>`;
}

export function Challenges({ tender, challenges, reload }) {
  const { t, lang, session } = useApp();
  if (!tender.award && challenges.length === 0) return null;
  const owner = session?.role === 'purchaser' && session.organization_id === tender.purchaser_id;
  // One answer form at a time, for the oldest open challenge: they are answered in the order filed.
  const next = owner ? challenges.find((challenge) => challenge.open) : undefined;
  return html`<${Section} title=${t('challenges')} id="challenges">
    ${challenges.length === 0 ? html`<p class="muted">${t('no_challenges')}</p>` : html`<ol class="challenges">
      ${challenges.map((challenge) => html`<li key=${challenge.id} id=${`challenge-${challenge.id}`}>
        <p>${verdict(challenge, t)} <small class="muted">${t('filed_at')} ${dateTime(challenge.filed_at, lang)}
          · ${t('answer_due')} ${dateTime(challenge.answer_due, lang)}</small></p>
        <p>${challenge.text}</p>
        ${challenge.answer != null && html`<p><strong>${t('challenge_answer')}:</strong> ${challenge.answer}
          <small class="muted">${dateTime(challenge.answered_at, lang)}${challenge.answered_late ? ` · ${t('late')}` : ''}</small></p>`}
        ${challenge === next && html`<${Answer} tender=${tender} challenge=${challenge} reload=${reload} />`}
      </li>`)}</ol>`}
  </${Section}>`;
}
