#include "procura/contracts/service_report.hpp"

#include <algorithm>

#include "procura/core/ids.hpp"

namespace procura::contracts {
namespace {

std::chrono::sys_days days_of(std::chrono::year_month_day date) { return std::chrono::sys_days{date}; }

/// The posts the staffing plan holds in month `month` (1-based) of the service: a post hired for
/// fewer months than the contract ends with them, as the payroll coverage counts it.
std::int64_t contracted_posts_in(const contract& c, std::int64_t month) {
  std::int64_t posts = 0;
  for (const auto& post : c.staffing)
    if (month >= 1 && month <= post.months) posts += post.count;
  return posts;
}

}  // namespace

std::string_view to_string(report_status status) {
  switch (status) {
    case report_status::submitted: return "submitted";
    case report_status::accepted: return "accepted";
    case report_status::returned: return "returned";
  }
  return "unknown";
}

std::int64_t most_posts_contracted_during(const contract& c, const service_report& r) {
  std::int64_t most = 0;
  for (std::int64_t k = 0; k < r.months(); ++k)
    most = std::max(most, contracted_posts_in(c, service_month_of(c.service_start, r.period_start + std::chrono::months{k})));
  return most;
}

std::chrono::year_month_day service_report::period_end() const {
  return period_start + std::chrono::months{months()};
}

std::int64_t service_report::workers_total() const {
  std::int64_t total = 0;
  for (const auto& w : workers) total += w.count;
  return total;
}

std::int64_t service_report::qualified_workers() const {
  std::int64_t total = 0;
  for (const auto& w : workers)
    if (w.level != procurement::professional_level::none) total += w.count;
  return total;
}

std::int64_t posts_unfilled_in(const contract& c, std::int64_t month, const service_report& r) {
  // Posts at or above each level against workers at or above it: the largest shortfall over the
  // levels is what no assignment of workers to posts at their level or below can fill.
  std::int64_t unfilled = 0;
  for (const auto level : procurement::all_levels) {
    std::int64_t posts = 0;
    for (const auto& post : c.staffing)
      if (month >= 1 && month <= post.months && post.level >= level) posts += post.count;
    std::int64_t workers = 0;
    for (const auto& w : r.workers)
      if (w.level >= level) workers += std::max<std::int64_t>(w.count, 0);
    unfilled = std::max(unfilled, posts - workers);
  }
  return unfilled;
}

std::int64_t most_posts_unfilled_during(const contract& c, const service_report& r) {
  std::int64_t most = 0;
  for (std::int64_t k = 0; k < r.months(); ++k)
    most = std::max(most, posts_unfilled_in(c, service_month_of(c.service_start, r.period_start + std::chrono::months{k}), r));
  return most;
}

result<service_report> submit_report(report_repository& reports, const contract& c, service_report r,
                                     const std::optional<procurement::benchmark_set>& benchmarks, timestamp now) {
  if (c.state != contract_state::active) return error::conflict("reports are made on an active contract");
  validation_errors errors;
  const auto& n = r.counts;
  const std::array<std::pair<const char*, std::int64_t>, 13> counts{{{"clients_served", n.clients_served},
                                                                     {"new_intakes", n.new_intakes},
                                                                     {"home_visits", n.home_visits},
                                                                     {"counselling_sessions", n.counselling_sessions},
                                                                     {"family_sessions", n.family_sessions},
                                                                     {"referrals", n.referrals},
                                                                     {"prevention_events", n.prevention_events},
                                                                     {"prevention_attendance", n.prevention_attendance},
                                                                     {"training_hours", n.training_hours},
                                                                     {"no_relapse_one_year", n.no_relapse_one_year},
                                                                     {"no_relapse_three_years", n.no_relapse_three_years},
                                                                     {"relapses", n.relapses},
                                                                     {"employment_placements", n.employment_placements}}};
  for (const auto& [name, value] : counts)
    if (value < 0) errors.add(std::string("/counts/") + name, "a count cannot be negative");
  if (n.new_intakes > n.clients_served) errors.add("/counts/new_intakes", "more new intakes than clients served");
  if (n.no_relapse_one_year > n.clients_served)
    errors.add("/counts/no_relapse_one_year", "more clients abstinent at one year than clients served");
  if (n.no_relapse_three_years > n.clients_served)
    errors.add("/counts/no_relapse_three_years", "more clients abstinent at three years than clients served");
  else if (n.no_relapse_three_years > n.no_relapse_one_year)
    errors.add("/counts/no_relapse_three_years",
               "more clients abstinent at three years than at one year (three years abstinent are one year abstinent too)");
  if (n.prevention_attendance > 0 && n.prevention_events == 0)
    errors.add("/counts/prevention_attendance", "attendance at prevention events, but no prevention event held");
  if (n.relapses + n.no_relapse_one_year > n.clients_served)
    errors.add("/counts/relapses", "relapses and one-year abstinent clients together exceed the clients served");
  if (n.employment_placements > n.clients_served)
    errors.add("/counts/employment_placements", "more placements than clients served");
  for (std::size_t i = 0; i < r.workers.size(); ++i) {
    if (r.workers[i].count < 0) errors.add("/workers/" + std::to_string(i) + "/count", "cannot be negative");
    if (r.workers[i].average_monthly_salary.fen < 0)
      errors.add("/workers/" + std::to_string(i) + "/average_monthly_salary/amount", "cannot be negative");
  }
  if (!r.period_start.ok() || r.period_start.day() != std::chrono::day{1}) {
    errors.add("/period_start", "a period starts on the first day of a month");
  } else {
    // The service period runs in whole months from the first of the start month, as for releases
    // and payroll coverage. A report covers service delivered under the contract, so its whole
    // period lies inside that: no tolerance past the end, where penalties would be charged for
    // months the contract does not cover (SPEC §3.7: "a period outside the contract" is refused).
    const std::chrono::year_month_day first_month{c.service_start.year(), c.service_start.month(), std::chrono::day{1}};
    const auto contract_end = service_period_end(c.service_start, c.service_months);
    if (days_of(r.period_start) < days_of(first_month) || days_of(r.period_end()) > days_of(contract_end))
      errors.add("/period_start", "the period lies outside the contract's service period (" + format_date(c.service_start) +
                                      ", " + std::to_string(c.service_months) + " months)");
    if (days_of(r.period_end()) > days_of(china_date(now)) + std::chrono::days{1})
      errors.add("/period_start", "a report covers a period that has ended");
    // A report awaiting the purchaser's decision counts too: a second one for the same months
    // could never be accepted beside it. A returned report makes way for its correction.
    for (const auto& other : reports.of_contract(c.id)) {
      if (other.status == report_status::returned) continue;
      const bool overlaps = days_of(r.period_start) < days_of(other.period_end()) &&
                            days_of(other.period_start) < days_of(r.period_end());
      if (overlaps)
        errors.add("/period_start", "the period overlaps " + std::string(to_string(other.status)) + " report " + other.id +
                                        (other.status == report_status::submitted
                                             ? " (the purchaser returns it before a corrected report is submitted)"
                                             : ""));
    }
  }
  if (!errors.empty()) return errors.to_error();

  r.salary_guide_year = benchmarks ? std::optional<std::int32_t>(benchmarks->year) : std::nullopt;
  if (benchmarks)
    for (const auto& w : r.workers)
      if (w.count > 0 && w.average_monthly_salary < benchmarks->salary(w.level))
        r.salary_flags.push_back(std::string(procurement::to_string(w.level)) + " paid " +
                                 format_yuan(w.average_monthly_salary) + ", below the guide " +
                                 format_yuan(benchmarks->salary(w.level)));
  r.id = new_id("rpt");
  r.contract_id = c.id;
  r.status = report_status::submitted;
  r.submitted_at = now;
  reports.insert(r);
  return r;
}

result<service_report> accept_report(report_repository& reports, const contract& c, service_report r, timestamp now) {
  if (r.status != report_status::submitted) return error::conflict("the report is already " + std::string(to_string(r.status)));
  for (const auto& other : reports.of_contract(c.id)) {
    if (other.status != report_status::accepted) continue;
    if (days_of(r.period_start) < days_of(other.period_end()) && days_of(other.period_start) < days_of(r.period_end()))
      return error::conflict("the period overlaps accepted report " + other.id);
  }
  // Missing post-months, month by month: a post contracted for fewer months than the service is
  // not missing once its months are over (SPEC §3.6: fewer social workers than contracted).
  std::int64_t missing_post_months = 0;
  std::int64_t months_short = 0;
  std::int64_t missing_in_a_short_month = 0;
  bool same_each_short_month = true;
  for (std::int64_t k = 0; k < r.months(); ++k) {
    const auto month = service_month_of(c.service_start, r.period_start + std::chrono::months{k});
    const std::int64_t missing = posts_unfilled_in(c, month, r);
    if (missing == 0) continue;
    if (months_short > 0 && missing != missing_in_a_short_month) same_each_short_month = false;
    missing_in_a_short_month = missing;
    missing_post_months += missing;
    ++months_short;
  }
  money deduction{missing_post_months * c.penalties.per_missing_post_month.fen};
  std::string basis;
  if (missing_post_months > 0)
    basis = (same_each_short_month ? std::to_string(missing_in_a_short_month) + " contracted post(s) unfilled × " +
                                         std::to_string(months_short) + " month(s) × "
                                   : std::to_string(missing_post_months) + " contracted post-month(s) unfilled × ") +
            format_yuan(c.penalties.per_missing_post_month);
  const std::int64_t workers = r.qualified_workers();
  const bool over_caseload = workers == 0 ? r.counts.clients_served > 0
                                          : r.counts.clients_served > workers * c.staffing_standard;
  if (over_caseload) {
    deduction.fen += r.months() * c.penalties.per_caseload_excess_month.fen;
    if (!basis.empty()) basis += "; ";
    basis += std::to_string(r.counts.clients_served) + " clients for " + std::to_string(workers) +
             " qualified workers exceeds the standard of " + std::to_string(c.staffing_standard) + " per worker × " +
             std::to_string(r.months()) + " month(s) × " + format_yuan(c.penalties.per_caseload_excess_month);
  }
  r.deduction = deduction;
  r.deduction_basis = basis;
  r.status = report_status::accepted;
  r.decided_at = now;
  reports.update(r);
  return r;
}

result<service_report> return_report(report_repository& reports, service_report r, std::string reason, timestamp now) {
  if (r.status != report_status::submitted) return error::conflict("the report is already " + std::string(to_string(r.status)));
  if (reason.empty()) return error::rule("/reason", "say why the report is returned");
  r.status = report_status::returned;
  r.return_reason = std::move(reason);
  r.decided_at = now;
  reports.update(r);
  return r;
}

money outstanding_deductions(const contract& c, const std::vector<service_report>& reports) {
  return pending_deductions(c, reports).amount;
}

pending_deduction pending_deductions(const contract& c, const std::vector<service_report>& reports) {
  std::vector<const service_report*> accepted;
  for (const auto& r : reports)
    if (r.status == report_status::accepted && r.deduction.fen > 0) accepted.push_back(&r);
  std::stable_sort(accepted.begin(), accepted.end(), [](const service_report* a, const service_report* b) {
    return a->decided_at < b->decided_at;
  });
  // Only penalties count here: `deducted` never holds the final grade's adjustment.
  std::int64_t taken = 0;
  for (const auto& i : c.schedule) taken += i.deducted.fen;
  pending_deduction pending;
  for (const auto* r : accepted) {
    const std::int64_t left = r->deduction.fen - std::min(taken, r->deduction.fen);
    taken -= std::min(taken, r->deduction.fen);
    if (left <= 0) continue;
    pending.amount.fen += left;
    if (!pending.reason.empty()) pending.reason += "; ";
    pending.reason += "service report " + r->id + " (" + format_date(r->period_start) + ", " +
                      (r->period == report_period::monthly ? "monthly" : "quarterly") + "): " + r->deduction_basis +
                      " = " + format_yuan(r->deduction) +
                      (left < r->deduction.fen ? " (" + format_yuan(money{left}) + " of it pending)" : std::string());
  }
  if (!pending.reason.empty()) pending.reason = "penalties shown by accepted " + pending.reason;
  return pending;
}

bool report_condition_met(const contract& c, std::int64_t number, const std::vector<service_report>& reports) {
  // The previous instalment is the one due last before this one: after an amendment, kept
  // instalments and the new ones are numbered apart from their due dates (decision 32 counts time).
  auto since = days_of(c.service_start);
  const auto self = std::find_if(c.schedule.begin(), c.schedule.end(), [&](const instalment& i) { return i.number == number; });
  if (self != c.schedule.end())
    for (const auto& i : c.schedule) {
      const bool earlier = days_of(i.due_date) < days_of(self->due_date) ||
                           (i.due_date == self->due_date && i.number < self->number);
      if (earlier) since = std::max(since, days_of(i.due_date));
    }
  // An instalment due after the service period (up to a year later) cannot wait for a report
  // past its end, which is refused: the report of the period's last month meets it.
  const auto last_day = days_of(service_period_end(c.service_start, c.service_months)) - std::chrono::days{1};
  since = std::min(since, last_day);
  return std::any_of(reports.begin(), reports.end(), [&](const service_report& r) {
    return r.status == report_status::accepted && days_of(r.period_end()) > since;
  });
}

}  // namespace procura::contracts
