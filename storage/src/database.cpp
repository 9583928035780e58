#include "procura/storage/database.hpp"

#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <stdexcept>

#include "file_sync.hpp"
#include "wal_index_header.hpp"

namespace procura::storage {
namespace {

/// Every connection of a `database` is used by one thread at a time, handed over under
/// queue_mutex_ or readers_mutex_, so SQLite's own per-call mutexes (serialized mode) only
/// cost: they were 8% of the instructions of a GET (docs/performance.md, round 3). Multi-thread
/// mode drops them; memory statistics, which take a global mutex on every allocation, are not
/// used. Both must be set before SQLite initialises: if another connection of this process
/// came first, SQLite refuses the change and stays in its safe default.
void use_multithread_mode_once() {
  static std::once_flag configured;
  std::call_once(configured, [] {
    if (sqlite3_config(SQLITE_CONFIG_MULTITHREAD) == SQLITE_OK) sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  });
}

/// The message of a failure, for an operator's log line.
std::string describe(const std::exception_ptr& failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& error) {
    return error.what();
  } catch (...) {
    return "an unknown error";
  }
}

}  // namespace

int database::stored_schema_version(const std::string& path) {
  use_multithread_mode_once();
  connection probe(path, connection::mode::read_write);
  return storage::schema_version(probe);
}

bool database::sqlite_calls_take_a_mutex() const {
  // SQLite gives a connection a mutex only in serialized mode.
  return sqlite3_db_mutex(writer_->handle().getHandle()) != nullptr;
}

database::database(std::string path, std::size_t reader_count) : path_(std::move(path)) {
  use_multithread_mode_once();
  writer_ = std::make_unique<connection>(path_, connection::mode::read_write);
  migrate(*writer_);
  // COMMIT only writes the WAL; the syncer syncs it (file_sync.hpp). The checkpointer's own
  // connection stays FULL, so a checkpoint syncs the WAL before copying it into the file.
  writer_->handle().exec("PRAGMA synchronous=NORMAL");
  wal_ = std::make_unique<file_sync>(path_ + "-wal");
  for (std::size_t i = 0; i < reader_count; ++i)
    idle_readers_.push_back(std::make_unique<connection>(path_, connection::mode::read_only));
  probe_ = std::make_unique<connection>(path_, connection::mode::read_only);
  // The probe's first read opens the WAL index, whose header data_version then reads directly.
  probe_->handle().exec("PRAGMA data_version");
  wal_index_ = std::make_unique<wal_index_header>(probe_->handle().getHandle());
  if (!wal_index_->mapped()) wal_index_.reset();
  // Opened here so that a file the checkpointer cannot open fails the constructor, never leaves
  // the WAL growing with the writer's automatic checkpoint off.
  auto own = std::make_unique<connection>(path_, connection::mode::read_write);
  auto database_file = std::make_unique<file_sync>(path_);
  writer_->handle().exec("PRAGMA wal_autocheckpoint=0");
  checkpointer_ = std::thread([this, own = std::move(own), database_file = std::move(database_file)]() mutable {
    checkpoint_until_stopped(std::move(own), std::move(database_file));
  });
  committer_ = std::thread([this] { commit_until_stopped(); });
  syncer_ = std::thread([this] { sync_until_stopped(); });
}

