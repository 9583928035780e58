#include "rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace procura::api {

std::int64_t rate_limiter::take(std::string_view key) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  // A sweep walks every bucket, so it runs at most once a refill period: with more accounts
  // active at once than the threshold, sweeping on every request made each request walk them all.
  if (buckets_.size() > sweep_threshold && now - last_sweep_ >= refill_period()) {
    forget_idle(now);
    last_sweep_ = now;
  }
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

std::chrono::steady_clock::duration rate_limiter::refill_period() const {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(burst_ / per_second_));
}

std::size_t rate_limiter::tracked_accounts() {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

void rate_limiter::forget_idle(std::chrono::steady_clock::time_point now) {
  std::erase_if(buckets_, [&](const auto& entry) { return now - entry.second.updated >= refill_period(); });
}

}  // namespace procura::api
