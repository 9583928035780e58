#include "response_cache.hpp"

#include <functional>
#include <utility>

namespace procura::api {

response_cache::response_cache(std::size_t capacity_bytes) : shard_capacity_(capacity_bytes / shard_count) {}

response_cache::shard& response_cache::shard_of(std::string_view key) {
  return shards_[std::hash<std::string_view>{}(key) % shard_count];
}

std::size_t response_cache::cost(std::string_view key, const entry& e) {
  // The strings' bytes and a rough fixed cost for the node and the map's bucket.
  return key.size() + e.body.size() + e.etag.size() + 128;
}

std::optional<response_cache::entry> response_cache::find(std::string_view key, std::int64_t data_version,
                                                          timestamp now) {
  auto& part = shard_of(key);
  std::lock_guard lock(part.mutex);
  const auto found = part.entries.find(key);
  if (found == part.entries.end()) return std::nullopt;
  const auto& kept = found->second;
  if (kept.data_version != data_version) {
    part.bytes -= cost(found->first, kept);
    part.entries.erase(found);
    return std::nullopt;
  }
  if (now < kept.valid_from || now >= kept.valid_until) return std::nullopt;
  return kept;
}

void response_cache::store(std::string key, entry fresh) {
  const auto size = cost(key, fresh);
  if (size > shard_capacity_) return;
  auto& part = shard_of(key);
  std::lock_guard lock(part.mutex);
  if (const auto found = part.entries.find(key); found != part.entries.end()) {
    part.bytes -= cost(found->first, found->second);
    part.entries.erase(found);
  }
  if (part.bytes + size > shard_capacity_) {
    part.entries.clear();
    part.bytes = 0;
  }
  part.entries.emplace(std::move(key), std::move(fresh));
  part.bytes += size;
}

std::size_t response_cache::size_bytes() const {
  std::size_t total = 0;
  for (const auto& part : shards_) {
    std::lock_guard lock(part.mutex);
    total += part.bytes;
  }
  return total;
}

}  // namespace procura::api
