#include <sstream>

#include "tables.hpp"

namespace procura::storage {
namespace {

constexpr auto item_columns =
    "code, version, name, category, unit, minimum_years_established, minimum_certified_share_bp,"
    " no_serious_violation, tax_and_insurance_compliance, staffing_standard, service_steps, created_at";

procurement::catalogue_item read_item(SQLite::Statement& row) {
  procurement::catalogue_item item;
  item.code = row.getColumn(0).getString();
  item.version = row.getColumn(1).getInt64();
  item.name = row.getColumn(2).getString();
  item.category = procurement::parse_service_category(row.getColumn(3).getString()).value();
  item.unit = procurement::parse_service_unit(row.getColumn(4).getString()).value();
  item.qualification.minimum_years_established = row.getColumn(5).getInt64();
  item.qualification.minimum_certified_share = row.getColumn(6).getInt64();
  item.qualification.no_serious_violation_in_three_years = row.getColumn(7).getInt() != 0;
  item.qualification.tax_and_social_insurance_compliance = row.getColumn(8).getInt() != 0;
  item.staffing_standard = row.getColumn(9).getInt64();
  std::istringstream steps(row.getColumn(10).getString());
  for (std::string step; steps >> step;) item.service_steps.push_back(procurement::parse_service_step(step).value());
  item.created_at = read_timestamp(row.getColumn(11).getString());
  return item;
}

}  // namespace

std::optional<procurement::catalogue_item> catalogue_table::latest(std::string_view code) {
  auto& query = db_.prepare(std::string("SELECT ") + item_columns +
                            " FROM catalogue_items WHERE code = ? ORDER BY version DESC LIMIT 1");
  query.bind(1, std::string(code));
  if (!query.executeStep()) return std::nullopt;
  return read_item(query);
}

std::optional<procurement::catalogue_item> catalogue_table::version(std::string_view code, std::int64_t version) {
  auto& query = db_.prepare(std::string("SELECT ") + item_columns + " FROM catalogue_items WHERE code = ? AND version = ?");
  query.bind(1, std::string(code));
  query.bind(2, version);
  if (!query.executeStep()) return std::nullopt;
  return read_item(query);
}

void catalogue_table::insert(const procurement::catalogue_item& item) {
  auto& statement = db_.prepare(std::string("INSERT INTO catalogue_items (") + item_columns +
                                ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  std::string steps;
  for (const auto step : item.service_steps) {
    if (!steps.empty()) steps += ' ';
    steps += procurement::to_string(step);
  }
  statement.bind(1, item.code);
  statement.bind(2, item.version);
  statement.bind(3, item.name);
  statement.bind(4, std::string(procurement::to_string(item.category)));
  statement.bind(5, std::string(procurement::to_string(item.unit)));
  statement.bind(6, item.qualification.minimum_years_established);
  statement.bind(7, item.qualification.minimum_certified_share);
  statement.bind(8, item.qualification.no_serious_violation_in_three_years ? 1 : 0);
  statement.bind(9, item.qualification.tax_and_social_insurance_compliance ? 1 : 0);
  statement.bind(10, item.staffing_standard);
  statement.bind(11, steps);
  statement.bind(12, format_rfc3339(item.created_at));
  statement.exec();
}

page<procurement::catalogue_item> catalogue_table::list(const page_request& request) {
  auto& query = db_.prepare(std::string("SELECT ") + item_columns +
                            " FROM catalogue_items AS c WHERE version = (SELECT max(version) FROM catalogue_items"
                            " WHERE code = c.code) AND (?1 IS NULL OR code > ?1) ORDER BY code LIMIT ?2");
  if (request.after) query.bind(1, *request.after);
  query.bind(2, static_cast<std::int64_t>(request.limit + 1));
  page<procurement::catalogue_item> result;
  while (query.executeStep()) result.items.push_back(read_item(query));
  return finish_page(std::move(result.items), request.limit, [](const auto& item) { return item.code; });
}

}  // namespace procura::storage
