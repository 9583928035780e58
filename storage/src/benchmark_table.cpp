#include "tables.hpp"

namespace procura::storage {
namespace {

constexpr auto set_columns =
    "region, year, none_fen, assistant_fen, social_worker_fen, senior_fen, pension_bp, medical_bp,"
    " unemployment_bp, work_injury_bp, housing_fund_bp, updated_at";

procurement::benchmark_set read_set(SQLite::Statement& row) {
  procurement::benchmark_set set;
  set.region = row.getColumn(0).getString();
  set.year = row.getColumn(1).getInt();
  for (std::size_t i = 0; i < 4; ++i) set.monthly_salary[i] = money{row.getColumn(static_cast<int>(2 + i)).getInt64()};
  set.rates.pension = row.getColumn(6).getInt64();
  set.rates.medical = row.getColumn(7).getInt64();
  set.rates.unemployment = row.getColumn(8).getInt64();
  set.rates.work_injury = row.getColumn(9).getInt64();
  set.rates.housing_fund = row.getColumn(10).getInt64();
  set.updated_at = read_timestamp(row.getColumn(11).getString());
  return set;
}

}  // namespace

std::optional<procurement::benchmark_set> benchmark_table::find(std::string_view region, std::int32_t year) {
  auto& query = db_.prepare(std::string("SELECT ") + set_columns + " FROM salary_benchmarks WHERE region = ? AND year = ?");
  query.bind(1, std::string(region));
  query.bind(2, year);
  if (!query.executeStep()) return std::nullopt;
  return read_set(query);
}

void benchmark_table::save(const procurement::benchmark_set& set) {
  auto& statement = db_.prepare(std::string("INSERT OR REPLACE INTO salary_benchmarks (") + set_columns +
                                ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  statement.bind(1, set.region);
  statement.bind(2, set.year);
  for (std::size_t i = 0; i < 4; ++i) statement.bind(static_cast<int>(3 + i), set.monthly_salary[i].fen);
  statement.bind(7, set.rates.pension);
  statement.bind(8, set.rates.medical);
  statement.bind(9, set.rates.unemployment);
  statement.bind(10, set.rates.work_injury);
  statement.bind(11, set.rates.housing_fund);
  statement.bind(12, format_rfc3339(set.updated_at));
  statement.exec();
}

page<procurement::benchmark_set> benchmark_table::list(const std::optional<std::string>& region,
                                                       const std::optional<std::int32_t>& year,
                                                       const page_request& request) {
  // A few thousand sets at most (regions × years): the filters need no index of their own.
  auto& query = db_.prepare(std::string("SELECT ") + set_columns +
                            " FROM salary_benchmarks WHERE (?1 IS NULL OR region = ?1) AND (?2 IS NULL OR year = ?2)"
                            " AND (?3 IS NULL OR (region, year) > (?3, ?4)) ORDER BY region, year LIMIT ?5");
  if (region) query.bind(1, *region);
  if (year) query.bind(2, *year);
  if (request.after) {
    // The key is "REGION/YEAR", as benchmark_key writes it; the handler refuses any other.
    const auto slash = request.after->rfind('/');
    query.bind(3, request.after->substr(0, slash));
    query.bind(4, static_cast<std::int64_t>(std::stoll(request.after->substr(slash + 1))));
  }
  query.bind(5, static_cast<std::int64_t>(request.limit + 1));
  std::vector<procurement::benchmark_set> sets;
  while (query.executeStep()) sets.push_back(read_set(query));
  query.reset();
  return finish_page(std::move(sets), request.limit, [](const auto& set) { return procurement::benchmark_key(set); });
}

}  // namespace procura::storage
