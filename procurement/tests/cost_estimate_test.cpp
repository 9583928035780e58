#include <catch2/catch.hpp>

#include "procura/procurement/benchmarks.hpp"
#include "procura/procurement/bid.hpp"
#include "procura/procurement/cost_estimate.hpp"

using namespace procura;
using namespace procura::procurement;

namespace {

benchmark_set worked_example_benchmarks() {
  benchmark_set set;
  set.region = "310000";
  set.year = 2026;
  set.monthly_salary = {money{650000}, money{750000}, money{900000}, money{1150000}};
  set.rates = {1600, 950, 50, 26, 700};
  return set;
}

money line(const cost_estimate& estimate, std::string_view kind) {
  money total;
  for (const auto& l : estimate.lines)
    if (l.kind == kind) total.fen += l.amount.fen;
  return total;
}

}  // namespace

TEST_CASE("the worked example's payroll comes out to the fen", "[estimates]") {
  // 10 assistant social workers at 7,500.00 and 5 social workers at 9,000.00 for 12 months:
  // gross 120,000.00 a month, contributions 39,912.00 a month, payroll 1,918,944.00 a year.
  cost_estimate_input input;
  input.region = "310000";
  input.year = 2026;
  input.posts = {{professional_level::assistant_social_worker, 10}, {professional_level::social_worker, 5}};
  input.months = 12;
  const auto estimate = compute_cost_estimate(input, worked_example_benchmarks());
  REQUIRE(estimate);
  CHECK(line(*estimate, "salary").fen == 144000000);
  CHECK(line(*estimate, "pension").fen == 23040000);
  CHECK(line(*estimate, "medical").fen == 13680000);
  CHECK(line(*estimate, "unemployment").fen == 720000);
  CHECK(line(*estimate, "work_injury").fen == 374400);
  CHECK(line(*estimate, "housing_fund").fen == 10080000);
  CHECK(estimate->total.fen == 191894400);
}

TEST_CASE("a bid's payroll is costed as the estimate costs it: each rate rounded once on a month's gross",
          "[estimates][bids]") {
  // Salaries whose contributions round differently post by post than on their sum: one assistant
  // at 7,333.33 and one social worker at 8,111.11, gross 15,444.44 a month.
  auto benchmarks = worked_example_benchmarks();
  benchmarks.monthly_salary = {money{650000}, money{733333}, money{811111}, money{1150000}};
  cost_estimate_input input;
  input.region = "310000";
  input.year = 2026;
  input.posts = {{professional_level::assistant_social_worker, 1}, {professional_level::social_worker, 1}};
  input.months = 12;
  const auto estimate = compute_cost_estimate(input, benchmarks);
  REQUIRE(estimate);
  CHECK(estimate->total.fen == 24697512);  // 12 × (1,544,444 + 513,682)
  const std::vector<staffing_post> plan{{professional_level::assistant_social_worker, 1, money{733333}, 12},
                                        {professional_level::social_worker, 1, money{811111}, 12}};
  // The same plan in a bid, at its own salaries and at the guide's: the estimate's figure, not
  // 246,975.36 from rounding each post's contributions apart.
  CHECK(payroll_cost(plan, benchmarks, false)->fen == 24697512);
  CHECK(payroll_cost(plan, benchmarks, true)->fen == 24697512);
  CHECK(monthly_payroll(plan, benchmarks.rates, 1)->fen == 2058126);
  // A post for six months of twelve is paid for six.
  auto shorter = plan;
  shorter[1].months = 6;
  const auto assistant_alone = monthly_payroll({plan[0]}, benchmarks.rates, 1);
  REQUIRE(assistant_alone);
  CHECK(payroll_cost(shorter, benchmarks, false)->fen == 6 * 2058126 + 6 * assistant_alone->fen);
}

TEST_CASE("fee and tax are each rounded half-up on their own line, and the total is the sum", "[estimates]") {
  cost_estimate_input input;
  input.region = "310000";
  input.year = 2026;
  input.posts = {{professional_level::none, 1}};
  input.months = 1;
  input.operating.activities = money{33};  // 0.33 yuan, so the fee base is awkward
  input.management_fee_rate = 850;         // 8.5 %
  input.tax_rate = 600;                    // 6 %
  const auto estimate = compute_cost_estimate(input, worked_example_benchmarks());
  REQUIRE(estimate);
  // direct: 650000 + contributions of 650000 at 33.26 % (104000 + 61750 + 3250 + 1690 + 45500 = 216190) + 33
  const std::int64_t direct = 650000 + 216190 + 33;
  CHECK(line(*estimate, "management_fee").fen == (direct * 850 + 5000) / 10000);
  const std::int64_t fee = line(*estimate, "management_fee").fen;
  CHECK(line(*estimate, "tax").fen == ((direct + fee) * 600 + 5000) / 10000);
  std::int64_t sum = 0;
  for (const auto& l : estimate->lines) sum += l.amount.fen;
  CHECK(estimate->total.fen == sum);
}

TEST_CASE("impossible estimate inputs are refused naming the field", "[estimates]") {
  cost_estimate_input input;
  input.posts = {{professional_level::social_worker, 0}};
  input.months = 40;
  input.operating.rent = money{-1};
  const auto refused = compute_cost_estimate(input, worked_example_benchmarks());
  REQUIRE_FALSE(refused);
  std::vector<std::string> pointers;
  for (const auto& f : refused.failure().fields) pointers.push_back(f.pointer);
  CHECK(std::find(pointers.begin(), pointers.end(), "/posts/0/count") != pointers.end());
  CHECK(std::find(pointers.begin(), pointers.end(), "/months") != pointers.end());
  CHECK(std::find(pointers.begin(), pointers.end(), "/operating_costs/rent/amount") != pointers.end());
}

TEST_CASE("a benchmark CSV is accepted whole or refused with the bad line's number", "[benchmarks]") {
  const auto row = [](std::size_t line, std::string level, std::string salary, std::string region = "310000") {
    return benchmark_row{line, region, "2026", std::move(level), std::move(salary), {"1600", "950", "50", "26", "700"}};
  };
  const std::vector<benchmark_row> good{row(2, "none", "650000"), row(3, "assistant_social_worker", "750000"),
                                        row(4, "social_worker", "900000"), row(5, "senior_social_worker", "1150000")};
  const auto now = *parse_rfc3339("2026-11-23T00:00:00Z");
  const auto sets = assemble_benchmark_sets(good, now);
  REQUIRE(sets);
  REQUIRE(sets->size() == 1);
  CHECK(sets->front().salary(professional_level::social_worker).fen == 900000);

  auto unknown = good;
  unknown[2] = row(4, "master_social_worker", "900000");
  CHECK(assemble_benchmark_sets(unknown, now).failure().detail.starts_with("line 4:"));
  auto negative = good;
  negative[1] = row(3, "assistant_social_worker", "-1");
  CHECK(assemble_benchmark_sets(negative, now).failure().detail.find("line 3: negative salary") != std::string::npos);
  auto duplicate = good;
  duplicate.push_back(row(6, "none", "660000"));
  CHECK(assemble_benchmark_sets(duplicate, now).failure().detail.find("line 6: duplicate key") != std::string::npos);
  auto incomplete = good;
  incomplete.pop_back();
  CHECK_FALSE(assemble_benchmark_sets(incomplete, now));
}