void database::checkpoint_until_stopped(std::unique_ptr<connection> own, std::unique_ptr<file_sync> database_file) {
  using std::chrono::steady_clock;
  std::unique_lock lock(checkpoint_mutex_);
  bool catching_up = false;  // the WAL is past its bound: copy and sync at once, then ask the committer
  int passes_catching_up = 0;
  std::int64_t copied_when_synced = 0;
  auto synced_at = steady_clock::now();
  bool file_sync_failed = false;
  while (!checkpoint_stopping_) {
    if (!catching_up)
      checkpoint_wake_.wait_for(lock, std::chrono::milliseconds(100), [&] { return checkpoint_stopping_; });
    if (checkpoint_stopping_) break;
    lock.unlock();
    try {
      auto& checkpoint = own->prepare("PRAGMA wal_checkpoint(PASSIVE)");
      // (busy, frames in the WAL, frames copied). Under a steady stream of commits this pass
      // never reaches the last frame, and only a checkpoint that does lets a transaction start
      // the WAL again from its beginning: the file grew by ~90 MB a second in the submit
      // benchmark. The committer finishes the copy right after its next COMMIT, while nothing
      // can add frames (decision 43), holding the writer for that copy and the syncs of both
      // files; it is asked once the file is synced and few frames are left to copy.
      const bool answered = checkpoint.executeStep();
      const auto frames = answered ? checkpoint.getColumn(1).getInt64() : -1;
      const auto copied = answered ? checkpoint.getColumn(2).getInt64() : -1;
      own->reset_statements();  // before a sync that may take long
      // A pass that does not reach the last frame leaves what it copied in the page cache
      // (only a complete checkpoint syncs the file), so the committer's finishing checkpoint
      // synced, under the writer's lock, all that the passes had copied since the last
      // restart: a 261 ms stall of every write in round 13. Synced here, the writer goes on
      // meanwhile; once a second, not after every pass, because a page that many passes copy
      // (an index's last leaf) is then written to the disk once, not ten times.
      if (copied > 0 && copied != copied_when_synced &&
          (catching_up || steady_clock::now() - synced_at >= std::chrono::seconds(1))) {
        if (!database_file->sync()) {
          // Pages the passes copied may not be on the disk, and their frames are kept only
          // until the WAL starts again: every write stops, as after a failed sync of the WAL,
          // so that nothing starts it again; reopened, SQLite copies every frame again.
          file_sync_failed = true;
          wal_restart_wanted_.store(false);
          {
            std::lock_guard commit_lock(commit_mutex_);
            broken_ = true;
          }
          report_failure("fdatasync of " + path_ + " failed: no more writes are taken; restart to recover");
        }
        copied_when_synced = copied;
        synced_at = steady_clock::now();
      }
      const auto restart_frames = wal_restart_frames_.load();
      if (!file_sync_failed && answered && frames >= restart_frames) {
        const auto few = std::min<std::int64_t>(1024, restart_frames / 4);
        constexpr int most_passes = 8;  // writes that outrun the copy: the committer finishes it anyway
        if (catching_up && (frames - copied <= few || ++passes_catching_up >= most_passes)) {
          wal_restart_wanted_.store(true);
          catching_up = false;
        } else if (!catching_up) {
          catching_up = true;
          passes_catching_up = 0;
        }
      } else {
        catching_up = false;
      }
    } catch (...) {  // NOLINT(bugprone-empty-catch): busy or failed: the next round tries again
      own->reset_statements();
      catching_up = false;
    }
    lock.lock();
  }
}

