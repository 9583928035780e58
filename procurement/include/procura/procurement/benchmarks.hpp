#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procura/core/money.hpp"
#include "procura/core/pagination.hpp"
#include "procura/core/result.hpp"
#include "procura/core/time.hpp"

/// Salary benchmarks (薪酬指导标准) and employer rates by region and year, SPEC §3.2.
namespace procura::procurement {

/// Professional levels of social workers.
enum class professional_level { none, assistant_social_worker, social_worker, senior_social_worker };
inline constexpr std::array<professional_level, 4> all_levels{
    professional_level::none, professional_level::assistant_social_worker, professional_level::social_worker,
    professional_level::senior_social_worker};

std::string_view to_string(professional_level level);
std::optional<professional_level> parse_professional_level(std::string_view text);

/// Employer social-insurance and housing-fund rates, in basis points of gross salary.
struct employer_rates {
  basis_points pension = 0;
  basis_points medical = 0;
  basis_points unemployment = 0;
  basis_points work_injury = 0;
  basis_points housing_fund = 0;
  auto operator<=>(const employer_rates&) const = default;
};

/// The benchmark of one region and year: a monthly gross guide salary per level, and the rates.
struct benchmark_set {
  std::string region;
  std::int32_t year = 0;
  std::array<money, 4> monthly_salary{};  ///< indexed by professional_level
  employer_rates rates;
  timestamp updated_at;

  [[nodiscard]] money salary(professional_level level) const {
    return monthly_salary[static_cast<std::size_t>(level)];
  }
};

/// Checks a benchmark set: salaries positive, rates 0..10000 bp, year plausible.
status validate_benchmark_set(const benchmark_set& set);

/// A set's key in a list: "REGION/YEAR", the audit chain's name for it too.
std::string benchmark_key(const benchmark_set& set);

class benchmark_repository {
 public:
  virtual ~benchmark_repository() = default;
  virtual std::optional<benchmark_set> find(std::string_view region, std::int32_t year) = 0;
  /// Inserts or replaces the set of (region, year).
  virtual void save(const benchmark_set& set) = 0;
  /// Sets filtered by region and/or year, ordered by region then year, after the cursor (whose
  /// key is `benchmark_key`).
  virtual page<benchmark_set> list(const std::optional<std::string>& region, const std::optional<std::int32_t>& year,
                                   const page_request& request) = 0;
};

/// The benchmark that applies to a service year in a region: that year's, or the latest of the
/// three years before it (guidance is often published late).
std::optional<benchmark_set> applicable_benchmark(benchmark_repository& benchmarks, std::string_view region,
                                                  std::int32_t service_year);

/// One row of a benchmark CSV file (documented in docs/operator-guide.md).
struct benchmark_row {
  std::size_t line = 0;
  std::string region;
  std::string year;
  std::string level;
  std::string monthly_salary_fen;
  std::array<std::string, 5> rates_bp;  ///< pension, medical, unemployment, work injury, housing fund
};

/// The header a benchmark CSV file must start with.
inline constexpr std::string_view benchmark_csv_header =
    "region,year,level,monthly_salary_fen,pension_bp,medical_bp,unemployment_bp,work_injury_bp,housing_fund_bp";

/// Turns parsed CSV rows into complete benchmark sets, all or nothing: the first bad row
/// (unknown level, negative salary, duplicate key, rates that disagree within a region-year,
/// a region-year missing a level) fails the whole file with its line number.
result<std::vector<benchmark_set>> assemble_benchmark_sets(const std::vector<benchmark_row>& rows, timestamp now);

}  // namespace procura::procurement
