// The bid form: price, staffing plan with the live staffing check, proposal, declarations; on
// success the receipt (hash and server time) is shown and can be downloaded.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';

import { Loading, Section } from '../../components/common.js';
import { Field, Outcome, Submit, useForm } from '../../components/forms.js';
import { api, get, post, query } from '../../lib/api.js';
import { useApp } from '../../lib/context.js';
import { dateTime, fen, yuan } from '../../lib/format.js';
import { optional, useLoad } from '../../lib/load.js';
import { Link } from '../../lib/router.js';
import { staffingFindings } from './staffing.js';

const LEVELS = ['none', 'assistant_social_worker', 'social_worker', 'senior_social_worker'];

export function Receipt({ bid }) {
  const { t, lang } = useApp();
  const document = JSON.stringify({ bid_id: bid.id, tender_id: bid.tender_id, version: bid.version, receipt: bid.receipt, price: bid.price, staffing_check: bid.staffing_check }, null, 2);
  const href = URL.createObjectURL(new Blob([document], { type: 'application/json' }));
  return html`<div class="receipt card" id="bid-receipt" role="status">
    <h2>${t('receipt')}</h2>
    <dl class="facts"><div><dt>${t('bid')}</dt><dd><code>${bid.id}</code> (v${bid.version})</dd></div>
      <div><dt>SHA-256</dt><dd><code class="hash">${bid.receipt.sha256}</code></dd></div>
      <div><dt>${t('server_time')}</dt><dd>${dateTime(bid.receipt.server_time, lang)}</dd></div>
      <div><dt>${t('price')}</dt><dd>${yuan(bid.price)}</dd></div></dl>
    ${bid.staffing_check && html`<ul class="checks">${bid.staffing_check.map((finding) => html`<li class=${finding.shortfall ? 'bad' : 'ok'}>${finding.shortfall ? '⚠' : '✓'} ${finding.message}</li>`)}</ul>`}
    <p><a class="button" href=${href} download=${`receipt-${bid.id}.json`} id="download-receipt">${t('download_receipt')}</a></p>
  </div>`;
}

