#include "page_cache.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>

namespace procura::storage {

void page_number_bound::fetched(unsigned page_number) { highest_fetched_ = std::max(highest_fetched_, page_number); }

std::span<unsigned> page_number_bound::parked() { return std::span(renumbered_above_).first(renumbered_count_); }

std::span<const unsigned> page_number_bound::parked() const {
  return std::span(renumbered_above_).first(renumbered_count_);
}

bool page_number_bound::renumbered(unsigned from, unsigned to) {
  const auto slots = parked();
  if (const auto found = std::find(slots.begin(), slots.end(), from); found != slots.end()) {
    *found = renumbered_above_[--renumbered_count_];
  }
  if (to <= highest_fetched_) return false;
  if (renumbered_count_ < renumbered_above_.size()) {
    renumbered_above_[renumbered_count_++] = to;
  } else {
    highest_fetched_ = to;
  }
  return true;
}

bool page_number_bound::may_hold_from(unsigned limit) const {
  const auto slots = parked();
  return highest_fetched_ >= limit || std::any_of(slots.begin(), slots.end(), [limit](unsigned n) { return n >= limit; });
}

void page_number_bound::truncated(unsigned limit) {
  highest_fetched_ = std::min(highest_fetched_, limit == 0 ? 0U : limit - 1);
  // Classic algorithms rather than std::ranges: clang 14 (the fuzzing build) cannot instantiate
  // libstdc++ 12's subrange, which std::ranges::remove_if returns.
  const auto slots = parked();
  const auto kept_end = std::remove_if(slots.begin(), slots.end(), [limit](unsigned n) { return n >= limit; });
  renumbered_count_ = static_cast<std::size_t>(kept_end - slots.begin());
}

namespace {

/// SQLite's own page cache (pcache1), to which every call is passed on.
sqlite3_pcache_methods2 default_cache{};
std::atomic<std::uint64_t> truncations_passed_on{0};
std::atomic<std::uint64_t> truncations_skipped{0};
std::atomic<std::uint64_t> pages_parked_past_end{0};

/// One connection's cache: SQLite's, with the bound beside it. A connection is used by one
/// thread at a time, so the bound needs no lock of its own.
struct bounded_cache {
  sqlite3_pcache* inner = nullptr;
  page_number_bound bound;
};

bounded_cache* as_bounded(sqlite3_pcache* cache) { return reinterpret_cast<bounded_cache*>(cache); }

int initialize(void*) { return default_cache.xInit(default_cache.pArg); }
void shut_down(void*) { default_cache.xShutdown(default_cache.pArg); }

sqlite3_pcache* create(int page_size, int extra_size, int purgeable) {
  sqlite3_pcache* inner = default_cache.xCreate(page_size, extra_size, purgeable);
  if (inner == nullptr) return nullptr;
  auto* cache = new (std::nothrow) bounded_cache{inner, {}};
  if (cache == nullptr) {
    default_cache.xDestroy(inner);
    return nullptr;
  }
  return reinterpret_cast<sqlite3_pcache*>(cache);
}

void set_size(sqlite3_pcache* cache, int pages) { default_cache.xCachesize(as_bounded(cache)->inner, pages); }
int page_count(sqlite3_pcache* cache) { return default_cache.xPagecount(as_bounded(cache)->inner); }

sqlite3_pcache_page* fetch(sqlite3_pcache* cache, unsigned page_number, int create_flag) {
  auto* bounded = as_bounded(cache);
  sqlite3_pcache_page* page = default_cache.xFetch(bounded->inner, page_number, create_flag);
  // Without creation, a page found was already counted when it came in.
  if (page != nullptr && create_flag != 0) bounded->bound.fetched(page_number);
  return page;
}

void unpin(sqlite3_pcache* cache, sqlite3_pcache_page* page, int discard) {
  default_cache.xUnpin(as_bounded(cache)->inner, page, discard);
}

void renumber(sqlite3_pcache* cache, sqlite3_pcache_page* page, unsigned from, unsigned to) {
  auto* bounded = as_bounded(cache);
  default_cache.xRekey(bounded->inner, page, from, to);
  if (bounded->bound.renumbered(from, to)) pages_parked_past_end.fetch_add(1, std::memory_order_relaxed);
}

void truncate(sqlite3_pcache* cache, unsigned limit) {
  auto* bounded = as_bounded(cache);
  if (!bounded->bound.may_hold_from(limit)) {
    truncations_skipped.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  truncations_passed_on.fetch_add(1, std::memory_order_relaxed);
  default_cache.xTruncate(bounded->inner, limit);
  bounded->bound.truncated(limit);
}

void destroy(sqlite3_pcache* cache) {
  auto* bounded = as_bounded(cache);
  default_cache.xDestroy(bounded->inner);
  delete bounded;
}

void shrink(sqlite3_pcache* cache) { default_cache.xShrink(as_bounded(cache)->inner); }

bool install() {
  // Asking for the current methods before initialisation yields SQLite's default cache.
  if (sqlite3_config(SQLITE_CONFIG_GETPCACHE2, &default_cache) != SQLITE_OK || default_cache.xFetch == nullptr)
    return false;
  static const sqlite3_pcache_methods2 bounded_methods{
      1,       nullptr, initialize, shut_down, create,  set_size, page_count,
      fetch,   unpin,   renumber,   truncate,  destroy, shrink};
  return sqlite3_config(SQLITE_CONFIG_PCACHE2, &bounded_methods) == SQLITE_OK;
}

}  // namespace

bool use_bounded_page_cache_once() {
  static const bool installed = install();
  return installed;
}

page_cache_truncations page_cache_truncation_counts() {
  return {truncations_passed_on.load(std::memory_order_relaxed), truncations_skipped.load(std::memory_order_relaxed),
          pages_parked_past_end.load(std::memory_order_relaxed)};
}

}  // namespace procura::storage
