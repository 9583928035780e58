#include "rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace procura::api {

std::int64_t rate_limiter::take(std::string_view key) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  if (buckets_.size() > 10'000) forget_idle(now);
  auto [found, inserted] = buckets_.try_emplace(std::string(key), bucket{burst_, now});
  auto& b = found->second;
  if (!inserted) {
    const double elapsed = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(burst_, b.tokens + elapsed * per_second_);
    b.updated = now;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil((1.0 - b.tokens) / per_second_)));
}

void rate_limiter::forget_idle(std::chrono::steady_clock::time_point now) {
  const double refill_seconds = burst_ / per_second_;
  std::erase_if(buckets_, [&](const auto& entry) {
    return std::chrono::duration<double>(now - entry.second.updated).count() >= refill_seconds;
  });
}

}  // namespace procura::api
