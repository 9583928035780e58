#include <sstream>

#include "tables.hpp"

namespace procura::storage {
namespace {

constexpr auto organization_columns = "id, kind, name, credit_code, region, created_at";

procurement::organization read_organization(SQLite::Statement& row) {
  procurement::organization value;
  value.id = row.getColumn(0).getString();
  value.kind = procurement::parse_organization_kind(row.getColumn(1).getString()).value();
  value.name = row.getColumn(2).getString();
  value.credit_code = row.getColumn(3).getString();
  value.region = row.getColumn(4).getString();
  value.created_at = read_timestamp(row.getColumn(5).getString());
  return value;
}

}  // namespace

std::optional<procurement::organization> organization_table::find(std::string_view id) {
  auto& query = db_.prepare(std::string("SELECT ") + organization_columns + " FROM organizations WHERE id = ?");
  query.bind(1, std::string(id));
  if (!query.executeStep()) return std::nullopt;
  return read_organization(query);
}

std::optional<procurement::organization> organization_table::find_by_credit_code(std::string_view credit_code) {
  auto& query =
      db_.prepare(std::string("SELECT ") + organization_columns + " FROM organizations WHERE credit_code = ?");
  query.bind(1, std::string(credit_code));
  if (!query.executeStep()) return std::nullopt;
  return read_organization(query);
}

void organization_table::insert(const procurement::organization& value) {
  auto& statement = db_.prepare(
      "INSERT INTO organizations (id, kind, name, credit_code, region, created_at) VALUES (?, ?, ?, ?, ?, ?)");
  statement.bind(1, value.id);
  statement.bind(2, std::string(procurement::to_string(value.kind)));
  statement.bind(3, value.name);
  statement.bind(4, value.credit_code);
  statement.bind(5, value.region);
  statement.bind(6, format_rfc3339(value.created_at));
  statement.exec();
}

page<procurement::organization> organization_table::list(const procurement::organization_filter& filter,
                                                         const page_request& request) {
  // Keyset pagination on the primary key; the filters are optional parameters so that one
  // prepared statement serves every combination.
  auto& query = db_.prepare(std::string("SELECT ") + organization_columns +
                            " FROM organizations WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR region = ?2)"
                            " AND (?3 IS NULL OR id > ?3) ORDER BY id LIMIT ?4");
  if (filter.kind) query.bind(1, std::string(procurement::to_string(*filter.kind)));
  if (filter.region) query.bind(2, *filter.region);
  if (request.after) query.bind(3, *request.after);
  query.bind(4, static_cast<std::int64_t>(request.limit + 1));
  page<procurement::organization> result;
  while (query.executeStep()) result.items.push_back(read_organization(query));
  return finish_page(std::move(result.items), request.limit, [](const auto& item) { return item.id; });
}

}  // namespace procura::storage
