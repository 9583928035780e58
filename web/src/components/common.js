// Small pieces every page uses: loading and error states, status badges, organization names.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';

import { get } from '../lib/api.js';
import { useApp } from '../lib/context.js';
import { Link } from '../lib/router.js';

export function Loading({ state, children }) {
  const { t } = useApp();
  if (state.error) return html`<div class="notice error" role="alert">${state.error.message}</div>`;
  if (!state.data) return html`<p class="muted" aria-live="polite">${t('loading')}</p>`;
  return children(state.data);
}

export function Status({ value }) {
  const { t } = useApp();
  return html`<span class=${`badge status-${value}`}>${t(`status_${value}`)}</span>`;
}

const names = new Map();

/// An organization's name (fetched once per id), linked to a supplier's track record.
export function OrgName({ id, link = false }) {
  const [name, setName] = useState(names.get(id));
  useEffect(() => {
    if (!id || names.has(id)) return;
    const pending = get(`/organizations/${id}`).then((org) => org.name).catch(() => id);
    names.set(id, pending);
    pending.then((found) => names.set(id, found));
  }, [id]);
  useEffect(() => {
    const known = names.get(id);
    if (known && typeof known.then === 'function') known.then(setName);
    else setName(known);
  }, [id]);
  const text = typeof name === 'string' ? name : id;
  return link ? html`<${Link} href=${`/suppliers/${id}`}>${text}</${Link}>` : html`<span>${text}</span>`;
}

export function Section({ title, id, children }) {
  return html`<section class="card" aria-labelledby=${`${id}-title`} id=${id}>
    <h2 id=${`${id}-title`}>${title}</h2>${children}</section>`;
}

export function Definitions({ rows }) {
  return html`<dl class="facts">${rows.filter(Boolean).map(([term, value]) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}</dl>`;
}
