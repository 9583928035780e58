// A supplier's public track record: finalized evaluations and the past-performance basis.
import { html } from 'htm/preact';

import { BarChart } from '../../components/charts.js';
import { Loading, OrgName } from '../../components/common.js';
import { get } from '../../lib/api.js';
import { useApp } from '../../lib/context.js';
import { dateTime } from '../../lib/format.js';
import { useLoad } from '../../lib/load.js';
import { Link } from '../../lib/router.js';
import { ContractsTable } from './contracts.js';

export function TrackRecordPage({ id }) {
  const { t, lang } = useApp();
  const state = useLoad(async () => {
    const [record, contracts] = await Promise.all([get(`/suppliers/${id}/track-record`), get(`/contracts?supplier=${id}&limit=100`)]);
    return { record, contracts: contracts.items };
  }, [id]);
  return html`<${Loading} state=${state}>${({ record, contracts }) => html`<div>
    <h1>${t('track_record')}: <${OrgName} id=${id} /></h1>
    ${record.evaluations.length > 0 && html`<${BarChart} id="track-record-chart" title=${t('evaluation_scores')}
      items=${record.evaluations.map((evaluation) => ({ label: `${evaluation.grade} ${evaluation.service_start ?? ''}`, value: Number(evaluation.score) }))} format=${(value) => Number(value).toFixed(2)} />`}
    <div class="table-wrap"><table><thead><tr><th scope="col">${t('evaluation')}</th><th scope="col">${t('grade')}</th><th scope="col" class="num">${t('score')}</th><th scope="col">${t('finalized_at')}</th></tr></thead>
      <tbody>${record.evaluations.map((evaluation) => html`<tr><td><${Link} href=${`/evaluations/${evaluation.evaluation_id}`}>${t(`evaluation_${evaluation.kind}`)}</${Link}></td>
        <td>${evaluation.grade}</td><td class="num">${Number(evaluation.score).toFixed(2)}</td><td>${dateTime(evaluation.finalized_at, lang)}</td></tr>`)}</tbody></table></div>
    ${record.past_performance_basis && html`<p class="muted">${t('past_performance_basis')}: ${JSON.stringify(record.past_performance_basis)}</p>`}
    <h2>${t('nav_contracts')}</h2><${ContractsTable} items=${contracts} />
  </div>`}</${Loading}>`;
}
