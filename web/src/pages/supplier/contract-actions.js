// Signing (either party), the service reports (submitted by the supplier, accepted or returned
// by the purchaser) and the report form: aggregates only, never a client's identity.
import { html } from 'htm/preact';

import { Section } from '../../components/common.js';
import { Documents } from '../../components/documents.js';
import { ActionButton, Field, Outcome, Submit, useForm } from '../../components/forms.js';
import { api, post } from '../../lib/api.js';
import { useApp } from '../../lib/context.js';
import { dateOnly, fen, yuan } from '../../lib/format.js';

export function SignForm({ contract, reload }) {
  const { t } = useApp();
  const form = useForm({ late_reason: '' });
  const submit = (event) => {
    event.preventDefault();
    // If-Match: the signature is of the version on the screen, its schedule included.
    form.submit((values) => api('POST', `/contracts/${contract.id}/sign`, values.late_reason ? values : {}, { ifMatch: contract.version }))
      .then((done) => done && reload());
  };
  return html`<form onSubmit=${submit} id="sign-form">
    <${Field} form=${form} name="late_reason" type="textarea" label=${t('late_reason')} hint=${t('late_reason_hint')} />
    <${Outcome} form=${form} /><${Submit} form=${form}>${t('sign')}</${Submit}></form>`;
}

const COUNTS = ['clients_served', 'new_intakes', 'home_visits', 'counselling_sessions', 'family_sessions', 'referrals',
  'prevention_events', 'prevention_attendance', 'training_hours', 'no_relapse_one_year', 'no_relapse_three_years', 'relapses', 'employment_placements'];

// One row of workers for each level of the staffing plan (its posts summed, the salary averaged by
// count): a post is filled only by a worker at its level or above (decision 75), so the report
// says how many of each level were employed.
function levelsOf(staffing) {
  const byLevel = new Map();
  for (const post of staffing) {
    const row = byLevel.get(post.level) ?? { level: post.level, count: 0, salaryFen: 0 };
    row.count += post.count;
    row.salaryFen += post.count * (post.monthly_salary?.amount ?? 0);
    byLevel.set(post.level, row);
  }
  return [...byLevel.values()].map((row) => ({ level: row.level, count: row.count,
    monthly_salary: row.count > 0 ? { amount: Math.round(row.salaryFen / row.count) } : null }));
}

function ReportForm({ contract, reload }) {
  const { t } = useApp();
  const rows = contract.staffing.length > 0 ? levelsOf(contract.staffing) : [{ level: 'social_worker', count: '', monthly_salary: null }];
  const initial = { period: 'monthly', period_start: contract.service_start.slice(0, 8) + '01' };
  rows.forEach((post, index) => {
    initial[`level_${index}`] = post.level;
    initial[`worker_count_${index}`] = String(post.count ?? '');
    initial[`worker_salary_${index}`] = post.monthly_salary ? String(post.monthly_salary.amount / 100) : '';
  });
  for (const name of COUNTS) initial[name] = '';
  const form = useForm(initial);
  const submit = (event) => {
    event.preventDefault();
    form.submit((values) => {
      const counts = {};
      for (const name of COUNTS) if (values[name] !== '') counts[name] = Number(values[name]);
      const workers = rows.map((_, index) => ({ level: values[`level_${index}`], count: Number(values[`worker_count_${index}`]) || 0,
        average_monthly_salary: fen(values[`worker_salary_${index}`]) }));
      return post(`/contracts/${contract.id}/reports`, { period: values.period, period_start: values.period_start, workers, counts });
    }).then((done) => done && reload());
  };
  const levels = ['none', 'assistant_social_worker', 'social_worker', 'senior_social_worker'].map((level) => [level, t(`level_${level}`)]);
  return html`<form onSubmit=${submit} id="report-form">
    <p class="hint">${t('report_privacy')}</p>
    <div class="grid">
      <${Field} form=${form} name="period" label=${t('period')} options=${[['monthly', t('monthly')], ['quarterly', t('quarterly')]]} />
      <${Field} form=${form} name="period_start" type="date" label=${t('period_start')} />
    </div>
    <fieldset><legend>${t('workers')}</legend>${rows.map((_, index) => html`<div class="grid worker-row" key=${index}>
      <${Field} form=${form} name=${`level_${index}`} pointer=${`/workers/${index}/level`} label=${t('level')} options=${levels} />
      <${Field} form=${form} name=${`worker_count_${index}`} pointer=${`/workers/${index}/count`} type="number" min="0" label=${t('workers')} />
      <${Field} form=${form} name=${`worker_salary_${index}`} pointer=${`/workers/${index}/average_monthly_salary`}
        label=${t('average_salary_yuan')} inputmode="decimal" />
    </div>`)}</fieldset>
    <fieldset><legend>${t('service_counts')}</legend><div class="grid">
      ${COUNTS.map((name) => html`<${Field} form=${form} name=${name} pointer=${`/counts/${name}`} type="number" min="0" label=${t(`count_${name}`)} />`)}
    </div></fieldset>
    <${Outcome} form=${form} success=${t('report_submitted')} /><${Submit} form=${form}>${t('submit_report')}</${Submit}></form>`;
}

