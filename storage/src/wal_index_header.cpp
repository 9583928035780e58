#include "wal_index_header.hpp"

#include <sqlite3.h>

#include <array>
#include <atomic>
#include <cstring>

namespace procura::storage {
namespace {

/// SQLite maps its WAL index in regions of 32 KiB; the header is at the start of the first.
constexpr int wal_index_region_bytes = 32 * 1024;
/// Each copy of the header is 48 bytes: twelve 32-bit words in the machine's byte order.
constexpr std::size_t header_words = 12;
constexpr std::size_t change_counter_word = 2;  ///< iChange
constexpr std::size_t is_init_word = 3;         ///< its first byte is isInit
constexpr std::size_t first_salt_word = 8;      ///< aSalt[0]
constexpr std::size_t checksum_word = 10;       ///< aCksum[0], aCksum[1]: over the words before them

using header_copy = std::array<std::uint32_t, header_words>;

header_copy read_copy(const std::uint32_t* words) {
  header_copy copy{};
  // The memory is shared with writers in other threads and processes; word-sized atomic loads
  // are what SQLite's own readers do (it reads through volatile pointers).
  for (std::size_t i = 0; i < header_words; ++i) copy[i] = __atomic_load_n(words + i, __ATOMIC_RELAXED);
  return copy;
}

/// SQLite's checksum of the header's first ten words, in the machine's byte order.
bool checksum_matches(const header_copy& copy) {
  std::uint32_t s1 = 0;
  std::uint32_t s2 = 0;
  for (std::size_t i = 0; i < checksum_word; i += 2) {
    s1 += copy[i] + s2;
    s2 += copy[i + 1] + s1;
  }
  return s1 == copy[checksum_word] && s2 == copy[checksum_word + 1];
}

}  // namespace

wal_index_header::wal_index_header(sqlite3* connection) {
  sqlite3_file* file = nullptr;
  if (sqlite3_file_control(connection, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK || file == nullptr)
    return;
  const auto* methods = file->pMethods;
  if (methods == nullptr || methods->iVersion < 2 || methods->xShmMap == nullptr) return;
  void volatile* region = nullptr;
  // bExtend = 0: map what exists, never grow the file; the connection's first read made it.
  if (methods->xShmMap(file, 0, wal_index_region_bytes, 0, &region) != SQLITE_OK || region == nullptr) return;
  header_ = static_cast<const std::uint32_t*>(const_cast<void*>(region));
}

std::optional<std::uint64_t> wal_index_header::change_counter() const {
  if (header_ == nullptr) return std::nullopt;
  const auto first = read_copy(header_);
  // SQLite's writer stores the second copy, a barrier, then the first: when the first copy
  // read here is new, the second one read after this barrier is at least as new.
  std::atomic_thread_fence(std::memory_order_acquire);
  const auto second = read_copy(header_ + header_words);
  if (first != second) return std::nullopt;
  unsigned char is_init = 0;
  std::memcpy(&is_init, &first[is_init_word], 1);
  if (is_init == 0 || !checksum_matches(first)) return std::nullopt;
  // 31 bits of the salt (a WAL restart changes it) above the 32-bit counter: never negative.
  return (static_cast<std::uint64_t>(first[first_salt_word] & 0x7FFFFFFFU) << 32) | first[change_counter_word];
}

}  // namespace procura::storage
