#include "procura/storage/database.hpp"

#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <chrono>
#include <mutex>

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

}  // namespace

database::database(std::string path, std::size_t reader_count) : path_(std::move(path)) {
  use_multithread_mode_once();
  writer_ = std::make_unique<connection>(path_, connection::mode::read_write);
  migrate(*writer_);
  for (std::size_t i = 0; i < reader_count; ++i)
    idle_readers_.push_back(std::make_unique<connection>(path_, connection::mode::read_only));
  probe_ = std::make_unique<connection>(path_, connection::mode::read_only);
  // Opened here so that a file the checkpointer cannot open fails the constructor, never leaves
  // the WAL growing with the writer's automatic checkpoint off.
  auto own = std::make_unique<connection>(path_, connection::mode::read_write);
  writer_->handle().exec("PRAGMA wal_autocheckpoint=0");
  checkpointer_ = std::thread([this, own = std::move(own)]() mutable { checkpoint_until_stopped(std::move(own)); });
}

void database::checkpoint_until_stopped(std::unique_ptr<connection> own) {
  std::unique_lock lock(checkpoint_mutex_);
  while (!checkpoint_stopping_) {
    checkpoint_wake_.wait_for(lock, std::chrono::milliseconds(100), [&] { return checkpoint_stopping_; });
    if (checkpoint_stopping_) break;
    lock.unlock();
    try {
      own->prepare("PRAGMA wal_checkpoint(PASSIVE)").executeStep();
      own->reset_statements();
    } catch (...) {  // NOLINT(bugprone-empty-catch): busy or failed: the next round tries again
      own->reset_statements();
    }
    lock.lock();
  }
}

database::~database() {
  {
    std::lock_guard lock(checkpoint_mutex_);
    checkpoint_stopping_ = true;
  }
  checkpoint_wake_.notify_all();
  if (checkpointer_.joinable()) checkpointer_.join();
  // Folds the WAL back into the main file on a clean close, so that the file can be copied alone.
  try {
    if (transaction_open_) writer_->handle().exec("COMMIT");
    writer_->handle().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (...) {  // NOLINT(bugprone-empty-catch): closing must not throw; the WAL stays valid
  }
}

void database::lead(std::unique_lock<std::mutex>& lock) {
  writer_free_.wait(lock, [&] { return !leader_active_; });
  leader_active_ = true;
}

void database::step_down(std::unique_lock<std::mutex>& lock) {
  if (!lock.owns_lock()) lock.lock();
  leader_active_ = false;
  // The first queued write leads next; the rest sleep until their own group is done. lead()
  // (schema_version, bulk commits) waits on writer_free_.
  if (!queue_.empty()) queue_.front()->wake.notify_one();
  writer_free_.notify_all();
}

void database::write(const std::function<bool(session&)>& use_case) {
  pending_write mine{&use_case};
  std::unique_lock lock(queue_mutex_);
  queue_.push_back(&mine);
  while (!mine.finished) {
    mine.wake.wait(lock, [&] { return mine.finished || !leader_active_; });
    if (mine.finished) break;
    // The writer is idle and our write is still queued: lead one group (ours is in it unless
    // more than max_group_size came before it, in which case the loop leads again).
    leader_active_ = true;
    std::vector<pending_write*> group;
    while (!queue_.empty() && group.size() < max_group_size) {
      group.push_back(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    run_group(group);
    lock.lock();
    for (auto* write : group) {
      write->finished = true;
      if (write != &mine) write->wake.notify_one();
    }
    step_down(lock);
  }
  if (mine.failure) std::rethrow_exception(mine.failure);
}

void database::run_group(const std::vector<pending_write*>& group) {
  try {
    if (!transaction_open_) {
      writer_->prepare("BEGIN IMMEDIATE").exec();
      transaction_open_ = true;
    }
    for (auto* write : group) run_in_savepoint(*write);
    if (bulk_writes_per_commit_ == 0 || kept_since_commit_ >= bulk_writes_per_commit_) commit_open_transaction();
  } catch (...) {
    // BEGIN, a savepoint step or COMMIT failed: nothing of this group is durable, and even a
    // use case that kept nothing may have read what its peers wrote, so all of them fail.
    const auto failure = std::current_exception();
    try {
      writer_->reset_statements();
      if (transaction_open_) writer_->handle().exec("ROLLBACK");
    } catch (...) {  // NOLINT(bugprone-empty-catch): SQLite rolls back itself when ROLLBACK cannot run
    }
    transaction_open_ = false;
    kept_since_commit_ = 0;
    for (auto* write : group)
      if (!write->failure) write->failure = failure;
  }
}

void database::run_in_savepoint(pending_write& write) {
  // Prepared once per connection: sqlite3_exec parsed these three again for every write
  // (9% of a bid submission's instructions; docs/performance.md, round 3).
  writer_->prepare("SAVEPOINT use_case").exec();
  bool keep = false;
  try {
    session current(*writer_);
    keep = (*write.use_case)(current);
  } catch (...) {
    write.failure = std::current_exception();
  }
  // A stepped SELECT must not outlive its use case (nor block ROLLBACK TO).
  writer_->reset_statements();
  if (keep) {
    ++kept_since_commit_;
  } else {
    writer_->prepare("ROLLBACK TO use_case").exec();
  }
  writer_->prepare("RELEASE use_case").exec();
}

void database::commit_open_transaction() {
  if (!transaction_open_) return;
  writer_->prepare("COMMIT").exec();
  transaction_open_ = false;
  kept_since_commit_ = 0;
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
  static const std::string ask = "PRAGMA data_version";
  std::lock_guard lock(probe_mutex_);
  auto& statement = probe_->prepare(ask);
  statement.executeStep();
  const auto version = statement.getColumn(0).getInt64();
  statement.reset();  // ends the read transaction at once
  return version;
}

int database::schema_version() {
  std::unique_lock lock(queue_mutex_);
  lead(lock);
  lock.unlock();
  int version = 0;
  try {
    version = storage::schema_version(*writer_);
  } catch (...) {
    step_down(lock);
    throw;
  }
  step_down(lock);
  return version;
}

database::bulk_load::bulk_load(database& owner, std::size_t writes_per_commit) : owner_(owner) {
  std::lock_guard lock(owner_.queue_mutex_);
  owner_.bulk_writes_per_commit_ = writes_per_commit;
}

database::bulk_load::~bulk_load() {
  try {
    finish();
  } catch (...) {  // NOLINT(bugprone-empty-catch): the destructor of the database commits or the WAL drops the tail
  }
}

void database::bulk_load::commit_now() {
  std::unique_lock lock(owner_.queue_mutex_);
  owner_.lead(lock);
  lock.unlock();
  try {
    owner_.commit_open_transaction();
  } catch (...) {
    owner_.step_down(lock);
    throw;
  }
  owner_.step_down(lock);
}

void database::bulk_load::finish() {
  if (finished_) return;
  finished_ = true;
  commit_now();
  std::lock_guard lock(owner_.queue_mutex_);
  owner_.bulk_writes_per_commit_ = 0;
}

}  // namespace procura::storage
