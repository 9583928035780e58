#include "request_ids.hpp"

#include <atomic>
#include <cctype>
#include <cstdint>

#include "procura/core/crypto.hpp"

namespace procura::api {

std::string next_request_id() {
  static const std::string process_prefix = crypto::random_hex(4);
  static std::atomic<std::uint32_t> counter{0};
  static constexpr char hex[] = "0123456789abcdef";
  std::uint32_t value = counter.fetch_add(1, std::memory_order_relaxed);
  std::string id = process_prefix;
  id.resize(process_prefix.size() + 8);
  for (std::size_t i = id.size(); i > process_prefix.size(); --i) {
    id[i - 1] = hex[value & 0xf];
    value >>= 4;
  }
  return id;
}

bool acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (const char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
  return true;
}

std::string request_id_for(std::string_view given) {
  return acceptable_request_id(given) ? std::string(given) : next_request_id();
}

}  // namespace procura::api
