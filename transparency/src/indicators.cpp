#include "procura/transparency/indicators.hpp"

#include <algorithm>

namespace procura::transparency {
namespace {

bool certified(procurement::professional_level level) { return level != procurement::professional_level::none; }

timestamp report_time(const contracts::service_report& r) { return std::chrono::sys_days{r.period_start}; }

/// The start of a China calendar date (00:00 UTC+8).
timestamp china_midnight(std::chrono::year_month_day date) {
  return timestamp{std::chrono::sys_days{date}} - std::chrono::hours{8};
}

}  // namespace

bool in_window(const contracts::contract& c, const indicator_window& window) {
  const timestamp starts = china_midnight(c.service_start);
  const timestamp ends = china_midnight(contracts::service_period_end(c.service_start, c.service_months));
  return (!window.to || starts < *window.to) && (!window.from || ends > *window.from);
}

indicators compute_indicators(const std::vector<tender_facts>& tenders,
                              const std::vector<evaluation::performance_evaluation>& evaluations,
                              const std::function<std::optional<procurement::benchmark_set>(const contracts::contract&,
                                                                                           std::int32_t year)>& benchmark_of,
                              const indicator_window& window, timestamp now) {
  indicators out;
  out.workers_per_client.basis = "social workers in each contract's latest accepted report ÷ clients served in it";
  out.standard_workers_per_client.basis =
      "contracted clients ÷ each contract's staffing standard, ÷ contracted clients; contracts whose service period overlaps "
      "the window";
  out.certified_share.basis = "certified workers (assistant, social worker, senior) ÷ all workers, latest accepted reports";
  out.salary_compliance.basis =
      "workers paid at least their level's benchmark ÷ workers reported, accepted reports in the window, each held to "
      "the guide it was checked against when submitted (reports with no guide count in neither)";
  out.payment_punctuality.basis =
      "instalments released by their due date ÷ (instalments released in the window + instalments of signed contracts "
      "unreleased past their due date as of now, overdue since a time in the window)";
  out.relapse_rate.basis =
      "relapses in the accepted reports in the window ÷ clients served in each contract's latest accepted report in the "
      "window (clients, not client-months)";
  out.abstinence_one_year.basis =
      "clients with no relapse at 1 year ÷ clients served, each contract's latest accepted report in the window";
  out.abstinence_three_years.basis =
      "clients with no relapse at 3 years ÷ clients served, each contract's latest accepted report in the window";
  out.cost_per_client.basis =
      "contract prices (fen) ÷ clients served in each contract's latest accepted report in the window that served "
      "anyone (contracts with no such report count in neither)";
  out.bids_per_tender.basis = "active bids ÷ tenders opened in the window";
  out.single_bid_share.basis = "tenders opened with exactly one bid ÷ tenders opened in the window";

  for (const auto& facts : tenders) {
    if (facts.t.opened_at && window.contains(*facts.t.opened_at)) {
      std::int64_t active = 0;
      for (const auto& b : facts.bids)
        if (b.state == procurement::bid_state::active) ++active;
      ++out.bids_per_tender.denominator;
      out.bids_per_tender.numerator += active;
      ++out.single_bid_share.denominator;
      if (active == 1) ++out.single_bid_share.numerator;
    }
    if (!facts.contract) continue;
    const auto& c = *facts.contract;
    // Drafts are not yet contracts; cancelled ones never came into force.
    if (c.state == contracts::contract_state::draft || c.state == contracts::contract_state::cancelled ||
        !in_window(c, window))
      continue;
    ++out.contracts;
    out.clients_covered += c.clients;
    out.standard_workers_per_client.numerator += (c.clients + c.staffing_standard - 1) / c.staffing_standard;
    out.standard_workers_per_client.denominator += c.clients;
    const bool paying = c.state == contracts::contract_state::active || c.state == contracts::contract_state::completed;
    for (const auto& i : c.schedule)
      if (i.released_at && window.contains(*i.released_at)) {
        ++out.payment_punctuality.denominator;
        if (!i.released_late) ++out.payment_punctuality.numerator;
      } else if (paying && instalment_overdue(c, i, facts.reports, facts.grades, now) &&
                 window.contains(china_midnight(std::chrono::sys_days{i.due_date} + std::chrono::days{1}))) {
        ++out.payment_punctuality.denominator;  // overdue since the day after its due date: not punctual
      }
    const contracts::service_report* latest = nullptr;
    // The latest that served anyone: a last month with nobody served (a wind-down) would put the
    // caseload's figures and the price over nobody.
    const contracts::service_report* latest_serving = nullptr;
    for (const auto& r : facts.reports) {
      if (r.status != contracts::report_status::accepted || !window.contains(report_time(r))) continue;
      if (!latest || r.period_start > latest->period_start) latest = &r;
      if (r.counts.clients_served > 0 && (!latest_serving || r.period_start > latest_serving->period_start))
        latest_serving = &r;
      out.relapse_rate.numerator += r.counts.relapses;
      // The guide the report was checked against when it was submitted, as its own salary flags
      // (decision 82): a guide imported later does not judge it again, and a report nobody could
      // check (no guide for its region) counts in neither part.
      if (r.salary_guide_year) {
        const auto benchmarks = benchmark_of(c, *r.salary_guide_year);
        for (const auto& w : r.workers) {
          out.salary_compliance.denominator += w.count;
          if (benchmarks && w.average_monthly_salary >= benchmarks->salary(w.level))
            out.salary_compliance.numerator += w.count;
        }
      }
    }
    // Served, not contracted: a contract for 300 clients that serves 150 costs twice as much a
    // client. A last month with nobody served (a wind-down) does not put the price over nobody.
    if (latest_serving) {
      out.cost_per_client.numerator += c.price.fen;
      out.cost_per_client.denominator += latest_serving->counts.clients_served;
    }
    // The caseload and its outcomes (stocks) from the same report, as the evaluation reads them.
    if (const auto* stock = latest_serving ? latest_serving : latest) {
      out.workers_per_client.numerator += stock->qualified_workers();  // social workers, not unqualified staff
      for (const auto& w : stock->workers) {
        out.certified_share.denominator += w.count;
        if (certified(w.level)) out.certified_share.numerator += w.count;
      }
      out.workers_per_client.denominator += stock->counts.clients_served;
      out.relapse_rate.denominator += stock->counts.clients_served;
      out.abstinence_one_year.numerator += stock->counts.no_relapse_one_year;
      out.abstinence_one_year.denominator += stock->counts.clients_served;
      out.abstinence_three_years.numerator += stock->counts.no_relapse_three_years;
      out.abstinence_three_years.denominator += stock->counts.clients_served;
    }
  }
  for (const auto& e : evaluations)
    if (e.effective() && window.contains(*e.finalized_at)) ++out.grades[e.grade];
  return out;
}

}  // namespace procura::transparency
