#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "procura/core/time.hpp"

namespace procura::api {

/// Rendered responses of reads that every caller sees alike, each kept with the proof of its
/// freshness: the database's data version it was rendered at (see storage::database::
/// data_version) and the span of time over which the rendering reads the same. An entry is
/// served only at that same data version, so after any commit, by this process or another,
/// nothing older is ever served; and only inside its span, so a tender never shows "published"
/// past its deadline. Bounded in bytes: a shard that would go over its share is emptied.
/// Thread-safe (one mutex per shard).
class response_cache {
 public:
  struct entry {
    std::int64_t data_version = 0;
    timestamp valid_from{};   ///< the rendering holds for valid_from <= now < valid_until
    timestamp valid_until{};
    std::string body;
    std::string etag;
  };

  /// `capacity_bytes` 0 keeps nothing.
  explicit response_cache(std::size_t capacity_bytes);

  /// A copy of the entry for `key` if it was rendered at `data_version` and `now` is in its span.
  /// An entry of another data version is dropped: it can never be served again.
  std::optional<entry> find(std::string_view key, std::int64_t data_version, timestamp now);

  /// Keeps `fresh` for `key`, replacing what was there. An entry larger than a shard's share is
  /// not kept.
  void store(std::string key, entry fresh);

  [[nodiscard]] std::size_t size_bytes() const;

 private:
  /// Lets `find` look a string_view up without building a std::string.
  struct text_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  struct shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, entry, text_hash, std::equal_to<>> entries;
    std::size_t bytes = 0;
  };
  static constexpr std::size_t shard_count = 16;
  shard& shard_of(std::string_view key);
  static std::size_t cost(std::string_view key, const entry& e);

  std::array<shard, shard_count> shards_;
  std::size_t shard_capacity_;
};

}  // namespace procura::api
