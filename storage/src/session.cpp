#include "procura/storage/session.hpp"

#include "tables.hpp"

namespace procura::storage {

session::session(connection& db) : db_(db) {}
session::~session() = default;

namespace {
template <class Table>
Table& lazily(std::unique_ptr<Table>& slot, connection& db) {
  if (!slot) slot = std::make_unique<Table>(db);
  return *slot;
}
}  // namespace

procurement::organization_repository& session::organizations() { return lazily(organizations_, db_); }
procurement::account_repository& session::accounts() { return lazily(accounts_, db_); }
procurement::profile_repository& session::profiles() { return lazily(profiles_, db_); }
audit::log& session::audit() { return lazily(audit_, db_); }
idempotency::store& session::idempotency() { return lazily(idempotency_, db_); }

timestamp read_timestamp(const std::string& text) {
  const auto parsed = parse_rfc3339(text);
  if (!parsed) throw std::runtime_error("malformed timestamp in database: " + text);
  return *parsed;
}

std::optional<timestamp> read_optional_timestamp(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return read_timestamp(column.getString());
}

}  // namespace procura::storage
