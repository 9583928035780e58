#pragma once
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace procura::api {

/// Per-account token buckets: each account may make `per_second` requests a second on average
/// and `burst` at once. Kept in memory (a restart forgets them, which only forgives).
class rate_limiter {
 public:
  rate_limiter(double per_second, double burst) : per_second_(per_second), burst_(burst) {}

  /// Takes one request from `key`'s bucket: 0 when allowed, else the whole seconds after which
  /// one will be (the Retry-After value).
  std::int64_t take(std::string_view key);

 private:
  struct bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point updated;
  };
  /// Drops buckets that have refilled completely, so idle accounts cost no memory.
  void forget_idle(std::chrono::steady_clock::time_point now);

  double per_second_;
  double burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, bucket> buckets_;
};

}  // namespace procura::api
