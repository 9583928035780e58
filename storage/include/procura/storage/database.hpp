#pragma once
#include <condition_variable>
#include <cstdint>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "procura/storage/connection.hpp"
#include "procura/storage/session.hpp"

namespace procura::storage {

/// A SQLite database file used by many threads: one writer connection (SQLite allows one
/// writer at a time) fed by a queue with group commit, and a pool of read-only connections.
/// Thread-safe.
///
/// Group commit: concurrent `write` calls are run one after another by whichever caller finds
/// the writer idle (the leader), each use case inside its own SAVEPOINT, all of them inside one
/// `BEGIN IMMEDIATE … COMMIT`. A use case therefore sees exactly what it would have seen had
/// the earlier ones committed alone (the audit chain's head included), a failing one rolls back
/// only its savepoint, and nobody's `write` returns before the COMMIT holding its change is
/// durable. One fsync then serves the whole group (docs/decisions.md, decision 38).
class database {
 public:
  /// Opens (creating when absent) and migrates to the latest schema.
  explicit database(std::string path, std::size_t reader_count = 4);
  ~database();
  database(const database&) = delete;
  database& operator=(const database&) = delete;

  /// Runs `use_case` in its own savepoint of an IMMEDIATE transaction on the writer. Its changes
  /// are kept when it returns true and undone when it returns false or throws (the exception
  /// is rethrown to the caller). Returns once the transaction is durably committed; if the
  /// COMMIT fails, every use case of the group gets the exception, kept or not.
  void write(const std::function<bool(session&)>& use_case);

  /// Runs `query` on a reader connection, inside a read transaction so that it sees one
  /// consistent snapshot.
  void read(const std::function<void(session&)>& query);

  [[nodiscard]] const std::string& path() const { return path_; }
  int schema_version();

  /// A number that changes whenever any connection, of this process or of another (the CLI),
  /// commits a change to the file: two calls that return the same number had no commit between
  /// them. The number means nothing else. It is `PRAGMA data_version` of one connection that
  /// never writes, so numbers from different calls are comparable; the call starts and ends a
  /// read transaction, a few microseconds. Response caches use it to prove an entry fresh.
  std::int64_t data_version();

  /// For bulk loading only (`procura generate`): while alive, kept writes accumulate in one
  /// open transaction that commits every `writes_per_commit` of them, so `write` returns
  /// *before* its change is durable. The scope's end commits the rest; a crash loses at most
  /// the uncommitted tail (WAL keeps the file consistent). Never used by the server.
  class bulk_load {
   public:
    bulk_load(database& owner, std::size_t writes_per_commit);
    ~bulk_load();
    bulk_load(const bulk_load&) = delete;
    bulk_load& operator=(const bulk_load&) = delete;
    /// Commits what is pending and stays in bulk mode: readers (which see only committed
    /// data) then see every write made so far. Throws if the COMMIT fails.
    void commit_now();
    /// Commits what is pending and ends bulk mode; throws if the COMMIT fails.
    void finish();

   private:
    database& owner_;
    bool finished_ = false;
  };

 private:
  struct pending_write {
    const std::function<bool(session&)>* use_case = nullptr;
    std::exception_ptr failure;
    bool finished = false;
    /// Signalled when its group has committed, or when it is first in the queue and should lead.
    /// One per write: a shared condition woke every waiting write after each group, and all but
    /// the finished ones went back to sleep (docs/performance.md, round 4).
    std::condition_variable wake;
  };

  /// Waits until no leader is active and becomes it; `lock` holds queue_mutex_.
  void lead(std::unique_lock<std::mutex>& lock);
  void step_down(std::unique_lock<std::mutex>& lock);
  /// Runs a group on the writer; records each outcome in its pending_write. Never throws.
  void run_group(const std::vector<pending_write*>& group);
  void run_in_savepoint(pending_write& write);
  void commit_open_transaction();

  static constexpr std::size_t max_group_size = 256;

  std::string path_;
  std::unique_ptr<connection> writer_;

  // The write queue. Everything below is guarded by queue_mutex_, except that only the active
  // leader touches writer_, transaction_open_ and kept_since_commit_ (leader_active_ hands it
  // that right).
  std::mutex queue_mutex_;
  std::condition_variable writer_free_;
  std::deque<pending_write*> queue_;
  bool leader_active_ = false;
  bool transaction_open_ = false;
  std::size_t kept_since_commit_ = 0;
  std::size_t bulk_writes_per_commit_ = 0;  ///< 0 = commit every group (the normal mode)

  std::mutex probe_mutex_;
  std::unique_ptr<connection> probe_;  ///< read-only; asks only `PRAGMA data_version`

  std::mutex readers_mutex_;
  std::condition_variable reader_available_;
  std::vector<std::unique_ptr<connection>> idle_readers_;

  /// Copies committed WAL frames back into the file from its own connection (PASSIVE: it never
  /// waits for readers or the writer), so that no COMMIT stalls on a checkpoint: the writer's
  /// automatic checkpoint is off (docs/performance.md, round 3).
  void checkpoint_until_stopped(std::unique_ptr<connection> own);
  std::mutex checkpoint_mutex_;
  std::condition_variable checkpoint_wake_;
  bool checkpoint_stopping_ = false;
  std::thread checkpointer_;
};

}  // namespace procura::storage
