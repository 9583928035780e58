#include "tables.hpp"

namespace procura::storage {
namespace {

constexpr auto question_columns =
    "id, tender_id, asker_organization_id, text, asked_at, answer, answered_at, affects_bid_preparation";

procurement::question read_question(SQLite::Statement& row) {
  procurement::question q;
  q.id = row.getColumn(0).getString();
  q.tender_id = row.getColumn(1).getString();
  q.asker_organization_id = row.getColumn(2).getString();
  q.text = row.getColumn(3).getString();
  q.asked_at = read_timestamp(row.getColumn(4).getString());
  if (!row.getColumn(5).isNull()) q.answer = row.getColumn(5).getString();
  q.answered_at = read_optional_timestamp(row.getColumn(6));
  q.affects_bid_preparation = row.getColumn(7).getInt() != 0;
  return q;
}

}  // namespace

void question_table::insert(const procurement::question& q) {
  auto& statement = db_.prepare(std::string("INSERT INTO questions (") + question_columns +
                                ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  statement.bind(1, q.id);
  statement.bind(2, q.tender_id);
  statement.bind(3, q.asker_organization_id);
  statement.bind(4, q.text);
  statement.bind(5, format_rfc3339(q.asked_at));
  if (q.answer) statement.bind(6, *q.answer);
  if (q.answered_at) statement.bind(7, format_rfc3339(*q.answered_at));
  statement.bind(8, q.affects_bid_preparation ? 1 : 0);
  statement.exec();
}

void question_table::update(const procurement::question& q) {
  auto& statement =
      db_.prepare("UPDATE questions SET answer = ?, answered_at = ?, affects_bid_preparation = ? WHERE id = ?");
  if (q.answer) statement.bind(1, *q.answer);
  if (q.answered_at) statement.bind(2, format_rfc3339(*q.answered_at));
  statement.bind(3, q.affects_bid_preparation ? 1 : 0);
  statement.bind(4, q.id);
  statement.exec();
}

std::optional<procurement::question> question_table::find(std::string_view id) {
  auto& query = db_.prepare(std::string("SELECT ") + question_columns + " FROM questions WHERE id = ?");
  query.bind(1, std::string(id));
  if (!query.executeStep()) return std::nullopt;
  return read_question(query);
}

std::vector<procurement::question> question_table::of_tender(std::string_view tender_id) {
  auto& query = db_.prepare(std::string("SELECT ") + question_columns + " FROM questions WHERE tender_id = ? ORDER BY id");
  query.bind(1, std::string(tender_id));
  std::vector<procurement::question> found;
  while (query.executeStep()) found.push_back(read_question(query));
  return found;
}

}  // namespace procura::storage
