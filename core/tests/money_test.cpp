#include <catch2/catch.hpp>

#include <limits>

#include "procura/core/money.hpp"

using procura::money;

TEST_CASE("a rate in basis points rounds each line half up to the fen", "[core]") {
  // 7,500.00 yuan × 0.26 % = 19.50 yuan exactly; 7,500.01 × 0.26 % = 19.500026 → 19.50
  CHECK(procura::apply_rate(money{750000}, 26)->fen == 1950);
  CHECK(procura::apply_rate(money{750001}, 26)->fen == 1950);
  // 0.5 fen rounds up, 0.4999 fen rounds down
  CHECK(procura::scale_half_up(money{1}, 1, 2)->fen == 1);
  CHECK(procura::scale_half_up(money{4999}, 1, 10000)->fen == 0);
  CHECK(procura::scale_half_up(money{5000}, 1, 10000)->fen == 1);
  // negative amounts round half away from zero, symmetrically
  CHECK(procura::scale_half_up(money{-1}, 1, 2)->fen == -1);
}

TEST_CASE("the worked example's employer contributions come out exactly", "[core]") {
  const money gross{12000000};  // 120,000.00 yuan a month
  CHECK(procura::apply_rate(gross, 1600)->fen == 1920000);
  CHECK(procura::apply_rate(gross, 950)->fen == 1140000);
  CHECK(procura::apply_rate(gross, 50)->fen == 60000);
  CHECK(procura::apply_rate(gross, 26)->fen == 31200);
  CHECK(procura::apply_rate(gross, 700)->fen == 840000);
}

TEST_CASE("money arithmetic refuses to overflow instead of wrapping", "[core]") {
  const money largest{std::numeric_limits<std::int64_t>::max()};
  CHECK_FALSE(procura::checked_add(largest, money{1}).has_value());
  CHECK_FALSE(procura::checked_multiply(largest, 2).has_value());
  CHECK_FALSE(procura::scale_half_up(largest, 3, 2).has_value());
  CHECK_FALSE(procura::scale_half_up(money{1}, 1, 0).has_value());
  CHECK(procura::checked_add(money{1}, money{2})->fen == 3);
}

TEST_CASE("amounts are shown in yuan with thousands separators", "[core]") {
  CHECK(procura::format_yuan(money{123456789}) == "1,234,567.89");
  CHECK(procura::format_yuan(money{5}) == "0.05");
  CHECK(procura::format_yuan(money{-100000}) == "-1,000.00");
  CHECK(procura::format_yuan(money{std::numeric_limits<std::int64_t>::min()}) == "-92,233,720,368,547,758.08");
}
