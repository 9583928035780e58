#include "procura/core/ids.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>

#include "procura/core/crypto.hpp"
#include "procura/core/wide_integer.hpp"

namespace procura {
namespace {
constexpr std::string_view crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Random bytes drawn from OpenSSL a few kilobytes at a time: one RAND_bytes call per id took
/// longer than the rest of new_id (its per-call locking and reseed checks; 2.7% of a bid
/// submission at 1M tenders). The bytes are the same CSPRNG's; each is used once. procura never
/// forks (its one restart at start-up is an exec), so no two processes share a pool.
class random_pool {
 public:
  void take(unsigned char* out, std::size_t count) {
    if (used_ + count > bytes_.size()) {
      crypto::fill_random(bytes_.data(), bytes_.size());
      used_ = 0;
    }
    std::memcpy(out, bytes_.data() + used_, count);
    used_ += count;
  }

 private:
  std::array<unsigned char, 4000> bytes_{};
  std::size_t used_ = bytes_.size();
};

}  // namespace

std::string new_id(std::string_view prefix) {
  const auto millis = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  thread_local random_pool pool;
  std::array<unsigned char, 10> random{};  // 80 bits
  pool.take(random.data(), random.size());
  // 128 bits: 48 of time, then 80 of randomness, read 5 bits at a time from the top.
  unsigned_wide_integer value = static_cast<unsigned_wide_integer>(millis & 0xFFFFFFFFFFFFULL) << 80;
  unsigned_wide_integer tail = 0;
  for (const unsigned char byte : random) tail = (tail << 8) | byte;
  value |= tail;
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
