#include "logging.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "json_writer.hpp"
#include "procura/core/clock.hpp"

namespace procura::api {
namespace {

/// The time of a log line, formatted once a second per thread rather than on every request.
std::string_view now_text() {
  thread_local timestamp formatted_at{};
  thread_local std::string text;
  const auto now = system_clock{}.now();
  if (text.empty() || now != formatted_at) {
    text = format_rfc3339(now);
    formatted_at = now;
  }
  return text;
}

/// The request log. A `write` + `fflush` per request was a syscall under a global mutex on every
/// response (docs/performance.md), so request lines are appended to a buffer that a background
/// thread writes out every `flush_interval` or as soon as it passes `flush_size`. A crash loses
/// at most that interval's lines; a clean stop writes everything (`flush_request_log`).
class request_log {
 public:
  request_log() : writer_([this] { run(); }) {}
  ~request_log() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    writer_.join();
  }
  request_log(const request_log&) = delete;
  request_log& operator=(const request_log&) = delete;

  void append(const std::string& line) {
    bool full = false;
    {
      std::lock_guard lock(mutex_);
      pending_ += line;
      full = pending_.size() >= flush_size;
    }
    if (full) wake_.notify_one();
  }

  void flush() {
    std::lock_guard write_lock(write_mutex_);
    std::string batch;
    {
      std::lock_guard lock(mutex_);
      batch.swap(pending_);
    }
    write_out(batch);
  }

 private:
  static constexpr std::size_t flush_size = 64 * 1024;
  static constexpr std::chrono::milliseconds flush_interval{20};

  void run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      wake_.wait_for(lock, flush_interval, [&] { return stopping_ || pending_.size() >= flush_size; });
      if (pending_.empty()) continue;
      lock.unlock();
      flush();
      lock.lock();
    }
    lock.unlock();
    flush();
  }

  static void write_out(const std::string& batch) {
    if (batch.empty()) return;
    std::fwrite(batch.data(), 1, batch.size(), stdout);
    std::fflush(stdout);
  }

  std::mutex mutex_;        ///< guards pending_ and stopping_
  std::mutex write_mutex_;  ///< keeps batches in order on stdout
  std::condition_variable wake_;
  std::string pending_;
  bool stopping_ = false;
  std::thread writer_;
};

request_log& the_request_log() {
  static request_log log;
  return log;
}

std::mutex error_mutex;

/// Errors and events are rare and must not be lost: written and flushed at once.
void write_error_line(const std::string& line) {
  std::lock_guard lock(error_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace

void log_request(std::string_view request_id, std::string_view method, std::string_view path, unsigned status,
                 long long microseconds) {
  std::string line;
  line.reserve(128 + path.size());
  json_writer(line)
      .begin_object()
      .key("time").string(now_text())
      .key("request_id").string(request_id)
      .key("method").string(method)
      .key("path").string(path)
      .key("status").number(status)
      .key("micros").number(microseconds)
      .end_object();
  line += '\n';
  the_request_log().append(line);
}

void flush_request_log() { the_request_log().flush(); }

namespace {

/// One line on standard error; `request_id` only when the line is about one request.
void log_line(std::string_view level, std::optional<std::string_view> request_id, std::string_view message) {
  std::string line;
  json_writer writer(line);
  writer.begin_object().key("time").string(now_text()).key("level").string(level);
  if (request_id) writer.key("request_id").string(*request_id);
  writer.key("message").string(message).end_object();
  write_error_line(line + "\n");
}

}  // namespace

void log_error(std::string_view request_id, std::string_view message) { log_line("error", request_id, message); }

void log_failure(std::string_view message) { log_line("error", std::nullopt, message); }

void log_event(std::string_view message) { log_line("info", std::nullopt, message); }

}  // namespace procura::api
