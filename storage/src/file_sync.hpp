#pragma once
#include <string>

namespace procura::storage {

/// A descriptor of one of a database's files, used only to make what was written to it durable.
///
/// The writer commits with `synchronous=NORMAL`: COMMIT writes the transaction's frames into the
/// WAL and makes them visible, without waiting for the disk. The syncer thread then syncs the
/// WAL here, outside the writer's lock, while the next transaction already runs. Linux flushes a
/// file's dirty pages whichever descriptor asks, so one `fdatasync` started after a COMMIT
/// returned makes that commit (and every one before it, the WAL being written in order)
/// durable (docs/decisions.md, decision 46). The checkpointer syncs the database file the same
/// way, before the committer finishes a checkpoint under the writer's lock (decision 43).
class file_sync {
 public:
  /// Opens `path`, which must exist (SQLite creates `<database>-wal` when a connection first
  /// reads a WAL database), and syncs its directory once so that the file's name is durable
  /// too. Throws std::runtime_error when either fails.
  explicit file_sync(const std::string& path);
  ~file_sync();
  file_sync(const file_sync&) = delete;
  file_sync& operator=(const file_sync&) = delete;

  /// fdatasync; false when the kernel reports that the data may not have reached the disk.
  bool sync() const;

 private:
  int descriptor_ = -1;
};

}  // namespace procura::storage
