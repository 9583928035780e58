#include "procura/core/clock.hpp"

namespace procura {

timestamp system_clock::now() const {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

timestamp adjustable_clock::now() const {
  return system_clock{}.now() + std::chrono::seconds{offset_seconds_.load(std::memory_order_relaxed)};
}

void adjustable_clock::advance(std::chrono::seconds seconds) {
  offset_seconds_.fetch_add(seconds.count(), std::memory_order_relaxed);
}

void adjustable_clock::set(timestamp t) {
  offset_seconds_.store((t - system_clock{}.now()).count(), std::memory_order_relaxed);
}

}  // namespace procura
