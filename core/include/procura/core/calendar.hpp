#pragma once
#include <chrono>
#include <set>

namespace procura {

/// Working days: Monday to Friday, less the holidays in the table, plus the adjusted working
/// weekends (调休) in the table. Immutable once built; safe to share between threads.
class working_calendar {
 public:
  working_calendar() = default;
  working_calendar(std::set<std::chrono::sys_days> holidays, std::set<std::chrono::sys_days> working_weekends)
      : holidays_(std::move(holidays)), working_weekends_(std::move(working_weekends)) {}

  [[nodiscard]] bool is_working_day(std::chrono::sys_days day) const;

  /// The day that ends a period of `count` working days starting the day after `start`
  /// (the day of the event itself does not count, as in 实施条例: "within 7 working days").
  [[nodiscard]] std::chrono::sys_days add_working_days(std::chrono::sys_days start, int count) const;

 private:
  std::set<std::chrono::sys_days> holidays_;
  std::set<std::chrono::sys_days> working_weekends_;
};

}  // namespace procura
