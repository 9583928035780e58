// One contract: parties, price, signatures, the payment ledger, payroll coverage as a chart,
// evaluations; and the purchaser's and supplier's actions on it.
import { html } from 'htm/preact';

import { LineChart } from '../../components/charts.js';
import { Definitions, Loading, OrgName, Section, Status } from '../../components/common.js';
import { Documents } from '../../components/documents.js';
import { ActionButton } from '../../components/forms.js';
import { get, post } from '../../lib/api.js';
import { useApp } from '../../lib/context.js';
import { dateOnly, dateTime, yuan } from '../../lib/format.js';
import { optional, useLoad } from '../../lib/load.js';
import { Link } from '../../lib/router.js';
import { ContractPurchaserActions } from '../purchaser/contract-actions.js';
import { ContractSupplierActions, Reports, SignForm } from '../supplier/contract-actions.js';
import { ContractAmendments } from './contract-amendments.js';

export function Ledger({ ledger, contract, canRelease, reload }) {
  const { t, lang } = useApp();
  if (!ledger.instalments.length) return html`<p class="muted">${t('no_schedule')}</p>`;
  return html`<div class="table-wrap"><table id="ledger-table">
    <thead><tr><th scope="col">#</th><th scope="col">${t('due_date')}</th><th scope="col" class="num">${t('amount')}</th>
      <th scope="col">${t('condition')}</th><th scope="col">${t('released_at')}</th><th scope="col" class="num">${t('released')}</th>
      <th scope="col" class="num">${t('deducted')}</th>${canRelease && html`<th scope="col"><span class="sr-only">${t('release')}</span></th>`}</tr></thead>
    <tbody>${ledger.instalments.map((instalment) => html`<tr>
      <td>${instalment.number}</td><td>${dateOnly(instalment.due_date, lang)}</td><td class="num">${yuan(instalment.amount)}</td>
      <td>${t(`condition_${instalment.condition}`)}</td>
      <td>${instalment.released_at ? dateTime(instalment.released_at, lang) : '—'}${instalment.released_late ? html` <span class="badge status-late">${t('late')}</span>` : ''}</td>
      <td class="num">${yuan(instalment.released_amount)}</td><td class="num">${yuan(instalment.deducted)}
        ${(instalment.deductions ?? []).map((deduction) => html`<div><small>${yuan(deduction.amount)} · ${deduction.reason}</small></div>`)}</td>
      ${canRelease && html`<td>${!instalment.released_at && html`<${ActionButton} label=${t('release')} confirm=${t('confirm_release', { amount: yuan(instalment.amount) })}
        action=${() => post(`/contracts/${contract.id}/instalments/${instalment.number}/release`)} onDone=${reload} />`}</td>`}
    </tr>`)}</tbody>
    <tfoot><tr><th scope="row" colspan="2">${t('totals')}</th><td class="num">${yuan(ledger.scheduled)}</td><td></td><td></td>
      <td class="num">${yuan(ledger.released)}</td><td class="num">${yuan(ledger.deducted)}</td>${canRelease && html`<td></td>`}</tr></tfoot>
  </table></div>
  <p>${t('outstanding')}: <strong>${yuan(ledger.outstanding)}</strong></p>
  ${ledger.pending_deductions?.amount > 0 && html`<p id="pending-deductions">${t('pending_deductions')}: <strong>${yuan(ledger.pending_deductions)}</strong>
    ${ledger.pending_deductions_reason ? ` · ${ledger.pending_deductions_reason}` : ''}</p>`}`;
}

export function CoverageChart({ coverage }) {
  const { t } = useApp();
  const months = coverage.months.map((month) => `${t('month_short')}${month.month}`);
  return html`<div>
    <${LineChart} id="coverage-chart" title=${t('payroll_coverage')} labels=${months} format=${(value) => yuan(Math.round(value))}
      series=${[
        { name: t('balance'), values: coverage.months.map((month) => month.balance.amount) },
        { name: t('payroll'), values: coverage.months.map((month) => month.payroll.amount) },
      ]} />
    ${coverage.shortfalls.length > 0
      ? html`<p class="notice warn">${t('shortfalls')}: ${coverage.shortfalls.map((item) => `${t('month_short')}${item.month} ${yuan(item.shortfall)}`).join('；')}</p>`
      : html`<p class="notice ok">${t('no_shortfall')}</p>`}
  </div>`;
}

