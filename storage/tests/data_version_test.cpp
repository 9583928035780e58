// The data version proves a cached response fresh (api/src/response_cache.hpp): equal numbers
// must mean that nothing was committed in between, by this process's writer or anyone else.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>

#include "../../tests/support/temporary_directory.hpp"
#include "procura/storage/database.hpp"

using namespace procura;

namespace {

/// Commits one row (a stored response: a table without foreign keys) as `account`.
void add_row(SQLite::Database& file, const std::string& account) {
  file.exec("INSERT INTO idempotency_keys (account_id, key, request_hash, status, location, created_at, body)"
            " VALUES ('" + account + "', 'k', 'h', 200, '', '2026-01-01T00:00:00Z', '{}')");
}

}  // namespace

TEST_CASE("the data version holds while nothing is committed and moves with every commit, whoever makes it",
          "[storage]") {
  testing::temporary_directory directory;
  const auto path = directory.file("version.db");
  storage::database database(path);
  const auto idle = database.data_version();
  CHECK(idle >= 0);
  CHECK(database.data_version() == idle);

  database.write([](storage::session& current) {
    add_row(current.raw().handle(), "acc_WRITER");
    return true;
  });
  const auto after_writer = database.data_version();
  CHECK(after_writer != idle);
  CHECK(database.data_version() == after_writer);

  SQLite::Database other(path, SQLite::OPEN_READWRITE);  // another connection, as the CLI would be
  other.setBusyTimeout(5000);
  add_row(other, "acc_OTHER");
  const auto after_other = database.data_version();
  CHECK(after_other != after_writer);

  // A checkpoint that empties the WAL changes no data; the commits after it still move the number.
  other.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  const auto after_checkpoint = database.data_version();
  add_row(other, "acc_AFTER_CHECKPOINT");
  CHECK(database.data_version() != after_checkpoint);
  CHECK(database.data_version() != after_other);
}
