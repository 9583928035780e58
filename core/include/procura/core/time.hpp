#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace procura {

/// A point in time with one-second resolution, UTC. Deadlines are compared in these units.
using timestamp = std::chrono::sys_seconds;

/// Formats as RFC 3339 in UTC, e.g. "2026-11-23T08:00:00Z".
std::string format_rfc3339(timestamp t);

/// Parses RFC 3339 ("2026-11-23T16:00:00+08:00", "…Z", fractional seconds dropped); nothing when
/// the text is not a valid date-time.
std::optional<timestamp> parse_rfc3339(std::string_view text);

/// Formats a calendar date as "YYYY-MM-DD".
std::string format_date(std::chrono::year_month_day date);

/// Parses "YYYY-MM-DD"; nothing when invalid.
std::optional<std::chrono::year_month_day> parse_date(std::string_view text);

/// The calendar date of a timestamp in China Standard Time (UTC+8, no daylight saving), the
/// time zone in which the regulations count days.
std::chrono::year_month_day china_date(timestamp t);

/// The last second (23:59:59 China time) of a period of `days` calendar days from `from`: the
/// day of `from` is not counted and the period ends with its last day (民法典 §201, §203), so 30
/// days from an award at 16:00 on 1 June end at the close of 1 July.
timestamp end_of_days_after(timestamp from, int days);

}  // namespace procura
