#include <catch2/catch.hpp>

#include "procura/contracts/payroll_coverage.hpp"

using namespace procura;
using namespace procura::contracts;
using namespace std::chrono;

namespace {

const std::optional<procurement::benchmark_set> shanghai = [] {
  procurement::benchmark_set set;
  set.region = "310000";
  set.year = 2027;
  set.rates = {1600, 950, 50, 26, 700};
  return set;
}();

/// Worked example 3: 12 months, 2,280,000.00; 10 assistants at 7,500 and 5 social workers at 9,000;
/// 30/40/30 at the start of months 1, 6 and 12; reserve 100,000.00.
contract worked_example() {
  contract c;
  c.state = contract_state::active;
  c.original_price = c.price = money{228000000};
  c.service_start = year_month_day{year{2027}, January, day{1}};
  c.service_months = 12;
  c.salary_reserve = money{10000000};
  c.staffing = {{procurement::professional_level::assistant_social_worker, 10, money{750000}, 12},
                {procurement::professional_level::social_worker, 5, money{900000}, 12}};
  const auto schedule = resolve_schedule({{year{2027} / January / 1, std::nullopt, 3000},
                                          {year{2027} / June / 1, std::nullopt, 4000},
                                          {year{2027} / December / 1, std::nullopt, 3000}},
                                         c.price, c.service_start, 12);
  REQUIRE(schedule);
  c.schedule = *schedule;
  return c;
}

std::vector<std::int64_t> balances_in_yuan(const coverage_report& report) {
  std::vector<std::int64_t> out;
  for (const auto& m : report.months) out.push_back(m.balance.fen / 100);
  return out;
}

}  // namespace

TEST_CASE("worked example 3: monthly balances and shortfalls beyond the reserve", "[contracts][coverage]") {
  const auto c = worked_example();
  CHECK(c.schedule[0].amount.fen == 68400000);
  CHECK(c.schedule[1].amount.fen == 91200000);
  CHECK(c.schedule[2].amount.fen == 68400000);
  const auto report = payroll_coverage(c, shanghai, *parse_rfc3339("2026-12-01T00:00:00Z"));
  CHECK(report.monthly_payroll.fen == 15991200);
  CHECK(balances_in_yuan(report) == std::vector<std::int64_t>{524088, 364176, 204264, 44352, -115560, 636528, 476616,
                                                              316704, 156792, -3120, -163032, 361056});
  CHECK(report.months[4].shortfall.fen == 1556000);
  CHECK(report.months[10].shortfall.fen == 6303200);
  CHECK(report.months[9].shortfall.fen == 0);  // −3,120 is within the reserve
}

TEST_CASE("worked example 3: the month-6 instalment released in month 8 deepens the shortfall", "[contracts][coverage]") {
  auto c = worked_example();
  c.schedule[0].released_at = *parse_rfc3339("2027-01-01T02:00:00Z");
  c.schedule[0].released_amount = c.schedule[0].amount;
  c.schedule[1].released_at = *parse_rfc3339("2027-08-01T02:00:00Z");
  c.schedule[1].released_amount = c.schedule[1].amount;
  const auto report = payroll_coverage(c, shanghai, *parse_rfc3339("2027-08-02T00:00:00Z"));
  CHECK(report.months[5].balance.fen == -27547200);
  CHECK(report.months[6].balance.fen == -43538400);
  CHECK(report.months[5].shortfall.fen == 17547200);
  CHECK(report.months[6].shortfall.fen == 33538400);
}

TEST_CASE("money received after the service period pays no month's payroll", "[contracts][coverage]") {
  // Worked example 3 with the last 30% due two months after the period instead of in month 12.
  auto c = worked_example();
  c.schedule[2].due_date = year{2028} / February / 1;
  const auto report = payroll_coverage(c, shanghai, *parse_rfc3339("2026-12-01T00:00:00Z"));
  REQUIRE(report.months.size() == 12);
  CHECK(report.months[11].received.fen == 0);
  CHECK(report.months[11].balance.fen == -32294400);  // 361,056 − 684,000
  CHECK(report.months[11].shortfall.fen == 22294400);
  // Released late after the period, the same (the first two paid on their due dates).
  for (std::size_t i = 0; i < 2; ++i) {
    c.schedule[i].released_at = sys_days{c.schedule[i].due_date} + hours{2};
    c.schedule[i].released_amount = c.schedule[i].amount;
  }
  c.schedule[2].due_date = year{2027} / December / 1;
  c.schedule[2].released_at = *parse_rfc3339("2028-01-05T02:00:00Z");
  c.schedule[2].released_amount = c.schedule[2].amount;
  CHECK(payroll_coverage(c, shanghai, *parse_rfc3339("2028-01-06T00:00:00Z")).months[11].shortfall.fen == 22294400);
}

TEST_CASE("without a salary benchmark the coverage says so and counts salaries alone", "[contracts][coverage]") {
  const auto c = worked_example();
  const auto with = payroll_coverage(c, shanghai, *parse_rfc3339("2026-12-01T00:00:00Z"));
  REQUIRE(with.benchmark);
  CHECK(with.benchmark->region == "310000");
  const auto without = payroll_coverage(c, std::nullopt, *parse_rfc3339("2026-12-01T00:00:00Z"));
  CHECK_FALSE(without.benchmark);
  CHECK(without.monthly_payroll.fen == 12000000);  // 10 × 7,500 + 5 × 9,000
}

TEST_CASE("shares of one third each sum exactly to the price, the last taking the remainder", "[contracts][law]") {
  const auto schedule = resolve_schedule({{year{2027} / January / 1, std::nullopt, 3333},
                                          {year{2027} / May / 1, std::nullopt, 3333},
                                          {year{2027} / September / 1, std::nullopt, 3334}},
                                         money{100000001}, year_month_day{year{2027}, January, day{1}}, 12);
  REQUIRE(schedule);
  std::int64_t sum = 0;
  for (const auto& i : *schedule) sum += i.amount.fen;
  CHECK(sum == 100000001);
  CHECK((*schedule)[0].amount.fen == 33330000);  // 3333 bp of 1,000,000.01, rounded half-up
}

TEST_CASE("shares of a few fen that would leave an instalment of nothing or less are refused", "[contracts][law]") {
  // 3 fen in six shares: 1667 bp of 3 fen rounds to 1 each, and the last would take 3 − 5 = −2.
  const auto refused = resolve_schedule({{year{2027} / January / 1, std::nullopt, 1667},
                                         {year{2027} / February / 1, std::nullopt, 1667},
                                         {year{2027} / March / 1, std::nullopt, 1667},
                                         {year{2027} / April / 1, std::nullopt, 1667},
                                         {year{2027} / May / 1, std::nullopt, 1666},
                                         {year{2027} / June / 1, std::nullopt, 1666}},
                                        money{3}, year_month_day{year{2027}, January, day{1}}, 12);
  REQUIRE_FALSE(refused);
  bool names_last = false;
  for (const auto& field : refused.failure().fields) names_last = names_last || field.pointer == "/instalments/5";
  CHECK(names_last);
}

TEST_CASE("a schedule that misses the price is refused naming the difference", "[contracts][law]") {
  const auto refused = resolve_schedule({{year{2027} / January / 1, money{50000000}, std::nullopt},
                                         {year{2027} / June / 1, money{49999999}, std::nullopt}},
                                        money{100000000}, year_month_day{year{2027}, January, day{1}}, 12);
  REQUIRE_FALSE(refused);
  CHECK(refused.failure().detail.find("0.01 less than") != std::string::npos);
}
