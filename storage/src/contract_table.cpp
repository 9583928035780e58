#include <sstream>
#include <string>
#include <vector>

#include "tables.hpp"

namespace procura::storage {
namespace {

using contracts::condition_kind;

constexpr auto contract_columns =
    "id, tender_id, bid_id, purchaser_id, supplier_id, version, state, original_price_fen, price_fen, clients,"
    " staffing_standard, region, service_start, service_months, continuity_justification, salary_reserve_fen,"
    " penalty_missing_post_fen, penalty_caseload_fen, awarded_at, purchaser_signed_at, supplier_signed_at,"
    " late_signing_reason, ended_at, end_reason, created_at, framework_key, framework_version";

std::string condition_name(condition_kind kind) {
  switch (kind) {
    case condition_kind::none: return "none";
    case condition_kind::report_accepted: return "report_accepted";
    case condition_kind::evaluation_grade: return "evaluation_grade";
  }
  return "none";
}

condition_kind condition_of(const std::string& name) {
  if (name == "report_accepted") return condition_kind::report_accepted;
  if (name == "evaluation_grade") return condition_kind::evaluation_grade;
  return condition_kind::none;
}

void bind_time(SQLite::Statement& s, int index, const std::optional<timestamp>& value) {
  if (value) s.bind(index, format_rfc3339(*value));
  else s.bind(index);
}

/// Amendment schedules are stored as text: "due_date:amount:condition:grade" per instalment.
std::string encode_schedule(const std::vector<contracts::instalment>& schedule) {
  std::string text;
  for (const auto& i : schedule) {
    if (!text.empty()) text += ' ';
    text += format_date(i.due_date) + ":" + std::to_string(i.amount.fen) + ":" + condition_name(i.condition) + ":" +
            i.minimum_grade;
  }
  return text;
}

std::vector<contracts::instalment> decode_schedule(const std::string& text) {
  std::vector<contracts::instalment> schedule;
  std::istringstream stream(text);
  for (std::string item; stream >> item;) {
    std::vector<std::string> parts;
    std::istringstream fields(item);
    for (std::string part; std::getline(fields, part, ':');) parts.push_back(part);
    while (parts.size() < 4) parts.emplace_back();
    contracts::instalment i;
    i.number = static_cast<std::int64_t>(schedule.size()) + 1;
    i.due_date = parse_date(parts[0]).value_or(std::chrono::year_month_day{});
    i.amount = money{std::stoll(parts[1])};
    i.condition = condition_of(parts[2]);
    i.minimum_grade = parts[3];
    schedule.push_back(i);
  }
  return schedule;
}

}  // namespace

contracts::contract contract_table::read(SQLite::Statement& row) {
  contracts::contract c;
  int i = 0;
  c.id = row.getColumn(i++).getString();
  c.tender_id = row.getColumn(i++).getString();
  c.bid_id = row.getColumn(i++).getString();
  c.purchaser_id = row.getColumn(i++).getString();
  c.supplier_id = row.getColumn(i++).getString();
  c.version = row.getColumn(i++).getInt64();
  c.state = contracts::parse_contract_state(row.getColumn(i++).getString()).value();
  c.original_price = money{row.getColumn(i++).getInt64()};
  c.price = money{row.getColumn(i++).getInt64()};
  c.clients = row.getColumn(i++).getInt64();
  c.staffing_standard = row.getColumn(i++).getInt64();
  c.region = row.getColumn(i++).getString();
  c.service_start = parse_date(row.getColumn(i++).getString()).value();
  c.service_months = row.getColumn(i++).getInt64();
  c.continuity_justification = row.getColumn(i++).getString();
  c.salary_reserve = money{row.getColumn(i++).getInt64()};
  c.penalties.per_missing_post_month = money{row.getColumn(i++).getInt64()};
  c.penalties.per_caseload_excess_month = money{row.getColumn(i++).getInt64()};
  c.awarded_at = read_timestamp(row.getColumn(i++).getString());
  c.purchaser_signed_at = read_optional_timestamp(row.getColumn(i++));
  c.supplier_signed_at = read_optional_timestamp(row.getColumn(i++));
  c.late_signing_reason = row.getColumn(i++).getString();
  c.ended_at = read_optional_timestamp(row.getColumn(i++));
  c.end_reason = row.getColumn(i++).getString();
  c.created_at = read_timestamp(row.getColumn(i++).getString());
  c.framework_key = row.getColumn(i++).getString();
  c.framework_version = row.getColumn(i++).getInt64();
  return c;
}

void contract_table::complete(contracts::contract& c) {
  auto& staffing = db_.prepare(
      "SELECT level, count, monthly_salary_fen, months FROM contract_staffing WHERE contract_id = ? ORDER BY position");
  staffing.bind(1, c.id);
  while (staffing.executeStep())
    c.staffing.push_back({procurement::parse_professional_level(staffing.getColumn(0).getString()).value(),
                          staffing.getColumn(1).getInt64(), money{staffing.getColumn(2).getInt64()},
                          staffing.getColumn(3).getInt64()});
  auto& instalments = db_.prepare(
      "SELECT number, due_date, amount_fen, condition, minimum_grade, released_at, released_amount_fen, deducted_fen,"
      " released_late, deduction_reason, grade_adjustment_fen, grade_adjustment_reason"
      " FROM instalments WHERE contract_id = ? ORDER BY number");
  instalments.bind(1, c.id);
  while (instalments.executeStep()) {
    contracts::instalment i;
    i.number = instalments.getColumn(0).getInt64();
    i.due_date = parse_date(instalments.getColumn(1).getString()).value();
    i.amount = money{instalments.getColumn(2).getInt64()};
    i.condition = condition_of(instalments.getColumn(3).getString());
    i.minimum_grade = instalments.getColumn(4).getString();
    i.released_at = read_optional_timestamp(instalments.getColumn(5));
    i.released_amount = money{instalments.getColumn(6).getInt64()};
    i.deducted = money{instalments.getColumn(7).getInt64()};
    i.released_late = instalments.getColumn(8).getInt() != 0;
    i.deduction_reason = instalments.getColumn(9).getString();
    i.grade_adjustment = money{instalments.getColumn(10).getInt64()};
    i.grade_adjustment_reason = instalments.getColumn(11).getString();
    c.schedule.push_back(i);
  }
  auto& amendments = db_.prepare(
      "SELECT number, reason, added_value_fen, proposed_by, proposed_at, agreed_at, schedule, ended_as, ended_by,"
      " ended_at, end_reason FROM contract_amendments WHERE contract_id = ? ORDER BY number");
  amendments.bind(1, c.id);
  while (amendments.executeStep()) {
    contracts::contract_amendment a;
    a.number = amendments.getColumn(0).getInt64();
    a.reason = amendments.getColumn(1).getString();
    a.added_value = money{amendments.getColumn(2).getInt64()};
    a.proposed_by = amendments.getColumn(3).getString();
    a.proposed_at = read_timestamp(amendments.getColumn(4).getString());
    a.agreed_at = read_optional_timestamp(amendments.getColumn(5));
    a.schedule = decode_schedule(amendments.getColumn(6).getString());
    if (const auto ended_as = contracts::parse_amendment_end(amendments.getColumn(7).getString()))
      a.ended = contracts::amendment_ending{*ended_as, amendments.getColumn(8).getString(),
                                            read_timestamp(amendments.getColumn(9).getString()),
                                            amendments.getColumn(10).getString()};
    c.amendments.push_back(std::move(a));
  }
}

void contract_table::write(const contracts::contract& c, bool insert) {
  std::string sql;
  if (insert) {
    sql = std::string("INSERT INTO contracts (") + contract_columns +
          ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,"
          " ?23, ?24, ?25, ?26, ?27)";
  } else {
    sql = "UPDATE contracts SET version = ?6, state = ?7, price_fen = ?9, purchaser_signed_at = ?20,"
          " supplier_signed_at = ?21, late_signing_reason = ?22, ended_at = ?23, end_reason = ?24 WHERE id = ?1";
  }
  auto& s = db_.prepare(sql);
  int i = 1;
  s.bind(i++, c.id);
  if (insert) {
    s.bind(i++, c.tender_id);
    s.bind(i++, c.bid_id);
    s.bind(i++, c.purchaser_id);
    s.bind(i++, c.supplier_id);
  } else {
    i = 6;
  }
  s.bind(i++, c.version);
  s.bind(i++, std::string(contracts::to_string(c.state)));
  if (insert) s.bind(i, c.original_price.fen);
  ++i;
  s.bind(i++, c.price.fen);
  if (insert) {
    s.bind(i++, c.clients);
    s.bind(i++, c.staffing_standard);
    s.bind(i++, c.region);
    s.bind(i++, format_date(c.service_start));
    s.bind(i++, c.service_months);
    s.bind(i++, c.continuity_justification);
    s.bind(i++, c.salary_reserve.fen);
    s.bind(i++, c.penalties.per_missing_post_month.fen);
    s.bind(i++, c.penalties.per_caseload_excess_month.fen);
    s.bind(i++, format_rfc3339(c.awarded_at));
  } else {
    i = 20;
  }
  bind_time(s, i++, c.purchaser_signed_at);
  bind_time(s, i++, c.supplier_signed_at);
  s.bind(i++, c.late_signing_reason);
  bind_time(s, i++, c.ended_at);
  s.bind(i++, c.end_reason);
  if (insert) {
    s.bind(i++, format_rfc3339(c.created_at));
    s.bind(i++, c.framework_key);
    s.bind(i++, c.framework_version);
  }
  s.exec();

  if (insert) {
    auto& staffing = db_.prepare(
        "INSERT INTO contract_staffing (contract_id, position, level, count, monthly_salary_fen, months)"
        " VALUES (?, ?, ?, ?, ?, ?)");
    for (std::size_t p = 0; p < c.staffing.size(); ++p) {
      staffing.reset();
      staffing.bind(1, c.id);
      staffing.bind(2, static_cast<std::int64_t>(p));
      staffing.bind(3, std::string(procurement::to_string(c.staffing[p].level)));
      staffing.bind(4, c.staffing[p].count);
      staffing.bind(5, c.staffing[p].monthly_salary.fen);
      staffing.bind(6, c.staffing[p].months);
      staffing.exec();
    }
  }
  auto& clear = db_.prepare("DELETE FROM instalments WHERE contract_id = ?");
  clear.bind(1, c.id);
  clear.exec();
  auto& instalment = db_.prepare(
      "INSERT INTO instalments (contract_id, number, due_date, amount_fen, condition, minimum_grade, released_at,"
      " released_amount_fen, deducted_fen, released_late, deduction_reason, grade_adjustment_fen,"
      " grade_adjustment_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& item : c.schedule) {
    instalment.reset();
    instalment.bind(1, c.id);
    instalment.bind(2, item.number);
    instalment.bind(3, format_date(item.due_date));
    instalment.bind(4, item.amount.fen);
    instalment.bind(5, condition_name(item.condition));
    instalment.bind(6, item.minimum_grade);
    bind_time(instalment, 7, item.released_at);
    instalment.bind(8, item.released_amount.fen);
    instalment.bind(9, item.deducted.fen);
    instalment.bind(10, item.released_late ? 1 : 0);
    instalment.bind(11, item.deduction_reason);
    instalment.bind(12, item.grade_adjustment.fen);
    instalment.bind(13, item.grade_adjustment_reason);
    instalment.exec();
  }
  auto& amendment = db_.prepare(
      "INSERT OR REPLACE INTO contract_amendments (contract_id, number, reason, added_value_fen, proposed_by,"
      " proposed_at, agreed_at, schedule, ended_as, ended_by, ended_at, end_reason)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& a : c.amendments) {
    amendment.reset();
    amendment.bind(1, c.id);
    amendment.bind(2, a.number);
    amendment.bind(3, a.reason);
    amendment.bind(4, a.added_value.fen);
    amendment.bind(5, a.proposed_by);
    amendment.bind(6, format_rfc3339(a.proposed_at));
    bind_time(amendment, 7, a.agreed_at);
    amendment.bind(8, encode_schedule(a.schedule));
    if (a.ended) {
      amendment.bind(9, std::string(contracts::to_string(a.ended->kind)));
      amendment.bind(10, a.ended->by);
      amendment.bind(11, format_rfc3339(a.ended->at));
      amendment.bind(12, a.ended->reason);
    } else {
      amendment.bind(9);
      amendment.bind(10, std::string());
      amendment.bind(11);
      amendment.bind(12, std::string());
    }
    amendment.exec();
  }
}

void contract_table::insert(const contracts::contract& c) { write(c, true); }
void contract_table::update(const contracts::contract& c) { write(c, false); }

std::optional<contracts::contract> contract_table::find(std::string_view id) {
  auto& query = db_.prepare(std::string("SELECT ") + contract_columns + " FROM contracts WHERE id = ?");
  query.bind(1, std::string(id));
  if (!query.executeStep()) return std::nullopt;
  auto c = read(query);
  query.reset();
  complete(c);
  return c;
}

std::optional<contracts::contract> contract_table::of_tender(std::string_view tender_id) {
  auto& query = db_.prepare(std::string("SELECT ") + contract_columns + " FROM contracts WHERE tender_id = ?"
                            " ORDER BY state = 'cancelled', created_at DESC, id DESC LIMIT 1");
  query.bind(1, std::string(tender_id));
  if (!query.executeStep()) return std::nullopt;
  auto c = read(query);
  query.reset();
  complete(c);
  return c;
}

std::vector<contracts::contract> contract_table::all_of_tender(std::string_view tender_id) {
  auto& query = db_.prepare(std::string("SELECT ") + contract_columns + " FROM contracts WHERE tender_id = ?"
                            " ORDER BY created_at, id");
  query.bind(1, std::string(tender_id));
  std::vector<contracts::contract> out;
  while (query.executeStep()) out.push_back(read(query));
  query.reset();
  for (auto& c : out) complete(c);
  return out;
}

page<contracts::contract> contract_table::list(const contracts::contract_filter& filter, const page_request& request) {
  // The WHERE clause holds only the filters given, so that each combination is its own
  // prepared statement and SQLite can use contracts_by_purchaser, contracts_by_supplier or
  // contracts_by_state or contracts_by_region:
  // `(?1 IS NULL OR purchaser_id = ?1)` made it scan every contract (docs/performance.md).
  std::string sql = std::string("SELECT ") + contract_columns + " FROM contracts WHERE 1";
  std::vector<const std::string*> values;
  const auto where = [&](const char* clause, const std::string& value) {
    sql += clause;
    values.push_back(&value);
  };
  const auto state = filter.state ? std::optional(std::string(contracts::to_string(*filter.state))) : std::nullopt;
  if (filter.purchaser_id) where(" AND purchaser_id = ?", *filter.purchaser_id);
  if (filter.supplier_id) where(" AND supplier_id = ?", *filter.supplier_id);
  if (state) where(" AND state = ?", *state);
  if (filter.region) where(" AND region = ?", *filter.region);
  if (request.after) where(" AND id > ?", *request.after);
  sql += " ORDER BY id LIMIT ?";
  auto& query = db_.prepare(sql);
  for (std::size_t i = 0; i < values.size(); ++i) query.bind(static_cast<int>(i + 1), *values[i]);
  query.bind(static_cast<int>(values.size() + 1), static_cast<std::int64_t>(request.limit + 1));
  std::vector<contracts::contract> found;
  while (query.executeStep()) found.push_back(read(query));
  query.reset();
  for (auto& c : found) complete(c);
  page<contracts::contract> result;
  result.items = std::move(found);
  return finish_page(std::move(result.items), request.limit, [](const auto& item) { return item.id; });
}

}  // namespace procura::storage
