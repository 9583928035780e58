#pragma once
#include <atomic>
#include <chrono>

#include "procura/core/time.hpp"

namespace procura {

/// The only way domain code learns the time. The server clock decides deadlines (SPEC §2).
class clock {
 public:
  virtual ~clock() = default;
  [[nodiscard]] virtual timestamp now() const = 0;
};

/// The real wall clock.
class system_clock final : public clock {
 public:
  [[nodiscard]] timestamp now() const override;
};

/// A wall clock that can be moved forward or set, for `procura serve --test-clock` and tests.
/// Thread-safe: the offset is atomic.
class adjustable_clock final : public clock {
 public:
  [[nodiscard]] timestamp now() const override;
  /// Moves the clock by `seconds` (may be negative).
  void advance(std::chrono::seconds seconds);
  /// Sets the clock so that now() returns `t` at this instant.
  void set(timestamp t);

 private:
  std::atomic<std::int64_t> offset_seconds_{0};
};

}  // namespace procura
