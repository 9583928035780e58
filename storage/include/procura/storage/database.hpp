#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstddef>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "procura/storage/connection.hpp"
#include "procura/storage/session.hpp"

namespace procura::storage {

class file_sync;
class wal_index_header;

/// A SQLite database file used by many threads: one writer connection (SQLite allows one
/// writer at a time), committer and syncer threads that make its transactions durable, and a
/// pool of read-only connections. Thread-safe.
///
/// Writes are grouped: `execute` runs a use case at once, on the calling thread, inside its own
/// SAVEPOINT of the transaction that is open on the writer, and returns the *ticket* of that
/// transaction. A use case therefore sees exactly what it would have seen had the earlier ones
/// committed alone (the audit chain's head included), and a failing one undoes only its
/// savepoint. The committer commits the open transaction (the next one opens meanwhile), and a
/// syncer thread makes it durable with one fdatasync outside the writer's lock, for every
/// transaction committed since its last one, so the next group runs and commits while the disk
/// works. Whoever answers a client waits for its ticket (`when_durable`, or `write`,
/// which blocks): no client hears of a change before it is durable, and a read's response
/// waits for every commit it may have seen (`last_committed`). docs/decisions.md, 38 and 46.
class database {
 public:
  /// Names one transaction of the writer; tickets grow by one per transaction. 0 is before all.
  using commit_ticket = std::uint64_t;

  /// Opens (creating when absent) and migrates to the latest schema.
  explicit database(std::string path, std::size_t reader_count = 4);
  /// The schema version of the file at `path` (0 for a new one), read before a `database` opens
  /// it (the server announces a pending migration with it). SQLite is set up first as the
  /// constructor sets it up: the first connection a process opens fixes SQLite's threading mode.
  static int stored_schema_version(const std::string& path);
  ~database();
  database(const database&) = delete;
  database& operator=(const database&) = delete;

  /// Runs `use_case` in its own savepoint of the open transaction, on the calling thread. Its
  /// changes are kept when it returns true and undone when it returns false or throws (the
  /// exception is rethrown). Returns the ticket of the transaction that holds the change; it is
  /// durable once `when_durable` says so. Throws, before running anything, once a commit could
  /// not be made durable (the server must be restarted).
  commit_ticket execute(const std::function<bool(session&)>& use_case);

  /// `execute`, then waits until the change is durable (in bulk-load mode it does not wait).
  /// Throws what the use case threw, or, when the commit failed, what made it fail.
  void write(const std::function<bool(session&)>& use_case);

  /// Waits until `ticket` is durable, as `write` does (so not in bulk-load mode); false when its
  /// commit failed.
  bool wait_durable(commit_ticket ticket);

  /// Calls `then(true)` once the transaction `ticket` and every one before it are durable, or
  /// `then(false)` once it has failed (none of its changes were kept). That happens at once on
  /// this thread when the ticket is already settled, else on the syncer thread, which `then`
  /// must not hold up.
  void when_durable(commit_ticket ticket, std::function<void(bool)> then);

  /// Server mode: the open transaction is committed when someone asks for it (`request_commit`,
  /// or a thread blocked in `write` or `wait_durable`), or once its first write has waited
  /// `longest_wait`, instead of as soon as it holds anything. A server that asks once it has
  /// run the requests already waiting gets one commit and one sync for all of them, not for the
  /// one or two that ran before the committer woke (docs/decisions.md, 51).
  void commit_when_asked(std::chrono::microseconds longest_wait);

  /// Asks for the transaction `ticket` to be committed now, if it is still the open one (a
  /// ticket already committed or settled needs nothing). Cheap enough to call after every write.
  void request_commit(commit_ticket ticket);

  /// The ticket of the newest transaction that other connections may see: a read that has
  /// ended saw nothing newer, so its response waits for this ticket.
  [[nodiscard]] commit_ticket last_committed() const { return last_committed_.load(); }

