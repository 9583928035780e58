#include <catch2/catch.hpp>

#include "procura/core/calendar.hpp"

using namespace std::chrono;

TEST_CASE("seven working days from a Friday skip the weekend", "[core][law]") {
  const procura::working_calendar calendar;
  const sys_days friday{year{2026} / November / 20};
  // Mon 23 .. Fri 27 are five, Mon 30 and Tue 1 Dec are six and seven.
  CHECK(calendar.add_working_days(friday, 7) == sys_days{year{2026} / December / 1});
}

TEST_CASE("holidays are skipped and adjusted working weekends count", "[core][law]") {
  const sys_days national_day{year{2026} / October / 1};
  std::set<sys_days> holidays;
  for (int i = 0; i < 7; ++i) holidays.insert(national_day + days{i});
  const procura::working_calendar calendar(holidays, {sys_days{year{2026} / October / 10}});
  CHECK_FALSE(calendar.is_working_day(national_day));
  CHECK(calendar.is_working_day(sys_days{year{2026} / October / 10}));  // a Saturday made a working day
  // From Wed 30 Sep: Thu 1 – Wed 7 are holidays; Thu 8, Fri 9, Sat 10 (adjusted) are 1..3.
  CHECK(calendar.add_working_days(sys_days{year{2026} / September / 30}, 3) == sys_days{year{2026} / October / 10});
}
