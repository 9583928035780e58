#include "procura/storage/database.hpp"

#include <SQLiteCpp/Transaction.h>

namespace procura::storage {

database::database(std::string path, std::size_t reader_count) : path_(std::move(path)) {
  writer_ = std::make_unique<connection>(path_, connection::mode::read_write);
  migrate(*writer_);
  for (std::size_t i = 0; i < reader_count; ++i)
    idle_readers_.push_back(std::make_unique<connection>(path_, connection::mode::read_only));
}

database::~database() {
  // Folds the WAL back into the main file on a clean close, so that the file can be copied alone.
  try {
    writer_->handle().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (...) {  // NOLINT(bugprone-empty-catch): closing must not throw; the WAL stays valid
  }
}

void database::write(const std::function<bool(session&)>& use_case) {
  std::lock_guard lock(writer_mutex_);
  SQLite::Transaction transaction(writer_->handle(), SQLite::TransactionBehavior::IMMEDIATE);
  struct statement_reset {
    connection& db;
    ~statement_reset() { db.reset_statements(); }
  };
  bool commit = false;
  {
    statement_reset reset_before_end{*writer_};
    session current(*writer_);
    commit = use_case(current);
  }
  if (commit) transaction.commit();
  // Otherwise the transaction's destructor rolls back.
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
  SQLite::Transaction snapshot(reader->handle(), SQLite::TransactionBehavior::DEFERRED);
  struct statement_reset {
    connection& db;
    ~statement_reset() { db.reset_statements(); }
  } reset_before_end{*reader};
  session current(*reader);
  query(current);
}

int database::schema_version() {
  std::lock_guard lock(writer_mutex_);
  return storage::schema_version(*writer_);
}

}  // namespace procura::storage