  /// True when SQLite had been initialised in its default serialized mode before this database
  /// could choose multi-thread mode, so that every SQLite call takes a mutex that only costs
  /// (a connection opened too early in the process; `procura serve` warns of it).
  [[nodiscard]] bool sqlite_calls_take_a_mutex() const;

  /// Where the database says why writes were not kept: a refused COMMIT (a full disk, an I/O
  /// error), a failed sync of the WAL or of the database file. Called once per failure, from
  /// the committer, syncer or checkpointer thread, with a sentence for an operator; a client
  /// only hears that its change was not kept. May be set at any time; once this returns, the
  /// previous report is no longer running or called.
  void report_failures_to(std::function<void(const std::string&)> report);

  /// Tests only: called on the syncer thread after COMMITs that wrote, before their sync
  /// (the crash test of durable responses kills the process there). Set before any write.
  void set_before_sync_for_tests(std::function<void()> hook) { before_sync_for_tests_ = std::move(hook); }

  /// Tests only: the WAL size, in pages, past which the committer finishes a checkpoint so that
  /// the WAL starts again from its beginning (1 GiB otherwise).
  void set_wal_restart_pages_for_tests(std::int64_t pages) { wal_restart_frames_.store(pages); }

  /// True once `ticket` is durable or has failed (what `when_durable` would say at once).
  [[nodiscard]] bool is_settled(commit_ticket ticket) const { return settled_through_.load() >= ticket; }

  /// Runs `query` on a reader connection, inside a read transaction so that it sees one
  /// consistent snapshot.
  void read(const std::function<void(session&)>& query);

  [[nodiscard]] const std::string& path() const { return path_; }
  int schema_version();

  /// A number that changes whenever any connection, of this process or of another (the CLI),
  /// commits a change to the file: two calls that return the same number had no commit between
  /// them. The number means nothing else. It is the change counter in the header of the WAL
  /// index, which every commit of every process rewrites, read from shared memory without a
  /// transaction (wal_index_header.hpp): a load of 24 words instead of starting and ending a
  /// read transaction (decision 50). Where the index cannot be mapped it is `PRAGMA
  /// data_version` of one connection that never writes. Response caches use it to prove an
  /// entry fresh.
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
  /// Opens the writer's transaction if none is; `writer_mutex_` held.
  void begin_if_needed();
  /// Rolls the open transaction back after a savepoint step failed and fails its ticket (the
  /// writes already run in it are lost too); `writer_mutex_` held.
  void abandon_open_transaction(const std::exception_ptr& failure);
  /// Waits until `ticket` is settled; its failure, or null when it is durable.
  std::exception_ptr wait_settled(commit_ticket ticket);
  /// A bulk load is running: `write` and `wait_durable` do not wait.
  bool in_bulk_load();
  /// The committer thread: commits the open transaction when one is due and hands it to the
  /// syncer.
  void commit_until_stopped();
  /// The syncer thread: syncs the WAL once for every transaction committed since its last
  /// sync, then settles their tickets in order and calls their waiters.
  void sync_until_stopped();
  /// Copies the rest of the WAL into the file from the writer, between two transactions, so
  /// that the next one starts the WAL from its beginning; `writer_mutex_` held.
  void finish_checkpoint();
  /// A transaction is open and should be committed now; `commit_mutex_` held.
  [[nodiscard]] bool commit_due() const;
  /// Commits wait for `request_commit` (or the longest wait); `commit_mutex_` held.
  [[nodiscard]] bool waits_for_request() const;

  std::string path_;

  // The writer. Only a holder of writer_mutex_ touches writer_ and transaction_open_.
  std::mutex writer_mutex_;
  std::unique_ptr<connection> writer_;
  bool transaction_open_ = false;

