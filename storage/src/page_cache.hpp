#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace procura::storage {

/// An upper bound on the page numbers a page cache may hold, kept from what SQLite asks of it.
///
/// Every page enters a cache through a fetch that may create it or by being renumbered
/// ("rekeyed"), and leaves it by truncation (or eviction, which this bound ignores: it may only
/// make the bound too high, never too low). So a cache holds no page at or above `limit` when
/// the highest page ever fetched with creation allowed, and every renumbering target above it
/// not renumbered again since, are below `limit`.
class page_number_bound {
 public:
  void fetched(unsigned page_number);
  /// True when `to` lies above the bound (a page parked past the end, as a split does).
  bool renumbered(unsigned from, unsigned to);
  /// False only when no page numbered `limit` or above can be in the cache.
  [[nodiscard]] bool may_hold_from(unsigned limit) const;
  /// The cache has dropped every page numbered `limit` or above.
  void truncated(unsigned limit);

 private:
  /// The slots of renumbered_above_ in use.
  std::span<unsigned> parked();
  [[nodiscard]] std::span<const unsigned> parked() const;

  unsigned highest_fetched_ = 0;
  /// Renumbering targets above highest_fetched_ not renumbered again since (a target whose
  /// page SQLite dropped stays until a truncation: too high, never too low). A page split
  /// parks one page past the end for a moment, so one slot is usually in use; when all are, a
  /// target raises highest_fetched_ instead. A fixed array, because these calls come from
  /// SQLite's C code, through which nothing may throw.
  std::array<unsigned, 4> renumbered_above_{};
  std::size_t renumbered_count_ = 0;
};

/// Makes SQLite's default page cache skip truncations that have nothing to drop, before SQLite
/// initialises (opening the first connection does); once per process. Returns whether the
/// process's connections use it (false when SQLite was initialised first, e.g. by a plain
/// `SQLite::Database` opened before any `connection`).
///
/// Why: at each commit SQLite truncates the writer's page cache to the database's size. The
/// default cache decides how much to scan from the highest page number it ever held, and a
/// page split of a file under 1 GiB parks a page at number 262,145 (the page after the lock
/// byte) for a moment; so every commit on such a file scanned all ~8,000 pages of the writer's
/// 32 MiB cache, one cache miss each: 7.8% of the server's samples when bids were submitted to
/// the 10k benchmark file (docs/performance.md, round 15).
bool use_bounded_page_cache_once();

struct page_cache_truncations {
  std::uint64_t passed_on = 0;
  std::uint64_t skipped = 0;
  /// Pages renumbered above their cache's bound, as a page split parks one.
  std::uint64_t parked_past_end = 0;
};
/// Counts since the process started, over all connections (for tests and measurements).
page_cache_truncations page_cache_truncation_counts();

}  // namespace procura::storage
