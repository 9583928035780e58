#include "contracts_json.hpp"

#include <boost/json.hpp>

#include <array>

#include "json_support.hpp"

namespace procura::api {
namespace {

namespace json = boost::json;
using namespace procura::contracts;

json::value optional_time(const std::optional<timestamp>& at) {
  return at ? json::value(format_rfc3339(*at)) : json::value(nullptr);
}

std::string_view condition_name(condition_kind kind) {
  switch (kind) {
    case condition_kind::none: return "none";
    case condition_kind::report_accepted: return "report_accepted";
    case condition_kind::evaluation_grade: return "evaluation_grade";
  }
  return "none";
}

/// What was kept back from a released instalment, each amount with its reason: report penalties
/// and the final grade's adjustment are separate entries (SPEC §3.6: shown on the ledger).
json::array deductions_json(const instalment& i) {
  json::array out;
  if (i.grade_adjustment.fen > 0)
    out.push_back({{"kind", "final_grade"}, {"amount", money_json(i.grade_adjustment)}, {"reason", i.grade_adjustment_reason}});
  if (i.deducted.fen > 0)
    out.push_back({{"kind", "report_penalties"}, {"amount", money_json(i.deducted)}, {"reason", i.deduction_reason}});
  return out;
}

std::string_view amendment_status(const contract_amendment& a) {
  if (a.agreed_at) return "agreed";
  if (a.ended) return to_string(a.ended->kind);
  return "pending";
}

json::object instalment_json(const instalment& i) {
  json::object out{{"number", i.number},
                   {"due_date", format_date(i.due_date)},
                   {"amount", money_json(i.amount)},
                   {"condition", condition_name(i.condition)},
                   {"released_at", optional_time(i.released_at)},
                   {"released_amount", money_json(i.released_amount)},
                   {"deducted", money_json(i.deducted)},
                   {"grade_adjustment", money_json(i.grade_adjustment)},
                   {"deductions", deductions_json(i)},
                   {"released_late", i.released_late}};
  if (i.condition == condition_kind::evaluation_grade) out["minimum_grade"] = i.minimum_grade;
  return out;
}

}  // namespace

json::object to_json(const contract& c) {
  json::array staffing;
  for (const auto& post : c.staffing)
    staffing.push_back({{"level", procurement::to_string(post.level)},
                        {"count", post.count},
                        {"monthly_salary", money_json(post.monthly_salary)},
                        {"months", post.months}});
  json::array schedule;
  for (const auto& i : c.schedule) schedule.push_back(instalment_json(i));
  json::array amendments;
  for (const auto& a : c.amendments) {
    json::array proposed;
    for (const auto& i : a.schedule) proposed.push_back(instalment_json(i));
    amendments.push_back({{"number", a.number},
                          {"status", amendment_status(a)},
                          {"reason", a.reason},
                          {"added_value", money_json(a.added_value)},
                          {"proposed_by", a.proposed_by},
                          {"proposed_at", format_rfc3339(a.proposed_at)},
                          {"agreed_at", optional_time(a.agreed_at)},
                          {"ended_at", a.ended ? json::value(format_rfc3339(a.ended->at)) : json::value(nullptr)},
                          {"ended_by", a.ended ? json::value(a.ended->by) : json::value(nullptr)},
                          {"end_reason", a.ended ? json::value(a.ended->reason) : json::value(nullptr)},
                          {"instalments", std::move(proposed)}});
  }
  return {{"id", c.id},
          {"tender_id", c.tender_id},
          {"bid_id", c.bid_id},
          {"purchaser_id", c.purchaser_id},
          {"supplier_id", c.supplier_id},
          {"version", c.version},
          {"status", to_string(c.state)},
          {"original_price", money_json(c.original_price)},
          {"price", money_json(c.price)},
          {"amendment_headroom", money_json(amendment_headroom(c))},
          {"clients", c.clients},
          {"staffing_standard", c.staffing_standard},
          {"staffing", std::move(staffing)},
          {"region", c.region},
          {"service_start", format_date(c.service_start)},
          {"service_months", c.service_months},
          {"salary_reserve", money_json(c.salary_reserve)},
          {"penalties",
           {{"per_missing_post_month", money_json(c.penalties.per_missing_post_month)},
            {"per_caseload_excess_month", money_json(c.penalties.per_caseload_excess_month)}}},
          {"awarded_at", format_rfc3339(c.awarded_at)},
          {"purchaser_signed_at", optional_time(c.purchaser_signed_at)},
          {"supplier_signed_at", optional_time(c.supplier_signed_at)},
          {"late_signing_reason", c.late_signing_reason},
          {"signed_late", !c.late_signing_reason.empty()},
          {"ended_at", optional_time(c.ended_at)},
          {"end_reason", c.end_reason},
          {"quality_framework", {{"key", c.framework_key}, {"version", c.framework_version}}},
          {"instalments", std::move(schedule)},
          {"amendments", std::move(amendments)},
          {"created_at", format_rfc3339(c.created_at)}};
}

json::object ledger_json(const contract& c, const pending_deduction& pending) {
  money scheduled, released, deducted, adjusted;
  json::array rows;
  for (const auto& i : c.schedule) {
    scheduled.fen += i.amount.fen;
    released.fen += i.released_amount.fen;
    deducted.fen += i.deducted.fen;
    adjusted.fen += i.grade_adjustment.fen;
    rows.push_back(instalment_json(i));
  }
  return {{"contract_id", c.id},
          {"price", money_json(c.price)},
          {"scheduled", money_json(scheduled)},
          {"released", money_json(released)},
          {"deducted", money_json(deducted)},
          {"grade_adjustment", money_json(adjusted)},
          {"pending_deductions", money_json(pending.amount)},
          {"pending_deductions_reason", pending.reason},
          {"outstanding", money_json(money{scheduled.fen - released.fen - deducted.fen - adjusted.fen})},
          {"instalments", std::move(rows)}};
}

json::object to_json(const coverage_report& report) {
  json::array months;
  json::array shortfalls;
  for (const auto& m : report.months) {
    months.push_back({{"month", m.month},
                      {"received", money_json(m.received)},
                      {"payroll", money_json(m.payroll)},
                      {"balance", money_json(m.balance)},
                      {"shortfall", money_json(m.shortfall)}});
    if (m.shortfall.fen > 0) shortfalls.push_back({{"month", m.month}, {"shortfall", money_json(m.shortfall)}});
  }
  json::value benchmark = nullptr;
  if (report.benchmark) benchmark = json::object{{"region", report.benchmark->region}, {"year", report.benchmark->year}};
  return {{"monthly_payroll", money_json(report.monthly_payroll)},
          {"reserve", money_json(report.reserve)},
          {"benchmark", std::move(benchmark)},
          {"rule", std::string("instalments counted at the start of the month they are received (money received after "
                               "the service period is not counted), payroll at the end of each month") +
                       (report.benchmark ? ", salaries plus the benchmark's employer contributions"
                                         : "; no salary benchmark covers the contract's region, so the payroll is "
                                           "salaries alone, without employer contributions")},
          {"months", std::move(months)},
          {"shortfalls", std::move(shortfalls)}};
}

std::vector<instalment_request> instalment_requests_from_json(const json::array& items) {
  std::vector<instalment_request> requests;
  for (const auto& item : items) {
    const auto& o = item.as_object();
    instalment_request r;
    r.due_date = parse_date(string_field(o, "due_date")).value_or(std::chrono::year_month_day{});
    if (const auto* amount = o.if_contains("amount")) r.amount = read_money(*amount);
    if (o.contains("share_bp")) r.share = integer_field(o, "share_bp");
    const auto condition = string_field(o, "condition", "none");
    r.condition = condition == "report_accepted"    ? condition_kind::report_accepted
                  : condition == "evaluation_grade" ? condition_kind::evaluation_grade
                                                    : condition_kind::none;
    r.minimum_grade = string_field(o, "minimum_grade", "中");
    requests.push_back(std::move(r));
  }
  return requests;
}

namespace {
constexpr std::array<std::pair<const char*, std::int64_t service_counts::*>, 13> count_fields{{
    {"clients_served", &service_counts::clients_served},
    {"new_intakes", &service_counts::new_intakes},
    {"home_visits", &service_counts::home_visits},
    {"counselling_sessions", &service_counts::counselling_sessions},
    {"family_sessions", &service_counts::family_sessions},
    {"referrals", &service_counts::referrals},
    {"prevention_events", &service_counts::prevention_events},
    {"prevention_attendance", &service_counts::prevention_attendance},
    {"training_hours", &service_counts::training_hours},
    {"no_relapse_one_year", &service_counts::no_relapse_one_year},
    {"no_relapse_three_years", &service_counts::no_relapse_three_years},
    {"relapses", &service_counts::relapses},
    {"employment_placements", &service_counts::employment_placements},
}};
}  // namespace

json::object to_json(const service_report& r) {
  json::array workers;
  for (const auto& w : r.workers)
    workers.push_back({{"level", procurement::to_string(w.level)},
                       {"count", w.count},
                       {"average_monthly_salary", money_json(w.average_monthly_salary)}});
  json::object counts;
  for (const auto& [name, field] : count_fields) counts[name] = r.counts.*field;
  json::array flags;
  for (const auto& flag : r.salary_flags) flags.emplace_back(flag);
  return {{"id", r.id},
          {"contract_id", r.contract_id},
          {"period", r.period == report_period::monthly ? "monthly" : "quarterly"},
          {"period_start", format_date(r.period_start)},
          {"period_end", format_date(r.period_end())},
          {"workers", std::move(workers)},
          {"counts", std::move(counts)},
          {"status", to_string(r.status)},
          {"return_reason", r.return_reason},
          {"salary_below_benchmark", std::move(flags)},
          {"salary_guide_year", r.salary_guide_year ? json::value(*r.salary_guide_year) : json::value(nullptr)},
          {"deduction", money_json(r.deduction)},
          {"deduction_basis", r.deduction_basis},
          {"submitted_at", format_rfc3339(r.submitted_at)},
          {"decided_at", optional_time(r.decided_at)}};
}

service_report report_from_json(const json::object& body) {
  service_report r;
  r.period = string_field(body, "period") == "quarterly" ? report_period::quarterly : report_period::monthly;
  r.period_start = parse_date(string_field(body, "period_start")).value_or(std::chrono::year_month_day{});
  for (const auto& item : body.at("workers").as_array()) {
    const auto& w = item.as_object();
    r.workers.push_back({procurement::parse_professional_level(string_field(w, "level")).value_or(procurement::professional_level::none),
                         integer_field(w, "count"), read_money(w.at("average_monthly_salary"))});
  }
  const auto& counts = body.at("counts").as_object();
  for (const auto& [name, field] : count_fields) r.counts.*field = integer_field(counts, name);
  return r;
}

}  // namespace procura::api
