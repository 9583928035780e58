#include <sstream>

#include "tables.hpp"

namespace procura::storage {
namespace {

constexpr auto report_columns =
    "id, contract_id, period, period_start, clients_served, new_intakes, home_visits, counselling_sessions,"
    " family_sessions, referrals, prevention_events, prevention_attendance, training_hours, no_relapse_one_year,"
    " no_relapse_three_years, relapses, employment_placements, status, return_reason, salary_flags, deduction_fen,"
    " deduction_basis, submitted_at, decided_at, salary_guide_year";

contracts::report_status status_of(const std::string& text) {
  if (text == "accepted") return contracts::report_status::accepted;
  if (text == "returned") return contracts::report_status::returned;
  return contracts::report_status::submitted;
}

}  // namespace

void report_table::write(const contracts::service_report& r, bool insert) {
  auto& s = db_.prepare(std::string(insert ? "INSERT" : "REPLACE") + " INTO service_reports (" + report_columns +
                        ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const auto& n = r.counts;
  int i = 1;
  s.bind(i++, r.id);
  s.bind(i++, r.contract_id);
  s.bind(i++, std::string(r.period == contracts::report_period::monthly ? "monthly" : "quarterly"));
  s.bind(i++, format_date(r.period_start));
  for (const std::int64_t value : {n.clients_served, n.new_intakes, n.home_visits, n.counselling_sessions,
                                   n.family_sessions, n.referrals, n.prevention_events, n.prevention_attendance,
                                   n.training_hours, n.no_relapse_one_year, n.no_relapse_three_years, n.relapses,
                                   n.employment_placements})
    s.bind(i++, value);
  s.bind(i++, std::string(contracts::to_string(r.status)));
  s.bind(i++, r.return_reason);
  std::string flags;
  for (const auto& flag : r.salary_flags) flags += (flags.empty() ? "" : "\n") + flag;
  s.bind(i++, flags);
  s.bind(i++, r.deduction.fen);
  s.bind(i++, r.deduction_basis);
  s.bind(i++, format_rfc3339(r.submitted_at));
  if (r.decided_at) s.bind(i++, format_rfc3339(*r.decided_at)); else s.bind(i++);
  if (r.salary_guide_year) s.bind(i++, *r.salary_guide_year); else s.bind(i++);
  s.exec();
  if (!insert) return;
  auto& worker = db_.prepare(
      "INSERT INTO report_workers (report_id, position, level, count, average_salary_fen) VALUES (?, ?, ?, ?, ?)");
  for (std::size_t p = 0; p < r.workers.size(); ++p) {
    worker.reset();
    worker.bind(1, r.id);
    worker.bind(2, static_cast<std::int64_t>(p));
    worker.bind(3, std::string(procurement::to_string(r.workers[p].level)));
    worker.bind(4, r.workers[p].count);
    worker.bind(5, r.workers[p].average_monthly_salary.fen);
    worker.exec();
  }
}

void report_table::insert(const contracts::service_report& r) { write(r, true); }

void report_table::update(const contracts::service_report& r) {
  // Only the decision changes; the submitted figures are never rewritten.
  auto& s = db_.prepare(
      "UPDATE service_reports SET status = ?, return_reason = ?, deduction_fen = ?, deduction_basis = ?, decided_at = ?"
      " WHERE id = ?");
  s.bind(1, std::string(contracts::to_string(r.status)));
  s.bind(2, r.return_reason);
  s.bind(3, r.deduction.fen);
  s.bind(4, r.deduction_basis);
  if (r.decided_at) s.bind(5, format_rfc3339(*r.decided_at)); else s.bind(5);
  s.bind(6, r.id);
  s.exec();
}

std::vector<contracts::service_report> report_table::read_all(SQLite::Statement& query) {
  std::vector<contracts::service_report> found;
  while (query.executeStep()) {
    contracts::service_report r;
    int i = 0;
    r.id = query.getColumn(i++).getString();
    r.contract_id = query.getColumn(i++).getString();
    r.period = query.getColumn(i++).getString() == "monthly" ? contracts::report_period::monthly
                                                              : contracts::report_period::quarterly;
    r.period_start = parse_date(query.getColumn(i++).getString()).value();
    auto& n = r.counts;
    for (std::int64_t* target : {&n.clients_served, &n.new_intakes, &n.home_visits, &n.counselling_sessions,
                                 &n.family_sessions, &n.referrals, &n.prevention_events, &n.prevention_attendance,
                                 &n.training_hours, &n.no_relapse_one_year, &n.no_relapse_three_years, &n.relapses,
                                 &n.employment_placements})
      *target = query.getColumn(i++).getInt64();
    r.status = status_of(query.getColumn(i++).getString());
    r.return_reason = query.getColumn(i++).getString();
    std::istringstream flags(query.getColumn(i++).getString());
    for (std::string flag; std::getline(flags, flag);)
      if (!flag.empty()) r.salary_flags.push_back(flag);
    r.deduction = money{query.getColumn(i++).getInt64()};
    r.deduction_basis = query.getColumn(i++).getString();
    r.submitted_at = read_timestamp(query.getColumn(i++).getString());
    r.decided_at = read_optional_timestamp(query.getColumn(i++));
    if (const auto year = query.getColumn(i++); !year.isNull()) r.salary_guide_year = year.getInt();
    found.push_back(std::move(r));
  }
  query.reset();
  auto& workers = db_.prepare(
      "SELECT level, count, average_salary_fen FROM report_workers WHERE report_id = ? ORDER BY position");
  for (auto& r : found) {
    workers.reset();
    workers.bind(1, r.id);
    while (workers.executeStep())
      r.workers.push_back({procurement::parse_professional_level(workers.getColumn(0).getString()).value(),
                           workers.getColumn(1).getInt64(), money{workers.getColumn(2).getInt64()}});
  }
  return found;
}

std::optional<contracts::service_report> report_table::find(std::string_view id) {
  auto& query = db_.prepare(std::string("SELECT ") + report_columns + " FROM service_reports WHERE id = ?");
  query.bind(1, std::string(id));
  auto found = read_all(query);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<contracts::service_report> report_table::of_contract(std::string_view contract_id) {
  auto& query = db_.prepare(std::string("SELECT ") + report_columns +
                            " FROM service_reports WHERE contract_id = ? ORDER BY period_start, id");
  query.bind(1, std::string(contract_id));
  return read_all(query);
}

}  // namespace procura::storage
