#include "procura/contracts/payroll_coverage.hpp"

#include <algorithm>

#include "procura/procurement/bid.hpp"

namespace procura::contracts {

bool coverage_report::has_shortfall() const {
  return std::any_of(months.begin(), months.end(), [](const coverage_month& m) { return m.shortfall.fen > 0; });
}

namespace {

// The one rule for a month's payroll, which the bid's payroll test and the estimate share; a plan
// too large to sum was refused at submission.
money payroll_in_month(const std::vector<procurement::staffing_post>& staffing, const procurement::employer_rates& rates,
                       std::int64_t month) {
  return procurement::monthly_payroll(staffing, rates, month).value_or(money{});
}

}  // namespace

coverage_report payroll_coverage(const contract& c, const std::optional<procurement::benchmark_set>& benchmark,
                                 timestamp now) {
  coverage_report report;
  const auto rates = benchmark ? benchmark->rates : procurement::employer_rates{};
  if (benchmark) report.benchmark = coverage_report::benchmark_used{benchmark->region, benchmark->year};
  report.reserve = c.salary_reserve;
  report.monthly_payroll = payroll_in_month(c.staffing, rates, 1);
  const auto today = china_date(now);
  std::vector<money> received(static_cast<std::size_t>(c.service_months) + 1);
  for (const auto& i : c.schedule) {
    std::int64_t month = 0;
    if (i.released()) {
      month = service_month_of(c.service_start, china_date(*i.released_at));
    } else if (today <= i.due_date) {
      month = service_month_of(c.service_start, i.due_date);
    } else {
      continue;  // overdue and unpaid: not money the supplier has
    }
    // Paid after the service ended, it paid no month's payroll (however early it was due).
    if (month > c.service_months) continue;
    month = std::max<std::int64_t>(month, 1);
    received[static_cast<std::size_t>(month)].fen += i.released() ? i.released_amount.fen : i.amount.fen;
  }
  money balance;
  for (std::int64_t m = 1; m <= c.service_months; ++m) {
    coverage_month row;
    row.month = m;
    row.received = received[static_cast<std::size_t>(m)];
    row.payroll = payroll_in_month(c.staffing, rates, m);
    balance.fen += row.received.fen - row.payroll.fen;
    row.balance = balance;
    const std::int64_t beyond = -balance.fen - c.salary_reserve.fen;
    row.shortfall = money{beyond > 0 ? beyond : 0};
    report.months.push_back(row);
  }
  return report;
}

}  // namespace procura::contracts