  // The commit state, guarded by commit_mutex_ (taken after writer_mutex_ when both are held).
  std::mutex commit_mutex_;
  std::condition_variable committer_wake_;
  std::condition_variable settled_changed_;
  /// Writers wait here while the committer is waiting for the writer: a thread that executes
  /// use cases back to back would otherwise take the mutex again before the committer wakes.
  std::condition_variable committer_passed_;
  bool committer_waiting_ = false;
  commit_ticket open_ticket_ = 1;   ///< the transaction that `execute` adds to
  bool open_pending_ = false;       ///< something ran in the open transaction
  std::size_t kept_in_open_ = 0;
  std::size_t bulk_writes_per_commit_ = 0;  ///< 0 = commit as soon as the committer can
  /// commit_when_asked: 0 = commit as soon as the committer can.
  std::chrono::microseconds longest_commit_wait_{0};
  std::chrono::steady_clock::time_point open_since_{};  ///< the open transaction's first write
  bool commit_requested_ = false;   ///< request_commit, a blocked waiter or bulk_load::commit_now
  bool stopping_ = false;
  bool broken_ = false;             ///< a commit, or a checkpoint's copy, could not be made durable
  bool wal_sync_failed_ = false;    ///< every later ticket fails: nothing after it is promised
  std::map<commit_ticket, std::exception_ptr> failed_;
  std::multimap<commit_ticket, std::function<void(bool)>> waiting_;
  std::atomic<commit_ticket> last_committed_{0};
  std::atomic<commit_ticket> settled_through_{0};
  /// A transaction the committer has committed (or failed to) and the syncer has not settled.
  struct committed_transaction {
    commit_ticket ticket = 0;
    bool wrote = false;  ///< a use case kept a change: there is something to sync
    std::exception_ptr failure;
  };
  std::vector<committed_transaction> unsynced_;  ///< in ticket order
  std::condition_variable syncer_wake_;
  bool syncer_stopping_ = false;
  std::unique_ptr<file_sync> wal_;
  std::function<void()> before_sync_for_tests_;
  /// Held while the report runs, so that once report_failures_to returns nobody is still
  /// inside the previous report (the server's refers to its metrics, which die before this).
  std::mutex failure_report_mutex_;
  std::function<void(const std::string&)> failure_report_;  // guarded by failure_report_mutex_
  void report_failure(const std::string& reason);
  std::thread committer_;
  std::thread syncer_;

  std::mutex probe_mutex_;
  std::unique_ptr<connection> probe_;  ///< read-only; asks only `PRAGMA data_version`
  /// The header of the WAL index as the probe mapped it (null: the probe's PRAGMA is used).
  std::unique_ptr<wal_index_header> wal_index_;
  std::atomic<std::int64_t> unmatched_versions_{-1};

  std::mutex readers_mutex_;
  std::condition_variable reader_available_;
  std::vector<std::unique_ptr<connection>> idle_readers_;

  /// Copies committed WAL frames back into the file from its own connection (PASSIVE: it never
  /// waits for readers or the writer), so that no COMMIT stalls on a checkpoint: the writer's
  /// automatic checkpoint is off (docs/performance.md, round 3). Syncs what it copied through
  /// `database_file` about once a second, and before it asks the committer to finish a
  /// checkpoint, so that the writer waits only for the last frames' copy and sync (unless the
  /// writes outrun eight passes in a row). A failed sync stops every write (`broken_`).
  void checkpoint_until_stopped(std::unique_ptr<connection> own, std::unique_ptr<file_sync> database_file);
  std::mutex checkpoint_mutex_;
  std::condition_variable checkpoint_wake_;
  /// The WAL has passed wal_restart_frames: the committer should finish a checkpoint.
  std::atomic<bool> wal_restart_wanted_{false};
  /// 1 GiB of 4 KiB pages. Finishing the checkpoint holds the writer for the copy of the last
  /// frames and a sync of the WAL and of the file (the checkpointer has synced the rest first),
  /// so it should be rare: about every 10 s of saturated writes.
  std::atomic<std::int64_t> wal_restart_frames_{262144};
  bool checkpoint_stopping_ = false;
  std::thread checkpointer_;
};

}  // namespace procura::storage
