// The input fields of one indicator leaf, by its scoring rule, and the body they make.
import { html } from 'htm/preact';

import { Field } from '../../components/forms.js';
import { useApp } from '../../lib/context.js';

export function LeafInputs({ form, leaf, index }) {
  const { t } = useApp();
  const name = (part) => `${leaf.key}__${part}`;
  const at = (part) => `/scores/${index}/${part}`;
  const legend = html`<legend>${leaf.name} <small>(≤ ${leaf.points} ${t('points')} · ${t(`rule_${leaf.rule}`)})</small></legend>`;
  const evidence = html`<${Field} form=${form} name=${name('evidence')} pointer=${at('evidence')} label=${t('evidence')} />`;
  switch (leaf.rule) {
    case 'ratio':
      return html`<fieldset>${legend}<${Field} form=${form} name=${name('actual')} pointer=${at('actual')} type="number" step="any" min="0"
        label=${leaf.target ? t('actual_against', { target: leaf.target }) : t('actual')} />${evidence}</fieldset>`;
    case 'bands':
      return html`<fieldset>${legend}<div class="grid">
        <${Field} form=${form} name=${name('numerator')} pointer=${at('numerator')} type="number" min="0" label=${t('numerator')} />
        <${Field} form=${form} name=${name('denominator')} pointer=${at('denominator')} type="number" min="1" label=${t('denominator')} /></div>${evidence}</fieldset>`;
    case 'boolean':
      return html`<fieldset>${legend}<${Field} form=${form} name=${name('achieved')} pointer=${at('achieved')} label=${t('achieved')}
        options=${[['', '—'], ['true', t('yes')], ['false', t('no')]]} />${evidence}</fieldset>`;
    case 'qualitative':
      return html`<fieldset>${legend}<div class="grid">
        <${Field} form=${form} name=${name('judgement')} pointer=${at('judgement')} label=${t('judgement')}
          options=${[['', '—'], ['achieved', t('judgement_achieved')], ['partly', t('judgement_partly')], ['not', t('judgement_not')]]} />
        <${Field} form=${form} name=${name('percent')} pointer=${at('percent')} type="number" min="0" max="100" label=${t('percent')} /></div>
        <${Field} form=${form} name=${name('justification')} pointer=${at('justification')} type="textarea" label=${t('justification')} /></fieldset>`;
    default:
      return html`<fieldset>${legend}<${Field} form=${form} name=${name('points')} pointer=${at('points')} type="number" step="0.01" min="0" max=${leaf.points}
        label=${`${t('points')} (0–${leaf.points})`} required />
        <${Field} form=${form} name=${name('justification')} pointer=${at('justification')} type="textarea" label=${t('justification')} required hint=${t('justification_required')} /></fieldset>`;
  }
}

const NUMBERS = ['actual', 'numerator', 'denominator', 'percent', 'points'];

/// The score entries of the leaves given in `values` (empty leaves are left out).
export function leafScores(leaves, values) {
  return leaves.map((leaf) => {
    const entry = { leaf: leaf.key };
    for (const part of [...NUMBERS, 'judgement', 'justification', 'evidence', 'achieved']) {
      const value = values[`${leaf.key}__${part}`];
      if (value === undefined || value === '') continue;
      entry[part] = NUMBERS.includes(part) ? Number(value) : part === 'achieved' ? value === 'true' : value;
    }
    return entry;
  });
}
