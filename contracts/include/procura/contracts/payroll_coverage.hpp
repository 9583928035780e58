#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "procura/contracts/contract.hpp"
#include "procura/procurement/benchmarks.hpp"

/// Payroll coverage: will the supplier be able to pay its social workers every month?
/// (SPEC §3.6, examples/worked-examples.md §3)
namespace procura::contracts {

struct coverage_month {
  std::int64_t month = 0;  ///< 1-based month of the service period
  money received;          ///< instalments received at the start of this month
  money payroll;           ///< paid at the end of this month
  money balance;           ///< cumulative receipts − cumulative payroll, after this month's payroll
  money shortfall;         ///< how far the balance is below −reserve (0 when covered)
};

struct coverage_report {
  money monthly_payroll;  ///< salaries + employer contributions
  money reserve;
  /// The salary-benchmark set whose employer rates were counted; nothing when the contract's
  /// region has none, and then the payroll is salaries alone and understated.
  struct benchmark_used {
    std::string region;
    std::int32_t year = 0;
  };
  std::optional<benchmark_used> benchmark;
  std::vector<coverage_month> months;
  [[nodiscard]] bool has_shortfall() const;
};

/// Month by month: instalments counted at the start of the month they are received (released,
/// or due when not yet released and not late), payroll at the end of each month. `now`
/// decides which unreleased instalments are already late: a late one counts from the month it
/// is released, or, while still unreleased, is left out. Money received after the service
/// period paid no month's payroll: it is left out too. `benchmark` gives the employer rates.
coverage_report payroll_coverage(const contract& c, const std::optional<procurement::benchmark_set>& benchmark,
                                 timestamp now);

}  // namespace procura::contracts