function Evaluations({ contract }) {
  const { t } = useApp();
  const state = useLoad(() => get(`/evaluations?contract=${contract.id}`), [contract.id, contract.version]);
  return html`<${Loading} state=${state}>${(data) => data.items.length === 0 ? html`<p class="muted">${t('no_evaluations')}</p>`
    : html`<ul>${data.items.map((evaluation) => html`<li><${Link} href=${`/evaluations/${evaluation.id}`}>${t(`evaluation_${evaluation.kind}`)}</${Link}>
      · <${Status} value=${evaluation.status} /> ${evaluation.grade && html`· ${t('grade')} <strong>${evaluation.grade}</strong> (${Number(evaluation.score).toFixed(2)})`}</li>`)}</ul>`}</${Loading}>`;
}

export function ContractPage({ id }) {
  const { t, lang, session } = useApp();
  const state = useLoad(async () => {
    const contract = await get(`/contracts/${id}`);
    const [ledger, coverage, reports] = await Promise.all([
      get(`/contracts/${id}/instalments`),
      optional(get(`/contracts/${id}/payroll-coverage`)),
      optional(get(`/contracts/${id}/reports`)),
    ]);
    return { contract, ledger, coverage, reports };
  }, [id, session?.account_id]);
  return html`<${Loading} state=${state}>${({ contract, ledger, coverage, reports }) => {
    const isPurchaser = session?.role === 'purchaser' && session.organization_id === contract.purchaser_id;
    const isSupplier = session?.role === 'supplier' && session.organization_id === contract.supplier_id;
    return html`<div>
      <p class="breadcrumbs"><${Link} href="/contracts">${t('nav_contracts')}</${Link}> ›</p>
      <h1>${t('contract')} <code>${contract.id}</code> <${Status} value=${contract.status} /></h1>
      <${Definitions} rows=${[
        [t('tender'), html`<${Link} href=${`/tenders/${contract.tender_id}`}>${contract.tender_id}</${Link}>`],
        [t('purchaser'), html`<${OrgName} id=${contract.purchaser_id} />`],
        [t('supplier'), html`<${OrgName} id=${contract.supplier_id} link />`],
        [t('price'), yuan(contract.price)],
        [t('amendment_headroom'), yuan(contract.amendment_headroom)],
        [t('service_start'), `${dateOnly(contract.service_start, lang)} · ${contract.service_months} ${t('months')}`],
        [t('purchaser_signed'), contract.purchaser_signed_at ? dateTime(contract.purchaser_signed_at, lang) : '—'],
        [t('supplier_signed'), contract.supplier_signed_at ? dateTime(contract.supplier_signed_at, lang) : '—'],
        contract.signed_late && [t('late_reason'), contract.late_signing_reason],
        [t('quality_framework'), contract.quality_framework?.key],
      ]} />
      ${(isPurchaser || isSupplier) && !(isPurchaser ? contract.purchaser_signed_at : contract.supplier_signed_at) && contract.status === 'draft'
        && html`<${Section} title=${t('sign')} id="sign">${contract.instalments.length > 0
          ? html`<${SignForm} contract=${contract} reload=${state.reload} />`
          : html`<p class="muted" id="sign-waits-for-schedule">${t('sign_needs_schedule')}</p>`}</${Section}>`}
      <${Section} title=${t('payment_ledger')} id="ledger"><${Ledger} ledger=${ledger} contract=${contract} canRelease=${isPurchaser && contract.status === 'active'} reload=${state.reload} /></${Section}>
      ${coverage && coverage.months?.length > 0 && html`<${Section} title=${t('payroll_coverage')} id="coverage"><${CoverageChart} coverage=${coverage} /></${Section}>`}
      ${isPurchaser && html`<${ContractPurchaserActions} contract=${contract} reload=${state.reload} />`}
      ${isSupplier && html`<${ContractSupplierActions} contract=${contract} reload=${state.reload} />`}
      <${Section} title=${t('contract_documents')} id="contract-documents">
        <${Documents} target="contract" targetId=${contract.id} types=${['signed_contract', 'annex']} version=${contract.version}
          canAttach=${(isPurchaser || isSupplier) && contract.status !== 'cancelled'} /></${Section}>
      <${ContractAmendments} contract=${contract} reload=${state.reload} />
      ${reports && html`<${Section} title=${t('reports')} id="reports"><${Reports} contract=${contract} reports=${reports} canDecide=${isPurchaser} canAttach=${isSupplier} reload=${state.reload} /></${Section}>`}
      <${Section} title=${t('evaluations')} id="evaluations"><${Evaluations} contract=${contract} /></${Section}>
      <p><a href=${`/api/v1/contracts/${contract.id}/versions`}>${t('contract_versions')}</a></p>
    </div>`;
  }}</${Loading}>`;
}
