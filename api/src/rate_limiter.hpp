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

  /// How many accounts have a bucket in memory now.
  std::size_t tracked_accounts();

  /// Buckets are swept once more accounts than this have one.
  static constexpr std::size_t sweep_threshold = 10'000;

 private:
  struct bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point updated;
  };
  /// Drops buckets that have refilled completely, so idle accounts cost no memory.
  void forget_idle(std::chrono::steady_clock::time_point now);
  /// How long an empty bucket takes to fill again.
  std::chrono::steady_clock::duration refill_period() const;

  double per_second_;
  double burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, bucket> buckets_;
  std::chrono::steady_clock::time_point last_sweep_{};
};

}  // namespace procura::api
