#include "tables.hpp"

namespace procura::storage {
namespace {

constexpr auto entry_columns =
    "sequence, at, actor, action, entity_type, entity_id, sealed_by, state, state_hash, previous_hash, entry_hash";

audit::entry read_entry(SQLite::Statement& row) {
  audit::entry e;
  e.sequence = row.getColumn(0).getInt64();
  // A time edited into something unreadable is the chain's to report, at its entry: read as the
  // epoch, it no longer matches the entry's hash. Other tables fail loudly instead.
  e.at = parse_rfc3339(row.getColumn(1).getString()).value_or(timestamp{});
  e.actor = row.getColumn(2).getString();
  e.action = row.getColumn(3).getString();
  e.entity_type = row.getColumn(4).getString();
  e.entity_id = row.getColumn(5).getString();
  if (!row.getColumn(6).isNull()) e.sealed_by = row.getColumn(6).getString();
  e.state = row.getColumn(7).getString();
  e.state_hash = row.getColumn(8).getString();
  e.previous_hash = row.getColumn(9).getString();
  e.entry_hash = row.getColumn(10).getString();
  return e;
}

}  // namespace

audit::entry audit_table::append(const audit::record& r, timestamp at) {
  auto& head = db_.prepare("SELECT sequence, entry_hash FROM audit_log ORDER BY sequence DESC LIMIT 1");
  std::int64_t previous_sequence = 0;
  std::string previous_hash(audit::genesis_hash);
  if (head.executeStep()) {
    previous_sequence = head.getColumn(0).getInt64();
    previous_hash = head.getColumn(1).getString();
  }
  head.reset();
  audit::entry e{previous_sequence + 1, at, r.actor, r.action, r.entity_type, r.entity_id, r.state, {}, {}, {},
                 r.sealed_by};
  audit::seal_entry(e, previous_hash);
  auto& statement = db_.prepare(std::string("INSERT INTO audit_log (") + entry_columns +
                                ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  statement.bind(1, e.sequence);
  statement.bind(2, format_rfc3339(e.at));
  statement.bind(3, e.actor);
  statement.bind(4, e.action);
  statement.bind(5, e.entity_type);
  statement.bind(6, e.entity_id);
  if (e.sealed_by) statement.bind(7, *e.sealed_by);
  statement.bind(8, e.state);
  statement.bind(9, e.state_hash);
  statement.bind(10, e.previous_hash);
  statement.bind(11, e.entry_hash);
  statement.exec();
  return e;
}

page<audit::entry> audit_table::list(const page_request& request) {
  // The first page starts at the lowest sequence stored, not at 1: a row slipped in at 0 or below
  // is listed, and verification names it, instead of being skipped by both.
  auto& query = request.after ? db_.prepare(std::string("SELECT ") + entry_columns +
                                            " FROM audit_log WHERE sequence > ? ORDER BY sequence LIMIT ?")
                              : db_.prepare(std::string("SELECT ") + entry_columns +
                                            " FROM audit_log ORDER BY sequence LIMIT ?");
  int limit_at = 1;
  if (request.after) query.bind(limit_at++, static_cast<std::int64_t>(std::stoll(*request.after)));
  query.bind(limit_at, static_cast<std::int64_t>(request.limit + 1));
  page<audit::entry> result;
  while (query.executeStep()) result.items.push_back(read_entry(query));
  return finish_page(std::move(result.items), request.limit, [](const auto& item) { return std::to_string(item.sequence); });
}

std::vector<audit::entry> audit_table::for_entity(std::string_view entity_type, std::string_view entity_id) {
  auto& query = db_.prepare(std::string("SELECT ") + entry_columns +
                            " FROM audit_log WHERE entity_type = ? AND entity_id = ? AND sequence >= 1 ORDER BY sequence");
  query.bind(1, std::string(entity_type));
  query.bind(2, std::string(entity_id));
  std::vector<audit::entry> found;
  while (query.executeStep()) found.push_back(read_entry(query));
  return found;
}

std::string audit_table::head_hash() {
  auto& query = db_.prepare("SELECT entry_hash FROM audit_log ORDER BY sequence DESC LIMIT 1");
  if (!query.executeStep()) return std::string(audit::genesis_hash);
  return query.getColumn(0).getString();
}

std::int64_t audit_table::length() {
  // Sequences run 1, 2, 3, … without gaps (verify checks it), so the last one is the length;
  // reading it uses the primary key instead of counting every row.
  auto& query = db_.prepare("SELECT coalesce(max(sequence), 0) FROM audit_log");
  query.executeStep();
  return query.getColumn(0).getInt64();
}

}  // namespace procura::storage
