#include "procura/procurement/benchmarks.hpp"

#include "procura/core/text.hpp"

#include <charconv>
#include <map>
#include <utility>

namespace procura::procurement {
namespace {

constexpr std::array<std::pair<professional_level, std::string_view>, 4> level_names{{
    {professional_level::none, "none"},
    {professional_level::assistant_social_worker, "assistant_social_worker"},
    {professional_level::social_worker, "social_worker"},
    {professional_level::senior_social_worker, "senior_social_worker"},
}};

std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (status != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

constexpr std::int64_t largest_monthly_salary_fen = 100'000'000;  // 1,000,000 yuan a month

}  // namespace

std::string_view to_string(professional_level level) {
  for (const auto& [value, name] : level_names)
    if (value == level) return name;
  return "unknown";
}

std::optional<professional_level> parse_professional_level(std::string_view text) {
  for (const auto& [value, name] : level_names)
    if (name == text) return value;
  return std::nullopt;
}

status validate_benchmark_set(const benchmark_set& set) {
  validation_errors errors;
  if (set.region.size() > 64 || blank_or_padded(set.region))
    errors.add("/region", "region is required (at most 64 bytes, without spaces at either end)");
  if (set.year < 2000 || set.year > 2100) errors.add("/year", "year must be 2000 to 2100");
  for (const auto level : all_levels) {
    const auto salary = set.salary(level);
    if (salary.fen <= 0 || salary.fen > largest_monthly_salary_fen)
      errors.add("/monthly_salary/" + std::string(to_string(level)), "monthly salary must be positive and plausible");
  }
  const std::array<std::pair<const char*, basis_points>, 5> rates{{{"pension", set.rates.pension},
                                                                   {"medical", set.rates.medical},
                                                                   {"unemployment", set.rates.unemployment},
                                                                   {"work_injury", set.rates.work_injury},
                                                                   {"housing_fund", set.rates.housing_fund}}};
  for (const auto& [name, rate] : rates)
    if (rate < 0 || rate > 10000) errors.add(std::string("/employer_rates/") + name + "_bp", "a rate in basis points: 0 to 10000");
  if (!errors.empty()) return errors.to_error();
  return done{};
}

std::string benchmark_key(const benchmark_set& set) { return set.region + "/" + std::to_string(set.year); }

std::optional<benchmark_set> applicable_benchmark(benchmark_repository& benchmarks, std::string_view region,
                                                  std::int32_t service_year) {
  for (std::int32_t year = service_year; year >= service_year - 3; --year)
    if (auto found = benchmarks.find(region, year)) return found;
  return std::nullopt;
}

result<std::vector<benchmark_set>> assemble_benchmark_sets(const std::vector<benchmark_row>& rows, timestamp now) {
  struct partial {
    benchmark_set set;
    std::array<bool, 4> seen{};
    std::size_t first_line = 0;
  };
  std::map<std::pair<std::string, std::int32_t>, partial> sets;
  const auto fail = [](std::size_t line, std::string message) {
    return error::rule("/line/" + std::to_string(line), "line " + std::to_string(line) + ": " + message);
  };
  for (const auto& row : rows) {
    const auto year = parse_integer(row.year);
    if (!year || *year < 2000 || *year > 2100) return fail(row.line, "year must be 2000 to 2100, not '" + row.year + "'");
    if (row.region.empty()) return fail(row.line, "region is empty");
    const auto level = parse_professional_level(row.level);
    if (!level)
      return fail(row.line, "unknown level '" + row.level +
                                "' (none, assistant_social_worker, social_worker, senior_social_worker)");
    const auto salary = parse_integer(row.monthly_salary_fen);
    if (!salary) return fail(row.line, "monthly_salary_fen is not an integer: '" + row.monthly_salary_fen + "'");
    if (*salary < 0) return fail(row.line, "negative salary " + row.monthly_salary_fen);
    if (*salary == 0 || *salary > largest_monthly_salary_fen) return fail(row.line, "implausible salary " + row.monthly_salary_fen);
    employer_rates rates;
    std::array<basis_points*, 5> targets{&rates.pension, &rates.medical, &rates.unemployment, &rates.work_injury,
                                         &rates.housing_fund};
    for (std::size_t i = 0; i < targets.size(); ++i) {
      const auto rate = parse_integer(row.rates_bp[i]);
      if (!rate || *rate < 0 || *rate > 10000)
        return fail(row.line, "rate '" + row.rates_bp[i] + "' is not a basis-point rate from 0 to 10000");
      *targets[i] = *rate;
    }
    auto& entry = sets[{row.region, static_cast<std::int32_t>(*year)}];
    const auto index = static_cast<std::size_t>(*level);
    if (entry.first_line == 0) {
      entry.first_line = row.line;
      entry.set.region = row.region;
      entry.set.year = static_cast<std::int32_t>(*year);
      entry.set.rates = rates;
      entry.set.updated_at = now;
    } else if (entry.set.rates != rates) {
      return fail(row.line, "employer rates differ from line " + std::to_string(entry.first_line) + " for " +
                                row.region + " " + row.year);
    }
    if (entry.seen[index])
      return fail(row.line, "duplicate key: " + row.region + " " + row.year + " " + row.level + " appears twice");
    entry.seen[index] = true;
    entry.set.monthly_salary[index] = money{*salary};
  }
  std::vector<benchmark_set> complete;
  for (auto& [key, entry] : sets) {
    for (const auto level : all_levels)
      if (!entry.seen[static_cast<std::size_t>(level)])
        return fail(entry.first_line, key.first + " " + std::to_string(key.second) + " has no row for level " +
                                          std::string(to_string(level)));
    complete.push_back(std::move(entry.set));
  }
  if (complete.empty()) return error::rule("/line/1", "the file has no benchmark rows");
  return complete;
}

}  // namespace procura::procurement
