#pragma once
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <map>
#include <memory>
#include <string>

namespace procura::storage {

/// One SQLite connection and its prepared statements, keyed by SQL text: a statement is
/// prepared once per connection and reset before each use. Not thread-safe: one thread uses a
/// connection at a time (the database hands them out).
class connection {
 public:
  enum class mode { read_write, read_only };

  /// Opens `path` with WAL, foreign keys, a busy timeout and synchronous=FULL (the one place
  /// a connection is opened: the server, the CLI and the tests all come through here). A
  /// failure to open is a std::runtime_error that names the file and, where SQLite kept it,
  /// the system's reason.
  connection(const std::string& path, mode access);

  SQLite::Database& handle() { return database_; }

  /// The cached statement for `sql`, reset and with its bindings cleared.
  SQLite::Statement& prepare(const std::string& sql);

  /// Resets every cached statement, so that none keeps a read snapshot open after the
  /// transaction that used it ends (a stepped SELECT holds its snapshot until reset).
  void reset_statements();

 private:
  void configure(const std::string& path, mode access);

  SQLite::Database database_;
  std::map<std::string, std::unique_ptr<SQLite::Statement>, std::less<>> statements_;
};

/// The schema version a database is at (`PRAGMA user_version`).
int schema_version(connection& db);

/// The highest migration number compiled into this binary.
int latest_schema_version();

/// Applies every numbered migration in schemas/sql/ above the database's version, each in its
/// own IMMEDIATE transaction together with the new `user_version`. `up_to` stops early (tests
/// build old databases with it). Returns the version reached.
int migrate(connection& db, int up_to = 1 << 30);

}  // namespace procura::storage
