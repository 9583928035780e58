#include <catch2/catch.hpp>

#include <stdexcept>

#include "procura/core/rational.hpp"

using procura::rational;
using procura::wide_integer;

TEST_CASE("rationals stay exact and compare without cross-multiplying past 128 bits", "[core][rational]") {
  CHECK(rational(1, 3) + rational(1, 6) == rational(1, 2));
  CHECK(rational(2475, 86) * rational(86, 2475) == rational{1});
  CHECK(rational(-1, 3) < rational(1, 3));
  CHECK(rational(-2, 3) < rational(-1, 3));
  CHECK((rational(7, 2) <=> rational(14, 4)) == std::strong_ordering::equal);

  // Two fractions with denominators near 1e36: cross-multiplying (1e72) would wrap silently.
  const wide_integer big = static_cast<wide_integer>(1'000'000'000'000'000'000LL) * 1'000'000'000'000'000'000LL;
  const rational lower(big - 1, big + 1);  // just under 1
  const rational higher(big, big + 1);
  CHECK(lower < higher);
  CHECK(higher > lower);
  // (big+3)(big-1) = big² + 2·big − 3 < (big+2)·big = big² + 2·big.
  CHECK(rational(big + 3, big) < rational(big + 2, big - 1));
  CHECK((rational(3 * big + 1, big) <=> rational(3 * big + 1, big)) == std::strong_ordering::equal);
}

TEST_CASE("rational arithmetic beyond 128 bits fails loudly instead of wrapping", "[core][rational]") {
  const wide_integer big = static_cast<wide_integer>(1'000'000'000'000'000'000LL) * 1'000'000'000'000'000'000LL;
  CHECK_THROWS_AS(rational(1, big - 1) + rational(1, big - 3), std::overflow_error);
  CHECK_THROWS_AS(rational(big - 1, 7) * rational(big - 3, 11), std::overflow_error);
}