// Returning a report to its supplier for correction, with the reason it is shown.
function ReturnReport({ contract, report, reload }) {
  const { t } = useApp();
  const name = `return_reason_${report.id}`;
  const form = useForm({ [name]: '' });
  const submit = (event) => {
    event.preventDefault();
    form.submit((values) => post(`/contracts/${contract.id}/reports/${report.id}/return`, { reason: values[name] }))
      .then((done) => done && reload());
  };
  return html`<details class="return-report"><summary>${t('return_report')}</summary><form onSubmit=${submit}>
    <${Field} form=${form} name=${name} pointer="/reason" label=${t('return_reason')} />
    <${Outcome} form=${form} /><${Submit} form=${form}>${t('return_report')}</${Submit}></form></details>`;
}

// What the purchaser decides on: the workers and salaries reported (with the guide they were held
// to, or that none was found), the penalties they show and every count.
function ReportDetails({ contract, report }) {
  const { t } = useApp();
  return html`<details class="report-details" id=${`report-details-${report.id}`}><summary>${t('report_details')}</summary>
    <ul class="report-workers">${report.workers.map((row) => html`<li>${t(`level_${row.level}`)}: ${t('workers')} ${row.count},
      ${t('average_salary_yuan')} ${yuan(row.average_monthly_salary)}</li>`)}</ul>
    ${report.salary_guide_year === null
      ? html`<p class="notice warn">${t('salary_not_checked', { region: contract.region })}</p>`
      : report.salary_below_benchmark.length === 0
        ? html`<p class="notice ok">${t('salary_meets_guide', { year: report.salary_guide_year })}</p>`
        : html`<div class="notice warn"><p>${t('salary_below_guide', { year: report.salary_guide_year })}</p>
            <ul>${report.salary_below_benchmark.map((flag) => html`<li>${flag}</li>`)}</ul></div>`}
    ${report.deduction_basis && html`<p>${t('deduction')}: ${report.deduction_basis}</p>`}
    <dl class="counts">${COUNTS.map((name) => html`<dt>${t(`count_${name}`)}</dt><dd>${report.counts[name]}</dd>`)}</dl></details>`;
}

export function Reports({ contract, reports, canDecide, canAttach = false, reload }) {
  const { t, lang } = useApp();
  if (!reports.items.length) return html`<p class="muted">${t('no_reports')}</p>`;
  return html`<div class="table-wrap"><table id="reports-table"><thead><tr><th scope="col">${t('period')}</th><th scope="col">${t('status')}</th>
    <th scope="col" class="num">${t('count_clients_served')}</th><th scope="col" class="num">${t('deduction')}</th>
    <th scope="col">${t('documents')}</th><th scope="col"></th></tr></thead>
    <tbody>${reports.items.map((report) => html`<tr key=${report.id}><td>${dateOnly(report.period_start, lang)} – ${dateOnly(report.period_end, lang)}
        <${ReportDetails} contract=${contract} report=${report} /></td>
      <td>${t(`report_${report.status}`)}${report.return_reason && ` · ${report.return_reason}`}</td>
      <td class="num">${report.counts.clients_served}</td><td class="num">${yuan(report.deduction)}</td>
      <td><${Documents} target="report" targetId=${report.id} types=${['service_report', 'evidence']} version=${report.status}
        idPrefix=${`attach-report-${report.id}`} canAttach=${canAttach && report.status === 'submitted'} /></td>
      <td>${canDecide && report.status === 'submitted' && html`<${ActionButton} label=${t('accept_report')}
        action=${() => post(`/contracts/${contract.id}/reports/${report.id}/accept`)} onDone=${reload} />
        <${ReturnReport} contract=${contract} report=${report} reload=${reload} />`}</td></tr>`)}</tbody></table></div>
    ${reports.outstanding_deductions && html`<p>${t('outstanding_deductions')}: ${yuan(reports.outstanding_deductions)}</p>`}`;
}

export function ContractSupplierActions({ contract, reload }) {
  const { t } = useApp();
  if (contract.status !== 'active') return null;
  return html`<${Section} title=${t('submit_report')} id="supplier-contract-actions"><${ReportForm} contract=${contract} reload=${reload} /></${Section}>`;
}
