#include "tables.hpp"

namespace procura::storage {
namespace {

constexpr auto challenge_columns =
    "id, tender_id, challenger_id, text, filed_at, answer_due, answer, answered_at, upheld";

procurement::challenge read_challenge(SQLite::Statement& row) {
  procurement::challenge c;
  c.id = row.getColumn(0).getString();
  c.tender_id = row.getColumn(1).getString();
  c.challenger_id = row.getColumn(2).getString();
  c.text = row.getColumn(3).getString();
  c.filed_at = read_timestamp(row.getColumn(4).getString());
  c.answer_due = read_timestamp(row.getColumn(5).getString());
  if (!row.getColumn(6).isNull()) c.answer = row.getColumn(6).getString();
  c.answered_at = read_optional_timestamp(row.getColumn(7));
  c.upheld = row.getColumn(8).getInt() != 0;
  return c;
}

}  // namespace

void challenge_table::insert(const procurement::challenge& c) {
  auto& statement = db_.prepare(std::string("INSERT INTO challenges (") + challenge_columns +
                                ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  statement.bind(1, c.id);
  statement.bind(2, c.tender_id);
  statement.bind(3, c.challenger_id);
  statement.bind(4, c.text);
  statement.bind(5, format_rfc3339(c.filed_at));
  statement.bind(6, format_rfc3339(c.answer_due));
  if (c.answer) statement.bind(7, *c.answer); else statement.bind(7);
  if (c.answered_at) statement.bind(8, format_rfc3339(*c.answered_at)); else statement.bind(8);
  statement.bind(9, c.upheld ? 1 : 0);
  statement.exec();
}

void challenge_table::update(const procurement::challenge& c) {
  auto& statement = db_.prepare("UPDATE challenges SET answer = ?, answered_at = ?, upheld = ? WHERE id = ?");
  if (c.answer) statement.bind(1, *c.answer); else statement.bind(1);
  if (c.answered_at) statement.bind(2, format_rfc3339(*c.answered_at)); else statement.bind(2);
  statement.bind(3, c.upheld ? 1 : 0);
  statement.bind(4, c.id);
  statement.exec();
}

std::optional<procurement::challenge> challenge_table::find(std::string_view id) {
  auto& query = db_.prepare(std::string("SELECT ") + challenge_columns + " FROM challenges WHERE id = ?");
  query.bind(1, std::string(id));
  if (!query.executeStep()) return std::nullopt;
  return read_challenge(query);
}

std::vector<procurement::challenge> challenge_table::of_tender(std::string_view tender_id) {
  auto& query =
      db_.prepare(std::string("SELECT ") + challenge_columns + " FROM challenges WHERE tender_id = ? ORDER BY id");
  query.bind(1, std::string(tender_id));
  std::vector<procurement::challenge> found;
  while (query.executeStep()) found.push_back(read_challenge(query));
  return found;
}

working_calendar calendar_table::load() {
  auto& query = db_.prepare("SELECT day, kind FROM calendar_days");
  std::set<std::chrono::sys_days> holidays, working_weekends;
  while (query.executeStep()) {
    const auto day = parse_date(query.getColumn(0).getString());
    if (!day) continue;
    (query.getColumn(1).getString() == "holiday" ? holidays : working_weekends).insert(std::chrono::sys_days{*day});
  }
  return working_calendar(std::move(holidays), std::move(working_weekends));
}

}  // namespace procura::storage
