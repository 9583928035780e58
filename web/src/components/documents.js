// The documents attached to one object (a tender, its award, a contract), each with its SHA-256
// and a link to its content; the party that may attach more uploads a file and attaches it, in
// the two calls the API takes (the upload is named and hashed first, then bound to the object).
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';

import { Loading } from './common.js';
import { Field, Outcome, Submit, useForm } from './forms.js';
import { download, get, post, query, token, upload } from '../lib/api.js';
import { useApp } from '../lib/context.js';
import { dateTime } from '../lib/format.js';
import { useLoad } from '../lib/load.js';

function Attach({ target, targetId, types, parts, onAttached, id }) {
  const { t } = useApp();
  const [file, setFile] = useState(null);
  // Kept when the attachment is refused after the upload worked, so that a retry does not upload twice.
  const [uploaded, setUploaded] = useState(null);
  const typeField = `${id}-type`;
  const partField = `${id}-part`;
  const form = useForm({ [typeField]: types[0], [partField]: parts?.[0]?.[0] ?? '' });
  const submit = (event) => {
    event.preventDefault();
    form.submit(async (values) => {
      if (!file) throw Object.assign(new Error(t('choose_file')), { errors: [] });
      const stored = uploaded ?? await upload(file);
      setUploaded(stored);
      return post(`/documents/${stored.id}/attachments`, {
        target, target_id: targetId, document_type: values[typeField], ...(parts ? { part: values[partField] } : {}),
      });
    }).then((done) => done && onAttached());
  };
  return html`<form onSubmit=${submit} id=${`${id}-form`} class="attach-form">
    <div class="field"><label for=${`${id}-file`}>${t('file')}</label>
      <input id=${`${id}-file`} type="file" onChange=${(event) => { setFile(event.currentTarget.files[0] ?? null); setUploaded(null); }} /></div>
    <${Field} form=${form} name=${typeField} pointer="/document_type" label=${t('document_type')} options=${types.map((type) => [type, t(`document_${type}`)])} />
    ${parts && html`<${Field} form=${form} name=${partField} pointer="/part" label=${t('document_part')} options=${parts} />`}
    <${Outcome} form=${form} /><${Submit} form=${form}>${t('attach_document')}</${Submit}></form>`;
}

/// One document's link: a plain link for anyone, fetched with the token for a signed-in user.
function DocumentLink({ document }) {
  const form = useForm({});
  const click = (event) => {
    if (!token.get()) return;
    event.preventDefault();
    form.submit(() => download(document));
  };
  return html`<a href=${`/api/v1/documents/${document.id}/content`} download=${document.file_name} onClick=${click}>${document.file_name}</a>
    ${form.problem && html`<span class="field-error" role="alert"> ${form.problem.message}</span>`}`;
}

/// `idPrefix` keeps the ids of several lists on one page apart (one per report, say). `parts`
/// ([value, label] pairs: an evaluation's indicators) names the part each document goes with.
/// `quiet` shows nothing at all, rather than "no documents", when there is nothing to show or do.
/// `onAttached` runs after each attachment, for an object the attachment changes (a file added to
/// a tender open for bids is a clarification: it may move the deadline and bumps the version).
export function Documents({ target, targetId, types = [], parts, canAttach = false, version, idPrefix = `attach-${target}`, quiet = false,
  onAttached: changed }) {
  const { t, lang } = useApp();
  const state = useLoad(() => get(`/attachments${query({ target, target_id: targetId })}`), [target, targetId, version]);
  // A fresh form after each attachment (no file left chosen to attach twice), with a note of it.
  const [attached, setAttached] = useState(0);
  const onAttached = () => { setAttached((count) => count + 1); state.reload(); changed?.(); };
  return html`<${Loading} state=${state}>${(data) => (quiet && !canAttach && data.items.length === 0 ? null : html`<div class="documents" id=${`documents-${idPrefix}`}>
    ${data.items.length === 0 ? html`<p class="muted">${t('no_documents')}</p>` : html`<ul>
      ${data.items.map((item, index) => html`<li key=${`${item.document.id}-${item.document_type}-${index}`}>
        <${DocumentLink} document=${item.document} />
        <small class="muted"> ${t(`document_${item.document_type}`)}${item.part ? ` (${parts?.find(([value]) => value === item.part)?.[1] ?? item.part})` : ''}
          · ${dateTime(item.attached_at, lang)} ·
          <code title=${item.document.sha256}>sha256 ${item.document.sha256.slice(0, 12)}…</code></small></li>`)}</ul>`}
    ${canAttach && html`<details><summary>${t('attach_document')}</summary>
      ${attached > 0 && html`<p class="notice ok" role="status">${t('document_attached')}</p>`}
      <${Attach} key=${attached} id=${idPrefix} target=${target} targetId=${targetId} types=${types} parts=${parts}
        onAttached=${onAttached} /></details>`}
  </div>`)}</${Loading}>`;
}
