#pragma once
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "procura/storage/connection.hpp"
#include "procura/storage/session.hpp"

namespace procura::storage {

/// A SQLite database file used by many threads: one writer connection behind a mutex (SQLite
/// allows one writer at a time; waiting on a mutex is cheaper and fairer than SQLite's busy
/// handler, see ../shared/bench/README.md), and a pool of read-only connections.
/// Thread-safe.
class database {
 public:
  /// Opens (creating when absent) and migrates to the latest schema.
  explicit database(std::string path, std::size_t reader_count = 4);
  ~database();
  database(const database&) = delete;
  database& operator=(const database&) = delete;

  /// Runs `use_case` in one IMMEDIATE transaction on the writer. It commits when `use_case`
  /// returns true, and rolls back when it returns false or throws (nothing is changed).
  void write(const std::function<bool(session&)>& use_case);

  /// Runs `query` on a reader connection, inside a read transaction so that it sees one
  /// consistent snapshot.
  void read(const std::function<void(session&)>& query);

  [[nodiscard]] const std::string& path() const { return path_; }
  int schema_version();

 private:
  std::string path_;
  std::mutex writer_mutex_;
  std::unique_ptr<connection> writer_;
  std::mutex readers_mutex_;
  std::condition_variable reader_available_;
  std::vector<std::unique_ptr<connection>> idle_readers_;
};

}  // namespace procura::storage
