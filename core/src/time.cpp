#include "procura/core/time.hpp"

#include <cctype>
#include <cstdio>

namespace procura {
namespace {

bool read_digits(std::string_view text, std::size_t at, std::size_t count, int& out) {
  if (at + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    value = value * 10 + (text[i] - '0');
  }
  out = value;
  return true;
}

}  // namespace

std::string format_rfc3339(timestamp t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss clock_time{t - day};
  const int year = static_cast<int>(date.year());
  if (year < 0 || year > 9999) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", year, static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()), static_cast<int>(clock_time.hours().count()),
                  static_cast<int>(clock_time.minutes().count()), static_cast<int>(clock_time.seconds().count()));
    return buffer;
  }
  // Digits by hand: snprintf was a visible share of rendering a tender (docs/performance.md).
  std::string text = "0000-00-00T00:00:00Z";
  const auto put = [&](std::size_t at, std::size_t width, long long value) {
    for (std::size_t i = at + width; i > at; --i) {
      text[i - 1] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, 4, year);
  put(5, 2, static_cast<unsigned>(date.month()));
  put(8, 2, static_cast<unsigned>(date.day()));
  put(11, 2, clock_time.hours().count());
  put(14, 2, clock_time.minutes().count());
  put(17, 2, clock_time.seconds().count());
  return text;
}

std::optional<timestamp> parse_rfc3339(std::string_view text) {
  // date-time = full-date "T" full-time, full-time = partial-time time-offset (RFC 3339 §5.6)
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (text.size() < 20) return std::nullopt;
  if (!read_digits(text, 0, 4, year) || text[4] != '-' || !read_digits(text, 5, 2, month) || text[7] != '-' ||
      !read_digits(text, 8, 2, day) || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') ||
      !read_digits(text, 11, 2, hour) || text[13] != ':' || !read_digits(text, 14, 2, minute) ||
      text[16] != ':' || !read_digits(text, 17, 2, second))
    return std::nullopt;
  std::size_t at = 19;
  if (at < text.size() && text[at] == '.') {
    ++at;
    const std::size_t digits_start = at;
    while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) ++at;
    if (at == digits_start) return std::nullopt;
  }
  if (at >= text.size()) return std::nullopt;
  int offset_minutes = 0;
  if (text[at] == 'Z' || text[at] == 'z') {
    if (at + 1 != text.size()) return std::nullopt;
  } else if (text[at] == '+' || text[at] == '-') {
    int offset_hour = 0, offset_minute = 0;
    if (text.size() != at + 6 || !read_digits(text, at + 1, 2, offset_hour) || text[at + 3] != ':' ||
        !read_digits(text, at + 4, 2, offset_minute) || offset_hour > 23 || offset_minute > 59)
      return std::nullopt;
    offset_minutes = (offset_hour * 60 + offset_minute) * (text[at] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  if (second == 60) second = 59;  // a leap second is read as the last second of its minute
  const timestamp instant = std::chrono::sys_days{date} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
                            std::chrono::seconds{second} - std::chrono::minutes{offset_minutes};
  // An offset can move an instant written in year 0000 or 9999 out of the four-digit years in
  // UTC, which is how procura writes every time: such a time could be stored but not read back
  // (found by fuzz_small_parsers with "0000-01-01T01:00:00+08:00").
  const int utc_year = static_cast<int>(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(instant)}.year());
  if (utc_year < 0 || utc_year > 9999) return std::nullopt;
  return instant;
}

std::string format_date(std::chrono::year_month_day date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

std::optional<std::chrono::year_month_day> parse_date(std::string_view text) {
  int year = 0, month = 0, day = 0;
  if (text.size() != 10 || !read_digits(text, 0, 4, year) || text[4] != '-' || !read_digits(text, 5, 2, month) ||
      text[7] != '-' || !read_digits(text, 8, 2, day))
    return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::chrono::year_month_day china_date(timestamp t) {
  return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(t + std::chrono::hours{8})};
}

timestamp end_of_days_after(timestamp from, int days) {
  const auto last_day = std::chrono::sys_days{china_date(from)} + std::chrono::days{days};
  return last_day + std::chrono::hours{24} - std::chrono::hours{8} - std::chrono::seconds{1};
}

}  // namespace procura
