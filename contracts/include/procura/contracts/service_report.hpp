#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procura/contracts/contract.hpp"
#include "procura/core/money.hpp"
#include "procura/core/result.hpp"
#include "procura/procurement/benchmarks.hpp"

/// Service reports: what a supplier delivered, as aggregates only (SPEC §3.7). No field exists
/// for a client's name, ID number or phone: personal data cannot be sent.
namespace procura::contracts {

enum class report_period { monthly, quarterly };
enum class report_status { submitted, accepted, returned };
std::string_view to_string(report_status status);

/// Social workers employed at one level and the average monthly salary actually paid.
struct workers_employed {
  procurement::professional_level level = procurement::professional_level::social_worker;
  std::int64_t count = 0;
  money average_monthly_salary;
};

struct service_counts {
  std::int64_t clients_served = 0;
  std::int64_t new_intakes = 0;
  std::int64_t home_visits = 0;
  std::int64_t counselling_sessions = 0;
  std::int64_t family_sessions = 0;
  std::int64_t referrals = 0;  ///< to employment or assistance
  std::int64_t prevention_events = 0;
  std::int64_t prevention_attendance = 0;
  std::int64_t training_hours = 0;
  std::int64_t no_relapse_one_year = 0;
  std::int64_t no_relapse_three_years = 0;
  std::int64_t relapses = 0;
  std::int64_t employment_placements = 0;
};

struct service_report {
  std::string id;
  std::string contract_id;
  report_period period = report_period::monthly;
  std::chrono::year_month_day period_start{};  ///< the first day of a month
  std::vector<workers_employed> workers;
  service_counts counts;
  report_status status = report_status::submitted;
  std::string return_reason;
  std::vector<std::string> salary_flags;  ///< levels paid below the benchmark
  /// The year of the salary guide the salaries were checked against; none when the region had no
  /// guide for the report's year or the three before it, so nothing was checked.
  std::optional<std::int32_t> salary_guide_year;
  money deduction;                        ///< penalties this report shows, applied on acceptance
  std::string deduction_basis;
  timestamp submitted_at;
  std::optional<timestamp> decided_at;

  [[nodiscard]] std::int64_t months() const { return period == report_period::monthly ? 1 : 3; }
  /// The first day after the period.
  [[nodiscard]] std::chrono::year_month_day period_end() const;
  [[nodiscard]] std::int64_t workers_total() const;
  /// Workers holding a social-work qualification (assistant social worker or above): the ones
  /// the staffing standard counts against the clients served.
  [[nodiscard]] std::int64_t qualified_workers() const;
};

class report_repository {
 public:
  virtual ~report_repository() = default;
  virtual void insert(const service_report& r) = 0;
  virtual void update(const service_report& r) = 0;
  virtual std::optional<service_report> find(std::string_view id) = 0;
  virtual std::vector<service_report> of_contract(std::string_view contract_id) = 0;
};

/// Checks a report against the contract and the accepted reports (impossible data is refused,
/// naming the field), flags salaries below the benchmark, and stores it as submitted.
result<service_report> submit_report(report_repository& reports, const contract& c, service_report r,
                                     const std::optional<procurement::benchmark_set>& benchmarks, timestamp now);

/// The purchaser accepts a report: its penalties (missing post-months, caseload above the
/// standard) become deductions taken from the next instalments.
result<service_report> accept_report(report_repository& reports, const contract& c, service_report r, timestamp now);

/// The purchaser returns a report with a reason; the supplier may submit a corrected one.
result<service_report> return_report(report_repository& reports, service_report r, std::string reason, timestamp now);

/// Deductions shown by accepted reports and not yet taken from a released instalment (penalties
/// only: the final grade's adjustment is not a penalty and pays none of them).
money outstanding_deductions(const contract& c, const std::vector<service_report>& reports);

/// The same amount, with the reports it comes from: reports' penalties are taken in the order
/// the reports were accepted, so the reason names those not yet wholly taken.
pending_deduction pending_deductions(const contract& c, const std::vector<service_report>& reports);

/// The most posts the staffing plan holds in any month of the report's period: a post contracted
/// for fewer months than the service is not counted once its months are over.
std::int64_t most_posts_contracted_during(const contract& c, const service_report& r);

/// The contracted posts the report's workers leave unfilled in month `month` (1-based) of the
/// service. A worker fills a post at their own level or below (a senior social worker may take a
/// social worker's post), never above it: unqualified staff fill only unqualified posts.
std::int64_t posts_unfilled_in(const contract& c, std::int64_t month, const service_report& r);

/// The most posts left unfilled in any month of the report's period.
std::int64_t most_posts_unfilled_during(const contract& c, const service_report& r);

/// Whether a report covering the time since the previous instalment's due date (the service
/// start for the first) has been accepted: the `report_accepted` condition of instalment `number`.
bool report_condition_met(const contract& c, std::int64_t number, const std::vector<service_report>& reports);

}  // namespace procura::contracts
