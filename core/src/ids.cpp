#include "procura/core/ids.hpp"

#include <chrono>
#include <cstdint>

#include "procura/core/crypto.hpp"

namespace procura {
namespace {
constexpr std::string_view crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
}

std::string new_id(std::string_view prefix) {
  const auto millis = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  const std::string random = crypto::random_hex(10);  // 80 bits
  // 128 bits: 48 of time, then 80 of randomness, read 5 bits at a time from the top.
  unsigned __int128 value = static_cast<unsigned __int128>(millis & 0xFFFFFFFFFFFFULL) << 80;
  for (std::size_t i = 0; i < random.size(); ++i) {
    const char c = random[i];
    const unsigned nibble = c <= '9' ? static_cast<unsigned>(c - '0') : static_cast<unsigned>(c - 'a' + 10);
    value |= static_cast<unsigned __int128>(nibble) << (4 * (random.size() - 1 - i));
  }
  std::string encoded(26, '0');
  for (int i = 25; i >= 0; --i) {
    encoded[static_cast<std::size_t>(i)] = crockford[static_cast<std::size_t>(value & 31U)];
    value >>= 5;
  }
  std::string id(prefix);
  id += '_';
  id += encoded;
  return id;
}

bool is_well_formed_id(std::string_view text, std::string_view prefix) {
  if (text.size() != prefix.size() + 27 || text.substr(0, prefix.size()) != prefix || text[prefix.size()] != '_')
    return false;
  for (char c : text.substr(prefix.size() + 1))
    if (crockford.find(c) == std::string_view::npos) return false;
  return true;
}

}  // namespace procura
