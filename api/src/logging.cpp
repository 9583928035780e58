#include "logging.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <mutex>

#include "procura/core/clock.hpp"

namespace procura::api {
namespace {

std::mutex output_mutex;

void write_line(std::FILE* stream, const boost::json::object& line) {
  const std::string text = boost::json::serialize(line) + "\n";
  std::lock_guard lock(output_mutex);
  std::fwrite(text.data(), 1, text.size(), stream);
  std::fflush(stream);
}

std::string now_text() { return format_rfc3339(system_clock{}.now()); }

}  // namespace

void log_request(std::string_view request_id, std::string_view method, std::string_view path, unsigned status,
                 long long microseconds) {
  write_line(stdout, {{"time", now_text()},
                      {"request_id", request_id},
                      {"method", method},
                      {"path", path},
                      {"status", status},
                      {"micros", microseconds}});
}

void log_error(std::string_view request_id, std::string_view message) {
  write_line(stderr, {{"time", now_text()}, {"level", "error"}, {"request_id", request_id}, {"message", message}});
}

void log_event(std::string_view message) {
  write_line(stderr, {{"time", now_text()}, {"level", "info"}, {"message", message}});
}

}  // namespace procura::api
