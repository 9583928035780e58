#include "tables.hpp"

namespace procura::storage {

std::vector<procurement::panel_member> panel_table::members(std::string_view tender_id) {
  auto& query = db_.prepare(
      "SELECT tender_id, account_id, appointed_at, declared_at, removed, removal_reason FROM panel_members"
      " WHERE tender_id = ? ORDER BY appointed_at, account_id");
  query.bind(1, std::string(tender_id));
  std::vector<procurement::panel_member> found;
  while (query.executeStep())
    found.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(),
                     read_timestamp(query.getColumn(2).getString()), read_optional_timestamp(query.getColumn(3)),
                     query.getColumn(4).getInt() != 0, query.getColumn(5).getString()});
  return found;
}

void panel_table::insert(const procurement::panel_member& m) {
  auto& statement = db_.prepare(
      "INSERT INTO panel_members (tender_id, account_id, appointed_at, declared_at, removed, removal_reason)"
      " VALUES (?, ?, ?, ?, ?, ?)");
  statement.bind(1, m.tender_id);
  statement.bind(2, m.account_id);
  statement.bind(3, format_rfc3339(m.appointed_at));
  if (m.declared_at) statement.bind(4, format_rfc3339(*m.declared_at)); else statement.bind(4);
  statement.bind(5, m.removed ? 1 : 0);
  statement.bind(6, m.removal_reason);
  statement.exec();
}

void panel_table::update(const procurement::panel_member& m) {
  auto& statement = db_.prepare(
      "UPDATE panel_members SET declared_at = ?, removed = ?, removal_reason = ? WHERE tender_id = ? AND account_id = ?");
  if (m.declared_at) statement.bind(1, format_rfc3339(*m.declared_at)); else statement.bind(1);
  statement.bind(2, m.removed ? 1 : 0);
  statement.bind(3, m.removal_reason);
  statement.bind(4, m.tender_id);
  statement.bind(5, m.account_id);
  statement.exec();
}

std::vector<procurement::expert_score> panel_table::scores(std::string_view tender_id) {
  auto& query = db_.prepare(
      "SELECT tender_id, account_id, bid_id, criterion_index, points_hundredths, submitted_at FROM expert_scores"
      " WHERE tender_id = ? ORDER BY account_id, bid_id, criterion_index");
  query.bind(1, std::string(tender_id));
  std::vector<procurement::expert_score> found;
  while (query.executeStep())
    found.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(), query.getColumn(2).getString(),
                     query.getColumn(3).getInt64(), query.getColumn(4).getInt64(),
                     read_timestamp(query.getColumn(5).getString())});
  return found;
}

void panel_table::replace_scores(std::string_view tender_id, std::string_view account_id,
                                 const std::vector<procurement::expert_score>& scores) {
  auto& remove = db_.prepare("DELETE FROM expert_scores WHERE tender_id = ? AND account_id = ?");
  remove.bind(1, std::string(tender_id));
  remove.bind(2, std::string(account_id));
  remove.exec();
  auto& insert = db_.prepare(
      "INSERT INTO expert_scores (tender_id, account_id, bid_id, criterion_index, points_hundredths, submitted_at)"
      " VALUES (?, ?, ?, ?, ?, ?)");
  for (const auto& s : scores) {
    insert.reset();
    insert.bind(1, s.tender_id);
    insert.bind(2, s.account_id);
    insert.bind(3, s.bid_id);
    insert.bind(4, s.criterion_index);
    insert.bind(5, s.points_hundredths);
    insert.bind(6, format_rfc3339(s.submitted_at));
    insert.exec();
  }
}

}  // namespace procura::storage
