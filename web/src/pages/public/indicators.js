// Regional indicators as charts: the latest rates as bars, grades as bars, and rates year by
// year as lines, each with the numbers behind a disclosure and the basis of each rate.
import { html } from 'htm/preact';

import { BarChart, LineChart } from '../../components/charts.js';
import { Loading } from '../../components/common.js';
import { Field, useForm } from '../../components/forms.js';
import { get, query } from '../../lib/api.js';
import { useApp } from '../../lib/context.js';
import { percent, yuan } from '../../lib/format.js';
import { useLoad } from '../../lib/load.js';

const RATES = ['certified_worker_share', 'salary_compliance_rate', 'payment_punctuality', 'relapse_rate', 'abstinence_one_year', 'abstinence_three_years', 'single_bid_share'];
const TRENDS = ['salary_compliance_rate', 'payment_punctuality', 'abstinence_one_year'];
const YEARS = 5;

export function IndicatorsPage() {
  const { t } = useApp();
  const form = useForm({ region: '310115' });
  const region = form.values.region;
  const state = useLoad(async () => {
    const health = await fetch('/healthz').then((response) => response.json());
    const last = Number(health.time.slice(0, 4));
    const years = Array.from({ length: YEARS }, (_, index) => last - YEARS + 1 + index);
    const [now, ...byYear] = await Promise.all([
      get(`/indicators${query({ region })}`),
      ...years.map((year) => get(`/indicators${query({ region, from: `${year}-01-01T00:00:00+08:00`, to: `${year + 1}-01-01T00:00:00+08:00` })}`)),
    ]);
    return { now, years, byYear };
  }, [region]);
  const value = (indicator) => (indicator && indicator.denominator ? Number(indicator.value) : 0);
  return html`<div><h1>${t('nav_indicators')}</h1>
    <form class="filters card" onSubmit=${(event) => event.preventDefault()}><${Field} form=${form} name="region" label=${t('region')} /></form>
    <${Loading} state=${state}>${({ now, years, byYear }) => html`<div class="charts">
      <p>${t('contracts')}: <strong>${now.contracts}</strong> · ${t('clients_covered')}: <strong>${now.clients_covered}</strong>
        ${now.cost_per_client_fen && html` · ${t('cost_per_client')}: <strong>${yuan(Number(now.cost_per_client_fen.value))}</strong>`}
        ${now.bids_per_tender && html` · ${t('bids_per_tender')}: <strong>${now.bids_per_tender.value}</strong>`}</p>
      <${BarChart} id="rates-chart" title=${t('rates')} format=${percent}
        items=${RATES.filter((key) => now[key]).map((key) => ({ label: t(`indicator_${key}`), value: value(now[key]) }))} />
      <${BarChart} id="staffing-chart" title=${t('workers_per_client')} format=${(number) => Number(number).toFixed(4)}
        items=${[{ label: t('indicator_workers_per_client'), value: value(now.workers_per_client) }, { label: t('indicator_standard_workers_per_client'), value: value(now.standard_workers_per_client) }]} />
      <${BarChart} id="grades-chart" title=${t('grade_distribution')}
        items=${['优', '良', '中', '差'].map((grade) => ({ label: grade, value: now.grade_distribution?.[grade] ?? 0 }))} />
      <${LineChart} id="trend-chart" title=${t('trends')} labels=${years.map(String)} format=${percent}
        series=${TRENDS.map((key) => ({ name: t(`indicator_${key}`), values: byYear.map((year) => value(year[key])) }))} />
      <details><summary>${t('basis')}</summary><ul>${RATES.filter((key) => now[key]).map((key) => html`<li><strong>${t(`indicator_${key}`)}</strong>: ${now[key].basis} (${now[key].numerator}/${now[key].denominator})</li>`)}</ul></details>
    </div>`}</${Loading}>
  </div>`;
}