function BidForm({ tender, benchmark, existing }) {
  const { t } = useApp();
  const [rows, setRows] = useState(existing?.staffing?.map((post) => ({ level: post.level, count: String(post.count), salary: String(post.monthly_salary.amount / 100), months: String(post.months) }))
    ?? [{ level: 'social_worker', count: String(tender.minimum_posts), salary: String((benchmark?.monthly_salary.social_worker.amount ?? 0) / 100), months: String(tender.service_months) }]);
  const form = useForm({
    price: existing ? String(existing.price.amount / 100) : '', salary_reserve: existing?.salary_reserve ? String(existing.salary_reserve.amount / 100) : '',
    section_title: existing?.technical_proposal?.sections?.[0]?.title ?? '', section_text: existing?.technical_proposal?.sections?.[0]?.text ?? '',
    no_serious_violation: false, tax_compliant: false, social_insurance_compliant: false, accepts_terms: false,
  });
  const setRow = (index, key, value) => setRows((all) => all.map((row, at) => (at === index ? { ...row, [key]: value } : row)));
  const findings = staffingFindings({ rows, price: form.values.price, tender, benchmark, t });
  const submit = (event) => {
    event.preventDefault();
    form.submit((values) => {
      const body = {
        price: fen(values.price),
        staffing: rows.map((row) => ({ level: row.level, count: Number(row.count) || 0, monthly_salary: fen(row.salary), months: Number(row.months) || 0 })),
        technical_proposal: { sections: values.section_title || values.section_text ? [{ title: values.section_title, text: values.section_text }] : [], document_hashes: [] },
        declarations: { no_serious_violation: values.no_serious_violation, tax_compliant: values.tax_compliant, social_insurance_compliant: values.social_insurance_compliant, accepts_terms: values.accepts_terms },
      };
      if (values.salary_reserve) body.salary_reserve = fen(values.salary_reserve);
      return existing ? api('PUT', `/tenders/${tender.id}/bids/${existing.id}`, body, { ifMatch: existing.version }) : post(`/tenders/${tender.id}/bids`, body);
    });
  };
  if (form.result && form.result.receipt) return html`<${Receipt} bid=${form.result} />`;
  return html`<form onSubmit=${submit} id="bid-form" class="card">
    <${Field} form=${form} name="price" label=${t('price_yuan')} inputmode="decimal" required hint=${t('budget_ceiling') + ' ' + yuan(tender.budget_ceiling)} />
    <fieldset><legend>${t('staffing_plan')}</legend>
      ${rows.map((row, index) => html`<div class="staff-row" data-row=${index}>
        <div class="field"><label for=${`level-${index}`}>${t('level')}</label>
          <select id=${`level-${index}`} value=${row.level} onChange=${(event) => setRow(index, 'level', event.currentTarget.value)}>
            ${LEVELS.map((level) => html`<option value=${level}>${t(`level_${level}`)}</option>`)}</select></div>
        <div class="field"><label for=${`count-${index}`}>${t('posts')}</label>
          <input id=${`count-${index}`} type="number" min="1" value=${row.count} onInput=${(event) => setRow(index, 'count', event.currentTarget.value)} /></div>
        <div class=${`field ${form.errorsAt(`/staffing/${index}`).length ? 'has-error' : ''}`}><label for=${`salary-${index}`}>${t('monthly_salary_yuan')}</label>
          <input id=${`salary-${index}`} inputmode="decimal" value=${row.salary} onInput=${(event) => setRow(index, 'salary', event.currentTarget.value)} />
          ${form.errorsAt(`/staffing/${index}`).length > 0 && html`<p class="field-error" role="alert">${form.errorsAt(`/staffing/${index}`).join('；')}</p>`}</div>
        <div class="field"><label for=${`months-${index}`}>${t('months')}</label>
          <input id=${`months-${index}`} type="number" min="1" value=${row.months} onInput=${(event) => setRow(index, 'months', event.currentTarget.value)} /></div>
        ${rows.length > 1 && html`<button type="button" class="link" onClick=${() => setRows((all) => all.filter((_, at) => at !== index))}>${t('remove')}</button>`}
      </div>`)}
      <button type="button" onClick=${() => setRows((all) => [...all, { level: 'assistant_social_worker', count: '1', salary: '', months: String(tender.service_months) }])}>${t('add_post')}</button>
    </fieldset>
    <div class="staffing-check" aria-live="polite" id="staffing-check"><h3>${t('staffing_check')}</h3>
      <ul class="checks">${findings.map((finding) => html`<li class=${finding.shortfall ? 'bad' : 'ok'} data-check=${finding.check}>${finding.shortfall ? '⚠' : '✓'} ${finding.message}</li>`)}</ul></div>
    <${Field} form=${form} name="salary_reserve" label=${t('salary_reserve_yuan')} inputmode="decimal" />
    <${Field} form=${form} name="section_title" pointer="/technical_proposal/sections/0/title" label=${t('proposal_title')} />
    <${Field} form=${form} name="section_text" pointer="/technical_proposal/sections/0/text" type="textarea" rows="5" label=${t('proposal_text')} />
    <fieldset><legend>${t('declarations')}</legend>
      ${['no_serious_violation', 'tax_compliant', 'social_insurance_compliant', 'accepts_terms'].map((name) => html`<${Field} form=${form} name=${name} pointer=${`/declarations/${name}`} type="checkbox" label=${t(`declare_${name}`)} />`)}
    </fieldset>
    <${Outcome} form=${form} />
    <${Submit} form=${form}>${existing ? t('replace_bid') : t('submit_bid')}</${Submit}>
  </form>`;
}

export function BidPage({ id }) {
  const { t, session } = useApp();
  const state = useLoad(async () => {
    const tender = await get(`/tenders/${id}`);
    const year = Number(tender.service_start.slice(0, 4));
    const [benchmarks, bids] = await Promise.all([get(`/salary-benchmarks${query({ region: tender.region, year })}`), optional(get(`/tenders/${id}/bids`))]);
    const own = (bids?.items ?? []).find((bid) => bid.supplier_id === session?.organization_id && bid.state === 'active');
    const existing = own ? await get(`/tenders/${id}/bids/${own.id}`) : null;
    return { tender, benchmark: benchmarks.items.find((item) => item.year === year) ?? null, existing };
  }, [id, session?.organization_id]);
  if (session?.role !== 'supplier') return html`<p class="notice warn">${t('suppliers_only')}</p>`;
  return html`<${Loading} state=${state}>${({ tender, benchmark, existing }) => html`<div>
    <p class="breadcrumbs"><${Link} href=${`/tenders/${tender.id}`}>${tender.title}</${Link}> ›</p>
    <h1>${existing ? t('replace_bid') : t('submit_bid')}</h1>
    <${BidForm} tender=${tender} benchmark=${benchmark} existing=${existing} />
  </div>`}</${Loading}>`;
}

export function OwnBids({ tender, bids, reload }) {
  const { t, lang, session } = useApp();
  const own = bids.filter((bid) => bid.supplier_id === session.organization_id);
  if (!own.length) return null;
  return html`<ul class="own-bids">${own.map((bid) => html`<li>${t('your_bid')}: ${yuan(bid.price)} · ${t(`bid_${bid.state}`)} ·
    ${t('receipt')} <code>${bid.receipt?.sha256?.slice(0, 16)}…</code> · ${dateTime(bid.receipt?.server_time, lang)}</li>`)}</ul>`;
}

