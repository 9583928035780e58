#include <catch2/catch.hpp>

#include "procura/core/clock.hpp"
#include "procura/core/time.hpp"

using namespace std::chrono;

TEST_CASE("RFC 3339 times with offsets are read as the same instant", "[core]") {
  const auto utc = procura::parse_rfc3339("2026-11-23T08:00:00Z");
  const auto shanghai = procura::parse_rfc3339("2026-11-23T16:00:00+08:00");
  const auto fractional = procura::parse_rfc3339("2026-11-23T08:00:00.999Z");
  REQUIRE(utc);
  REQUIRE(shanghai);
  CHECK(*utc == *shanghai);
  CHECK(*fractional == *utc);
  CHECK(procura::format_rfc3339(*shanghai) == "2026-11-23T08:00:00Z");
}

TEST_CASE("malformed times and impossible dates are refused", "[core]") {
  for (const char* text : {"", "2026-11-23", "2026-11-23T08:00:00", "2026-02-30T00:00:00Z", "2026-11-23T24:00:00Z",
                           "2026-11-23T08:00:00+0800", "2026-11-23T08:00:00Zjunk", "２０２６-11-23T08:00:00Z"}) {
    INFO(text);
    CHECK_FALSE(procura::parse_rfc3339(text).has_value());
  }
}

TEST_CASE("a time whose instant falls outside the four-digit years in UTC is refused; the edges read back", "[core]") {
  // Every time is stored and served in UTC with a four-digit year: one that an offset moves
  // out of them could be written but never read again.
  for (const char* text : {"0000-01-01T01:00:00+08:00", "9999-12-31T23:00:00-08:00"}) {
    INFO(text);
    CHECK_FALSE(procura::parse_rfc3339(text).has_value());
  }
  for (const char* text : {"0000-01-01T00:00:00Z", "0000-01-01T08:00:00+08:00", "9999-12-31T23:59:59Z",
                           "9999-12-31T15:59:59-08:00"}) {
    INFO(text);
    const auto parsed = procura::parse_rfc3339(text);
    REQUIRE(parsed.has_value());
    CHECK(procura::parse_rfc3339(procura::format_rfc3339(*parsed)) == parsed);
  }
}

TEST_CASE("the China date of an instant is taken at UTC+8", "[core]") {
  const auto late_utc = *procura::parse_rfc3339("2026-11-23T17:00:00Z");  // 01:00 on the 24th in Shanghai
  CHECK(procura::china_date(late_utc) == year_month_day{year{2026}, month{11}, day{24}});
}

TEST_CASE("the adjustable clock moves and can be set", "[core]") {
  procura::adjustable_clock clock;
  const auto before = clock.now();
  clock.advance(days{30});
  CHECK(clock.now() - before >= days{30});
  const auto target = *procura::parse_rfc3339("2030-01-01T00:00:00Z");
  clock.set(target);
  CHECK(clock.now() - target < seconds{2});
}
