#include "procura/storage/connection.hpp"

#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <charconv>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "gathered_wal.hpp"
#include "page_cache.hpp"
#include "procura/core/embedded_files.hpp"

namespace procura::storage {
namespace {

constexpr int busy_timeout_ms = 5000;

/// The VFS a connection opens through. SQLite's process-wide settings must be made before it
/// initialises, which registering a VFS or opening the first connection does.
const char* vfs_after_setup(connection::mode access) {
  use_bounded_page_cache_once();
  return access == connection::mode::read_write ? gathered_wal_vfs() : nullptr;
}

struct migration {
  int number = 0;
  std::string_view sql;
};

/// Migrations are embedded files named sql/NNNN_description.sql.
std::vector<migration> embedded_migrations() {
  std::vector<migration> found;
  for (const auto& file : embedded::files()) {
    if (!file.path.starts_with("sql/")) continue;
    const auto name = file.path.substr(4);
    int number = 0;
    const auto [end, status] = std::from_chars(name.data(), name.data() + name.size(), number);
    if (status != std::errc{} || end == name.data() || *end != '_')
      throw std::logic_error("migration file without a number: " + std::string(file.path));
    found.push_back({number, file.content});
  }
  for (std::size_t i = 0; i < found.size(); ++i)
    if (found[i].number != static_cast<int>(i) + 1)
      throw std::logic_error("migrations must be numbered 1, 2, 3, … without gaps");
  return found;
}

/// "disk I/O error" alone leaves an operator guessing: the failure names the file and, where
/// SQLite kept it, the system's reason for the call that failed (a full disk is the usual one:
/// the WAL index cannot grow).
std::runtime_error opening_failure(const std::string& path, const SQLite::Exception& failure, int system_error) {
  std::string message = "cannot open the database " + path + ": " + failure.what();
  if (system_error != 0) message += " (" + std::string(std::strerror(system_error)) + ")";
  switch (failure.getErrorCode()) {
    case SQLITE_IOERR:
    case SQLITE_FULL:
      message += "; check that the file system holding it has free space and is writable";
      break;
    case SQLITE_CANTOPEN:
      message += "; check that it and its directory exist and that this user may open them";
      break;
    case SQLITE_READONLY:
      message += "; check that it, its directory and its file system are writable by this user";
      break;
    default:
      break;
  }
  return std::runtime_error(message);
}

}  // namespace

connection::connection(const std::string& path, mode access) try
    : database_(path.c_str(), access == mode::read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE,
                busy_timeout_ms, vfs_after_setup(access)) {
  try {
    configure(path, access);
  } catch (const SQLite::Exception& failure) {
    throw opening_failure(path, failure, sqlite3_system_errno(database_.getHandle()));
  }
} catch (const SQLite::Exception& failure) {
  throw opening_failure(path, failure, 0);
}

void connection::configure(const std::string& path, mode access) {
  if (access == mode::read_write) {
    database_.exec("PRAGMA journal_mode=WAL");
    database_.exec("PRAGMA synchronous=FULL");
  }
  database_.exec("PRAGMA foreign_keys=ON");
  // SQLite's default page cache (2 MiB) is smaller than the hot B-tree pages of a national-size
  // database, so each miss was a pread: the writer keeps 32 MiB, each reader 8 MiB (bounded
  // memory: the server holds one writer and --threads + 4 readers; docs/performance.md).
  database_.exec(access == mode::read_write ? "PRAGMA cache_size=-32768" : "PRAGMA cache_size=-8192");
  // Each use case runs in a savepoint whose journal of original pages passed SQLite's 64 KiB
  // spill size for a bid (~30 pages), so every bid created, wrote and unlinked a temporary file
  // in /var/tmp (docs/performance.md, round 4). Statement journals and temporary tables live
  // only for one transaction or query: memory is the right place for them.
  database_.exec("PRAGMA temp_store=MEMORY");
  // A reader must see a committed state, never wait for the writer: WAL gives that.
  const std::string journal = database_.execAndGet("PRAGMA journal_mode").getString();
  if (access == mode::read_write && journal != "wal")
    throw std::runtime_error("could not enable WAL on " + path + " (journal mode is " + journal + ")");
}

SQLite::Statement& connection::prepare(const std::string& sql) {
  auto found = statements_.find(sql);
  if (found == statements_.end())
    found = statements_.emplace(sql, std::make_unique<SQLite::Statement>(database_, sql)).first;
  auto& statement = *found->second;
  // tryReset: a reset reports the error of the statement's last step, which was reported then;
  // a COMMIT refused once must not refuse every later one.
  statement.tryReset();
  statement.clearBindings();
  return statement;
}

void connection::reset_statements() {
  for (auto& [sql, statement] : statements_) statement->tryReset();  // never throws (see prepare)
}

int schema_version(connection& db) { return db.handle().execAndGet("PRAGMA user_version").getInt(); }

int latest_schema_version() { return static_cast<int>(embedded_migrations().size()); }

int migrate(connection& db, int up_to) {
  int version = schema_version(db);
  for (const auto& step : embedded_migrations()) {
    if (step.number <= version || step.number > up_to) continue;
    SQLite::Transaction transaction(db.handle(), SQLite::TransactionBehavior::IMMEDIATE);
    // Re-read inside the write lock: another process may have migrated meanwhile.
    if (schema_version(db) >= step.number) continue;
    db.handle().exec(std::string(step.sql));
    db.handle().exec("PRAGMA user_version = " + std::to_string(step.number));
    transaction.commit();
    version = step.number;
  }
  return schema_version(db);
}

}  // namespace procura::storage
