#pragma once
#include <cstdint>
#include <optional>

struct sqlite3;

namespace procura::storage {

/// The change counter of a WAL database, read from the header of its WAL index (the `-shm`
/// file) through the mapping SQLite made for one connection.
///
/// `PRAGMA data_version` answers the same question by starting and ending a read transaction:
/// a mutex, two `fcntl`s and an `fstat`, which took 30% of a cached GET's time (41k against
/// 60k req/s; docs/performance.md, round 7). Every commit, by any connection of any process,
/// rewrites this header and increments its counter (iChange), and a WAL restart changes its
/// salt too; every process that opens the file reads and writes the same shared memory (the
/// layout is fixed by https://sqlite.org/walformat.html, since several SQLite versions may
/// share one file).
///
/// The writer stores the header's second copy, then its first; a reader that reads the first
/// copy and then the second, and finds them equal, has read a whole header as it was when it
/// read the first copy. That is SQLite's own reader protocol (walIndexTryHdr).
class wal_index_header {
 public:
  /// Maps region 0 of `connection`'s WAL index through its VFS (`xShmMap`, no descriptor of
  /// our own: closing one would drop this process's locks on the file). The connection must
  /// already have read the database in WAL mode, and must outlive this object.
  /// `mapped()` is false when the VFS has no shared memory to offer.
  explicit wal_index_header(sqlite3* connection);

  [[nodiscard]] bool mapped() const { return header_ != nullptr; }

  /// The salt and the change counter of a whole header, or nothing when a writer was between
  /// the two copies (retry) or the index is not initialised.
  [[nodiscard]] std::optional<std::uint64_t> change_counter() const;

 private:
  const std::uint32_t* header_ = nullptr;
};

}  // namespace procura::storage
