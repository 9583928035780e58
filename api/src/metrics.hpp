#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace procura::api {

/// Counters and latency histograms for GET /metrics (Prometheus text format). Thread-safe:
/// request figures behind one mutex (a map update per request), gauges as atomics.
class metrics {
 public:
  /// Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 10> bucket_bounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0};

  void record_request(std::string_view route, std::string_view method, unsigned status, std::int64_t microseconds);
  void record_write_transaction(std::int64_t microseconds);
  void connection_opened() { open_connections_.fetch_add(1, std::memory_order_relaxed); }
  void connection_closed() { open_connections_.fetch_sub(1, std::memory_order_relaxed); }
  /// The database refused a commit or a sync (storage::database::report_failures_to).
  void record_storage_failure() { storage_failures_.fetch_add(1, std::memory_order_relaxed); }
  void record_cache_lookup(bool hit) { (hit ? cache_hits_ : cache_misses_).fetch_add(1, std::memory_order_relaxed); }

  /// The exposition text; `audit_length` is read by the caller at scrape time.
  [[nodiscard]] std::string render(std::int64_t audit_length) const;

 private:
  struct histogram {
    std::array<std::uint64_t, bucket_bounds.size()> buckets{};
    std::uint64_t count = 0;
    double sum_seconds = 0;
    void observe(std::int64_t microseconds);
  };
  mutable std::mutex mutex_;
  std::map<std::string, std::uint64_t> requests_;  ///< "route|method|status" → count
  std::map<std::string, histogram> latency_;       ///< "route|method" → histogram
  histogram writes_;
  std::atomic<std::int64_t> open_connections_{0};
  std::atomic<std::uint64_t> cache_hits_{0};
  std::atomic<std::uint64_t> cache_misses_{0};
  std::atomic<std::uint64_t> storage_failures_{0};
};

}  // namespace procura::api
