// The staffing check a bid form shows while the supplier types, computed the way the server
// computes it at submission (procurement/src/bid.cpp): posts against the tender's minimum,
// each salary against the region's guide salary, payroll with employer contributions against
// the price. The server's own findings come back on the receipt.
import { parseYuan, yuan } from '../../lib/format.js';

const RATE_KEYS = ['pension_bp', 'medical_bp', 'unemployment_bp', 'work_injury_bp', 'housing_fund_bp'];

/// rows: [{ level, count, salary (yuan text), months }]; benchmark: a salary-benchmarks item or null.
export function staffingFindings({ rows, price, tender, benchmark, t }) {
  const findings = [];
  // Social-worker posts: certified (assistant social worker or above) and held for the whole
  // service, as the server counts them (decision 82).
  const posts = rows.reduce((sum, row) => sum + (row.level !== 'none' && (Number(row.months) || 0) >= tender.service_months
    ? (Number(row.count) || 0) : 0), 0);
  findings.push({ check: 'posts', pointer: '/staffing', shortfall: posts < tender.minimum_posts,
    message: t('check_posts', { posts, minimum: tender.minimum_posts }) });
  if (!benchmark) {
    findings.push({ check: 'salary', pointer: '/staffing', shortfall: true, message: t('check_no_benchmark', { region: tender.region }) });
    return findings;
  }
  rows.forEach((row, index) => {
    const salary = parseYuan(row.salary) ?? 0;
    const guide = benchmark.monthly_salary[row.level]?.amount ?? 0;
    findings.push({ check: 'salary', pointer: `/staffing/${index}/monthly_salary`, shortfall: salary < guide,
      message: t(salary < guide ? 'check_salary_below' : 'check_salary_meets', { level: t(`level_${row.level}`), salary: yuan(salary), guide: yuan(guide) }) });
  });
  // Month by month, as the server and the cost estimate cost it: the gross of the posts in force
  // that month, each employer rate applied once to that gross and rounded half-up (decision 83).
  const longest = rows.reduce((most, row) => Math.max(most, Number(row.months) || 0), 0);
  let payroll = 0;
  for (let month = 1; month <= longest; month += 1) {
    const gross = rows.reduce((sum, row) => sum + ((Number(row.months) || 0) >= month
      ? (parseYuan(row.salary) ?? 0) * (Number(row.count) || 0) : 0), 0);
    payroll += gross;
    for (const key of RATE_KEYS) payroll += Math.round((gross * benchmark.employer_rates[key]) / 10000);
  }
  const offered = parseYuan(price) ?? 0;
  findings.push({ check: 'payroll', pointer: '/price', shortfall: payroll > offered,
    message: t(payroll > offered ? 'check_payroll_exceeds' : 'check_payroll_fits', { payroll: yuan(payroll), price: yuan(offered) }) });
  return findings;
}
