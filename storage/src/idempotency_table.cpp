#include "tables.hpp"

namespace procura::storage {

std::optional<idempotency::stored_response> idempotency_table::find(std::string_view account_id,
                                                                   std::string_view key) {
  auto& query = db_.prepare(
      "SELECT request_hash, status, body, location, created_at FROM idempotency_keys WHERE account_id = ? AND key = ?");
  query.bind(1, std::string(account_id));
  query.bind(2, std::string(key));
  if (!query.executeStep()) return std::nullopt;
  return idempotency::stored_response{query.getColumn(0).getString(), query.getColumn(1).getInt(),
                                      query.getColumn(2).getString(), query.getColumn(3).getString(),
                                      read_timestamp(query.getColumn(4).getString())};
}

void idempotency_table::save(std::string_view account_id, std::string_view key,
                             const idempotency::stored_response& response) {
  auto& statement = db_.prepare(
      "INSERT INTO idempotency_keys (account_id, key, request_hash, status, body, location, created_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?)");
  statement.bind(1, std::string(account_id));
  statement.bind(2, std::string(key));
  statement.bind(3, response.request_hash);
  statement.bind(4, response.status);
  statement.bind(5, response.body);
  statement.bind(6, response.location);
  statement.bind(7, format_rfc3339(response.created_at));
  statement.exec();
}

}  // namespace procura::storage
