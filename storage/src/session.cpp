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
procurement::catalogue_repository& session::catalogue() { return lazily(catalogue_, db_); }
procurement::benchmark_repository& session::benchmarks() { return lazily(benchmarks_, db_); }
procurement::cost_estimate_repository& session::cost_estimates() { return lazily(cost_estimates_, db_); }
procurement::tender_repository& session::tenders() { return lazily(tenders_, db_); }
procurement::question_repository& session::questions() { return lazily(questions_, db_); }
procurement::bid_repository& session::bids() { return lazily(bids_, db_); }
procurement::panel_repository& session::panel() { return lazily(panel_, db_); }
procurement::ranking_repository& session::rankings() { return lazily(rankings_, db_); }
procurement::challenge_repository& session::challenges() { return lazily(challenges_, db_); }
procurement::calendar_repository& session::calendar() { return lazily(calendar_, db_); }
contracts::contract_repository& session::contracts() { return lazily(contracts_, db_); }
contracts::report_repository& session::reports() { return lazily(reports_, db_); }
evaluation::evaluation_repository& session::evaluations() { return lazily(evaluations_, db_); }

timestamp read_timestamp(const std::string& text) {
  const auto parsed = parse_rfc3339(text);
  if (!parsed) throw std::runtime_error("malformed timestamp in database: " + text);
  return *parsed;
}

void bind_optional(SQLite::Statement& statement, int index, const std::optional<std::int64_t>& value) {
  if (value) statement.bind(index, *value);
  else statement.bind(index);
}

std::optional<std::int64_t> read_optional_integer(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getInt64();
}

std::optional<timestamp> read_optional_timestamp(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return read_timestamp(column.getString());
}

procurement::document_repository& session::documents() { return lazily(documents_, db_); }
transparency::outline_repository& session::outlines() { return lazily(outlines_, db_); }

}  // namespace procura::storage
