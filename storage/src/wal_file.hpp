#pragma once
#include <string>

namespace procura::storage {

/// A descriptor of a database's write-ahead log, used only to make it durable.
///
/// The writer commits with `synchronous=NORMAL`: COMMIT writes the transaction's frames into the
/// WAL and makes them visible, without waiting for the disk. The committer then calls `sync`
/// here, outside the writer's lock, while the next transaction already runs. Linux flushes a
/// file's dirty pages whichever descriptor asks, so one `fdatasync` started after a COMMIT
/// returned makes that commit (and every one before it, the WAL being written in order)
/// durable (docs/decisions.md, decision 46).
class wal_file {
 public:
  /// Opens `<database>-wal`, which must exist (SQLite creates it when a connection first
  /// reads a WAL database), and syncs its directory once so that the file's name is durable
  /// too. Throws std::runtime_error when either fails.
  explicit wal_file(const std::string& database_path);
  ~wal_file();
  wal_file(const wal_file&) = delete;
  wal_file& operator=(const wal_file&) = delete;

  /// fdatasync; false when the kernel reports that the data may not have reached the disk.
  bool sync() const;

 private:
  int descriptor_ = -1;
};

}  // namespace procura::storage