database::~database() {
  {
    std::lock_guard lock(commit_mutex_);
    stopping_ = true;
  }
  committer_wake_.notify_all();
  if (committer_.joinable()) committer_.join();  // it commits what is open first
  {
    std::lock_guard lock(commit_mutex_);
    syncer_stopping_ = true;
  }
  syncer_wake_.notify_all();
  if (syncer_.joinable()) syncer_.join();  // it syncs and settles what was committed first
  {
    std::lock_guard lock(checkpoint_mutex_);
    checkpoint_stopping_ = true;
  }
  checkpoint_wake_.notify_all();
  if (checkpointer_.joinable()) checkpointer_.join();
  // Folds the WAL back into the main file on a clean close, so that the file can be copied alone;
  // not after a failed sync, when the WAL's frames may be the only copy of what was committed.
  try {
    if (!broken_) writer_->handle().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (...) {  // NOLINT(bugprone-empty-catch): closing must not throw; the WAL stays valid
  }
}

void database::begin_if_needed() {
  if (transaction_open_) return;
  writer_->prepare("BEGIN IMMEDIATE").exec();
  transaction_open_ = true;
}

void database::abandon_open_transaction(const std::exception_ptr& failure) {
  report_failure("the open transaction of " + path_ + " was rolled back, none of its writes kept: " +
                 describe(failure));
  try {
    writer_->reset_statements();
    if (transaction_open_) writer_->handle().exec("ROLLBACK");
  } catch (...) {  // NOLINT(bugprone-empty-catch): SQLite rolls back itself when ROLLBACK cannot run
  }
  transaction_open_ = false;
  {
    std::lock_guard lock(commit_mutex_);
    failed_.emplace(open_ticket_, failure);
    // The next ticket settles the failed one: the syncer settles tickets in order, at once.
    ++open_ticket_;
    open_pending_ = true;
    open_since_ = std::chrono::steady_clock::now();
    commit_requested_ = true;
    kept_in_open_ = 0;
  }
  committer_wake_.notify_one();
}

database::commit_ticket database::execute(const std::function<bool(session&)>& use_case) {
  {
    std::unique_lock lock(commit_mutex_);
    committer_passed_.wait(lock, [&] { return !committer_waiting_; });
    if (broken_)
      throw std::runtime_error("a commit of " + path_ + " could not be made durable; restart to recover");
  }
  std::lock_guard writer_lock(writer_mutex_);
  std::exception_ptr failure;
  bool keep = false;
  try {
    begin_if_needed();
    // Prepared once per connection: sqlite3_exec parsed these again for every write (9% of a
    // bid submission's instructions; docs/performance.md, round 3).
    writer_->prepare("SAVEPOINT use_case").exec();
  } catch (...) {
    abandon_open_transaction(std::current_exception());
    throw;
  }
  try {
    session current(*writer_);
    keep = use_case(current);
  } catch (...) {
    failure = std::current_exception();
    keep = false;
  }
  try {
    // A stepped SELECT must not outlive its use case (nor block ROLLBACK TO).
    writer_->reset_statements();
    if (!keep) writer_->prepare("ROLLBACK TO use_case").exec();
    writer_->prepare("RELEASE use_case").exec();
  } catch (...) {
    abandon_open_transaction(std::current_exception());
    throw;
  }
  commit_ticket ticket = 0;
  bool wake_committer = false;
  {
    std::lock_guard lock(commit_mutex_);
    ticket = open_ticket_;
    const bool first = !open_pending_;
    if (first) open_since_ = std::chrono::steady_clock::now();
    open_pending_ = true;
    if (keep) ++kept_in_open_;
    // In a bulk load most writes leave the commit not yet due: waking the committer for each
    // was two context switches per write (8% of the generator's time under perf). A server
    // that asks for its commits wakes it once per transaction, to start the longest wait.
    wake_committer = commit_due() || (first && waits_for_request());
  }
  if (wake_committer) committer_wake_.notify_one();
  if (failure) std::rethrow_exception(failure);
  return ticket;
}

void database::write(const std::function<bool(session&)>& use_case) {
  const auto ticket = execute(use_case);
  if (in_bulk_load()) return;
  if (const auto failure = wait_settled(ticket)) std::rethrow_exception(failure);
}

bool database::wait_durable(commit_ticket ticket) { return in_bulk_load() || !wait_settled(ticket); }

bool database::in_bulk_load() {
  std::lock_guard lock(commit_mutex_);
  return bulk_writes_per_commit_ != 0;
}

std::exception_ptr database::wait_settled(commit_ticket ticket) {
  std::unique_lock lock(commit_mutex_);
  // Whoever blocks on the open transaction has nothing more to add to it.
  if (ticket == open_ticket_ && open_pending_ && !commit_requested_) {
    commit_requested_ = true;
    committer_wake_.notify_one();
  }
  settled_changed_.wait(lock, [&] { return settled_through_.load() >= ticket; });
  const auto found = failed_.find(ticket);
  return found == failed_.end() ? nullptr : found->second;
}

void database::when_durable(commit_ticket ticket, std::function<void(bool)> then) {
  std::unique_lock lock(commit_mutex_);
  if (settled_through_.load() >= ticket) {
    const bool durable = !failed_.contains(ticket);
    lock.unlock();
    then(durable);
    return;
  }
  waiting_.emplace(ticket, std::move(then));
}

void database::report_failures_to(std::function<void(const std::string&)> report) {
  std::lock_guard lock(failure_report_mutex_);
  failure_report_ = std::move(report);
}

void database::report_failure(const std::string& reason) {
  std::lock_guard lock(failure_report_mutex_);
  if (failure_report_) failure_report_(reason);
}

void database::finish_checkpoint() {
  try {
    writer_->prepare("PRAGMA wal_checkpoint(PASSIVE)").executeStep();
  } catch (...) {  // NOLINT(bugprone-empty-catch): the checkpointer asks again after its next pass
  }
  writer_->reset_statements();
}

bool database::commit_due() const {
  if (!open_pending_) return false;
  if (commit_requested_ || stopping_) return true;
  if (bulk_writes_per_commit_ != 0) return kept_in_open_ >= bulk_writes_per_commit_;
  return longest_commit_wait_.count() == 0 || std::chrono::steady_clock::now() - open_since_ >= longest_commit_wait_;
}

bool database::waits_for_request() const {
  return bulk_writes_per_commit_ == 0 && longest_commit_wait_.count() > 0;
}

void database::commit_when_asked(std::chrono::microseconds longest_wait) {
  std::lock_guard lock(commit_mutex_);
  longest_commit_wait_ = longest_wait;
}

void database::request_commit(commit_ticket ticket) {
  {
    std::lock_guard lock(commit_mutex_);
    if (ticket != open_ticket_ || !open_pending_ || commit_requested_) return;
    commit_requested_ = true;
  }
  committer_wake_.notify_one();
}

void database::commit_until_stopped() {
  std::unique_lock lock(commit_mutex_);
  for (;;) {
    while (!commit_due() && !(stopping_ && !open_pending_)) {
      if (open_pending_ && waits_for_request())
        committer_wake_.wait_until(lock, open_since_ + longest_commit_wait_);
      else
        committer_wake_.wait(lock);
    }
    if (!commit_due()) return;  // stopping, and nothing is open
    committer_waiting_ = true;
    lock.unlock();
    committed_transaction done;
    {
      std::lock_guard writer_lock(writer_mutex_);
      lock.lock();
      committer_waiting_ = false;
      done.ticket = open_ticket_;
      done.wrote = kept_in_open_ > 0;
      ++open_ticket_;
      open_pending_ = false;
      kept_in_open_ = 0;
      commit_requested_ = false;
      // Before COMMIT makes the change visible: a read that sees it reads this ticket or a later one.
      last_committed_.store(done.ticket);
      if (const auto found = failed_.find(done.ticket); found != failed_.end()) done.failure = found->second;
      lock.unlock();
      committer_passed_.notify_all();
      if (transaction_open_) {
        try {
          writer_->prepare("COMMIT").exec();
        } catch (...) {
          // Nothing of this transaction is kept, and even a use case that kept nothing may
          // have read what its peers wrote, so all of them fail.
          done.failure = std::current_exception();
          report_failure("COMMIT of " + path_ + " failed, none of its writes kept: " + describe(done.failure));
          try {
            writer_->reset_statements();
            writer_->handle().exec("ROLLBACK");
          } catch (...) {  // NOLINT(bugprone-empty-catch): SQLite rolls back itself when ROLLBACK cannot run
          }
        }
        transaction_open_ = false;
      }
      if (!done.failure && wal_restart_wanted_.exchange(false)) finish_checkpoint();
    }
    // The sync runs on the syncer: the next COMMIT need not wait for it, so the disk syncs
    // one group while the next is written (docs/performance.md, round 13).
    lock.lock();
    unsynced_.push_back(std::move(done));
    syncer_wake_.notify_one();
  }
}

void database::sync_until_stopped() {
  std::unique_lock lock(commit_mutex_);
  for (;;) {
    syncer_wake_.wait(lock, [&] { return !unsynced_.empty() || syncer_stopping_; });
    if (unsynced_.empty()) return;  // stopping, and every commit is settled
    std::vector<committed_transaction> batch;
    batch.swap(unsynced_);
    lock.unlock();
    // One fdatasync started after the last COMMIT of the batch returned covers the whole batch
    // (the WAL is written in order: file_sync.hpp).
    const bool wrote = std::any_of(batch.begin(), batch.end(), [](const auto& t) { return t.wrote && !t.failure; });
    if (wrote && before_sync_for_tests_) before_sync_for_tests_();
    const bool sync_failed = wrote && !wal_->sync();
    std::vector<std::function<void(bool)>> durable_waiters;
    std::vector<std::function<void(bool)>> failed_waiters;
    lock.lock();
    const bool first_sync_failure = sync_failed && !wal_sync_failed_;
    if (sync_failed) {
      broken_ = true;
      wal_sync_failed_ = true;
    }
    for (auto& transaction : batch) {
      // After a failed sync of the WAL nothing is promised: a later sync may report success
      // for pages the kernel already dropped. (A failed sync of the database file, by the
      // checkpointer, stops new writes but leaves these durable: their frames stay in the WAL.)
      if (!transaction.failure && wal_sync_failed_) {
        transaction.failure = std::make_exception_ptr(std::runtime_error(
            "fdatasync of " + path_ + "-wal failed: the last commits may not be on disk; restart to recover"));
      }
      if (transaction.failure) failed_.emplace(transaction.ticket, transaction.failure);
    }
    const auto ticket = batch.back().ticket;
    settled_through_.store(ticket);
    const auto last = waiting_.upper_bound(ticket);
    for (auto waiter = waiting_.begin(); waiter != last; ++waiter)
      (failed_.contains(waiter->first) ? failed_waiters : durable_waiters).push_back(std::move(waiter->second));
    waiting_.erase(waiting_.begin(), last);
    lock.unlock();
    if (first_sync_failure)
      report_failure("fdatasync of " + path_ + "-wal failed: the last commits may not be on disk, no more writes are "
                     "taken; restart to recover");
    settled_changed_.notify_all();
    for (auto& then : durable_waiters) then(true);
    for (auto& then : failed_waiters) then(false);
    // What the callbacks hold dies here, outside the lock, not at the end of the loop under it.
    durable_waiters.clear();
    failed_waiters.clear();
    lock.lock();
  }
}

void database::read(const std::function<void(session&)>& query) {
  std::unique_ptr<connection> reader;
  {
    std::unique_lock lock(readers_mutex_);
    reader_available_.wait(lock, [&] { return !idle_readers_.empty(); });
    reader = std::move(idle_readers_.back());
    idle_readers_.pop_back();
  }
  struct give_back {
    database& owner;
    std::unique_ptr<connection>& held;
    ~give_back() {
      {
        std::lock_guard lock(owner.readers_mutex_);
        owner.idle_readers_.push_back(std::move(held));
      }
      owner.reader_available_.notify_one();
    }
  } returner{*this, reader};
  // BEGIN and COMMIT as prepared statements: sqlite3_exec parsed both again on every read
  // (docs/performance.md). The snapshot ends after every statement is reset, also on a throw.
  reader->prepare("BEGIN DEFERRED").exec();
  struct snapshot_end {
    connection& db;
    ~snapshot_end() {
      db.reset_statements();
      try {
        db.prepare("COMMIT").exec();
      } catch (...) {
        try {
          db.handle().exec("ROLLBACK");
        } catch (...) {  // NOLINT(bugprone-empty-catch): a read transaction has nothing to lose
        }
      }
    }
  } end_snapshot{*reader};
  session current(*reader);
  query(current);
}

std::int64_t database::data_version() {
  if (wal_index_) {
    // A writer takes well under a microsecond between the header's two copies.
    constexpr int attempts = 100;
    for (int attempt = 0; attempt < attempts; ++attempt) {
      if (const auto counter = wal_index_->change_counter()) return static_cast<std::int64_t>(*counter);
      std::this_thread::yield();
    }
    // A number that no other call returns: it proves nothing fresh, so nothing is served from it.
    return unmatched_versions_.fetch_sub(1);
  }
  static const std::string ask = "PRAGMA data_version";
  std::lock_guard lock(probe_mutex_);
  auto& statement = probe_->prepare(ask);
  statement.executeStep();
  const auto version = statement.getColumn(0).getInt64();
  statement.reset();  // ends the read transaction at once
  return version;
}

int database::schema_version() {
  std::lock_guard writer_lock(writer_mutex_);
  return storage::schema_version(*writer_);
}

database::bulk_load::bulk_load(database& owner, std::size_t writes_per_commit) : owner_(owner) {
  {
    std::lock_guard lock(owner_.commit_mutex_);
    owner_.bulk_writes_per_commit_ = writes_per_commit;
  }
  // The committer's way of waiting depends on the mode (commit_until_stopped): it looks again.
  owner_.committer_wake_.notify_one();
}

database::bulk_load::~bulk_load() {
  try {
    finish();
  } catch (...) {  // NOLINT(bugprone-empty-catch): the destructor of the database commits or the WAL drops the tail
  }
}

void database::bulk_load::commit_now() {
  commit_ticket ticket = 0;
  {
    std::lock_guard lock(owner_.commit_mutex_);
    if (!owner_.open_pending_) return;
    owner_.commit_requested_ = true;
    ticket = owner_.open_ticket_;
  }
  owner_.committer_wake_.notify_one();
  if (const auto failure = owner_.wait_settled(ticket)) std::rethrow_exception(failure);
}

void database::bulk_load::finish() {
  if (finished_) return;
  finished_ = true;
  commit_now();
  {
    std::lock_guard lock(owner_.commit_mutex_);
    owner_.bulk_writes_per_commit_ = 0;
  }
  owner_.committer_wake_.notify_one();
}

}  // namespace procura::storage
