#include <sstream>

#include "tables.hpp"

namespace procura::storage {
namespace {

std::string join_ids(const std::vector<std::string>& ids) {
  std::string joined;
  for (const auto& id : ids) {
    if (!joined.empty()) joined += ' ';
    joined += id;
  }
  return joined;
}

std::vector<std::string> split_ids(const std::string& joined) {
  std::vector<std::string> ids;
  std::istringstream stream(joined);
  for (std::string id; stream >> id;) ids.push_back(id);
  return ids;
}

procurement::token read_token(SQLite::Statement& row) {
  procurement::token value;
  value.id = row.getColumn(0).getString();
  value.account_id = row.getColumn(1).getString();
  value.secret_hash = row.getColumn(2).getString();
  value.expires_at = read_timestamp(row.getColumn(3).getString());
  value.revoked_at = read_optional_timestamp(row.getColumn(4));
  value.created_at = read_timestamp(row.getColumn(5).getString());
  return value;
}

constexpr auto token_columns = "id, account_id, secret_hash, expires_at, revoked_at, created_at";

}  // namespace

void account_table::insert_account(const procurement::account& value) {
  auto& statement = db_.prepare(
      "INSERT INTO accounts (id, organization_id, role, display_name, recent_employer_ids, created_at)"
      " VALUES (?, ?, ?, ?, ?, ?)");
  statement.bind(1, value.id);
  statement.bind(2, value.organization_id);
  statement.bind(3, std::string(to_string(value.role)));
  statement.bind(4, value.display_name);
  statement.bind(5, join_ids(value.recent_employer_ids));
  statement.bind(6, format_rfc3339(value.created_at));
  statement.exec();
}

std::optional<procurement::account> account_table::find_account(std::string_view id) {
  auto& query = db_.prepare(
      "SELECT id, organization_id, role, display_name, recent_employer_ids, created_at FROM accounts WHERE id = ?");
  query.bind(1, std::string(id));
  if (!query.executeStep()) return std::nullopt;
  procurement::account value;
  value.id = query.getColumn(0).getString();
  value.organization_id = query.getColumn(1).getString();
  value.role = parse_role(query.getColumn(2).getString()).value();
  value.display_name = query.getColumn(3).getString();
  value.recent_employer_ids = split_ids(query.getColumn(4).getString());
  value.created_at = read_timestamp(query.getColumn(5).getString());
  return value;
}

void account_table::insert_token(const procurement::token& value) {
  auto& statement = db_.prepare(
      "INSERT INTO tokens (id, account_id, secret_hash, expires_at, revoked_at, created_at) VALUES (?, ?, ?, ?, ?, ?)");
  statement.bind(1, value.id);
  statement.bind(2, value.account_id);
  statement.bind(3, value.secret_hash);
  statement.bind(4, format_rfc3339(value.expires_at));
  if (value.revoked_at) statement.bind(5, format_rfc3339(*value.revoked_at));
  statement.bind(6, format_rfc3339(value.created_at));
  statement.exec();
}

std::optional<procurement::token> account_table::find_token(std::string_view id) {
  auto& query = db_.prepare(std::string("SELECT ") + token_columns + " FROM tokens WHERE id = ?");
  query.bind(1, std::string(id));
  if (!query.executeStep()) return std::nullopt;
  return read_token(query);
}

std::optional<procurement::token> account_table::find_token_by_hash(std::string_view secret_hash) {
  auto& query = db_.prepare(std::string("SELECT ") + token_columns + " FROM tokens WHERE secret_hash = ?");
  query.bind(1, std::string(secret_hash));
  if (!query.executeStep()) return std::nullopt;
  return read_token(query);
}

void account_table::revoke_token(std::string_view id, timestamp at) {
  auto& statement = db_.prepare("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
  statement.bind(1, format_rfc3339(at));
  statement.bind(2, std::string(id));
  statement.exec();
}

}  // namespace procura::storage
