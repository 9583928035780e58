#include "procura/core/calendar.hpp"

namespace procura {

bool working_calendar::is_working_day(std::chrono::sys_days day) const {
  if (holidays_.contains(day)) return false;
  if (working_weekends_.contains(day)) return true;
  const std::chrono::weekday weekday{day};
  return weekday != std::chrono::Saturday && weekday != std::chrono::Sunday;
}

std::chrono::sys_days working_calendar::add_working_days(std::chrono::sys_days start, int count) const {
  auto day = start;
  while (count > 0) {
    day += std::chrono::days{1};
    if (is_working_day(day)) --count;
  }
  return day;
}

}  // namespace procura
