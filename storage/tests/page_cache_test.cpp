#include <catch2/catch.hpp>

#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <cstdint>
#include <string>

#include "../../tests/support/temporary_directory.hpp"
#include "page_cache.hpp"
#include "procura/storage/connection.hpp"

using namespace procura;

namespace {

/// The page after SQLite's lock byte at 1 GiB, where a page split parks a page for a moment.
constexpr unsigned page_after_lock_byte = 262'145;

/// Bytes of the connection's page cache, which SQLite counts as its pages times their size.
std::int64_t cache_bytes(storage::connection& db) {
  int current = 0;
  int highest = 0;
  REQUIRE(sqlite3_db_status(db.handle().getHandle(), SQLITE_DBSTATUS_CACHE_USED, &current, &highest, 0) == SQLITE_OK);
  return current;
}

void insert_rows(storage::connection& db, int first, int count, int bytes) {
  auto& statement = db.prepare("INSERT INTO row (id, label, body) VALUES (?, hex(randomblob(12)), zeroblob(?))");
  for (int id = first; id < first + count; ++id) {
    statement.reset();
    statement.bind(1, id);
    statement.bind(2, bytes);
    statement.exec();
  }
}

}  // namespace

TEST_CASE("A page parked after the lock byte during a split does not count as a page the cache holds", "[storage][page-cache]") {
  storage::page_number_bound bound;
  for (unsigned page = 1; page <= 1000; ++page) bound.fetched(page);
  // balance_nonroot puts new pages in ascending order through a spare number: A to the spare,
  // B to A, the spare to B.
  CHECK(bound.renumbered(700, page_after_lock_byte));
  CHECK(bound.may_hold_from(1001));
  CHECK_FALSE(bound.renumbered(950, 700));
  CHECK_FALSE(bound.renumbered(page_after_lock_byte, 950));
  CHECK_FALSE(bound.may_hold_from(1001));
  CHECK(bound.may_hold_from(1000));
}

TEST_CASE("Pages past the database's end are reported until a truncation drops them", "[storage][page-cache]") {
  storage::page_number_bound bound;
  for (unsigned page = 1; page <= 1200; ++page) bound.fetched(page);
  // A savepoint that made pages 1001-1200 was rolled back: the database ends at 1000 again.
  CHECK(bound.may_hold_from(1001));
  bound.truncated(1001);
  CHECK_FALSE(bound.may_hold_from(1001));

  // A page renumbered past the end stays counted until it is renumbered back or dropped.
  CHECK(bound.renumbered(3, 5000));
  CHECK(bound.may_hold_from(1001));
  CHECK(bound.may_hold_from(5000));
  CHECK_FALSE(bound.may_hold_from(5001));
  bound.truncated(1001);
  CHECK_FALSE(bound.may_hold_from(1001));

  // More pages parked past the end than the bound has slots for still count, all of them.
  for (unsigned page = 0; page < 6; ++page) CHECK(bound.renumbered(10 + page, 7000 + page));
  CHECK(bound.may_hold_from(7005));
  CHECK_FALSE(bound.may_hold_from(7006));
  bound.truncated(1001);
  CHECK_FALSE(bound.may_hold_from(1001));

  // Clearing a cache truncates from page 1: nothing is left.
  bound.fetched(40);
  bound.truncated(1);
  CHECK_FALSE(bound.may_hold_from(1));
}

TEST_CASE("Commits that split pages of a file under 1 GiB skip the truncation, and a rolled-back savepoint's pages are still dropped",
          "[storage][page-cache]") {
  testing::temporary_directory directory;
  const auto path = directory.file("cache.db");
  storage::connection db(path, storage::connection::mode::read_write);
  REQUIRE(storage::use_bounded_page_cache_once());
  db.handle().exec("CREATE TABLE row (id INTEGER PRIMARY KEY, label TEXT NOT NULL, body BLOB NOT NULL)");
  db.handle().exec("CREATE INDEX row_by_label ON row (label)");

  // Random labels split the index's pages on most commits, as a bid's random ids do.
  const auto before_splits = storage::page_cache_truncation_counts();
  constexpr int commits = 40;
  for (int commit = 0; commit < commits; ++commit) {
    db.handle().exec("BEGIN IMMEDIATE");
    insert_rows(db, commit * 200, 200, 100);
    db.handle().exec("COMMIT");
  }
  const auto after_splits = storage::page_cache_truncation_counts();
  // The splits did park pages past the end, and the commits after them still skipped.
  CHECK(after_splits.parked_past_end - before_splits.parked_past_end >= commits / 2);
  CHECK(after_splits.skipped - before_splits.skipped >= commits);
  CHECK(after_splits.passed_on == before_splits.passed_on);

  // A savepoint that grew the file by ~200 pages is rolled back: the commit's truncation must
  // reach SQLite's cache and drop those pages, or they would stay cached past the file's end.
  const auto bytes_before = cache_bytes(db);
  db.handle().exec("BEGIN IMMEDIATE");
  db.handle().exec("SAVEPOINT grown");
  insert_rows(db, 100'000, 200, 3000);
  CHECK(cache_bytes(db) > bytes_before + 150 * 4096);
  db.handle().exec("ROLLBACK TO grown");
  db.handle().exec("RELEASE grown");
  insert_rows(db, 200'000, 10, 100);
  db.handle().exec("COMMIT");
  CHECK(storage::page_cache_truncation_counts().passed_on > after_splits.passed_on);
  CHECK(cache_bytes(db) < bytes_before + 50 * 4096);

  // The numbers of the dropped pages are used again, and everything reads back whole.
  insert_rows(db, 300'000, 200, 3000);
  CHECK(db.handle().execAndGet("PRAGMA integrity_check").getString() == "ok");
  CHECK(db.handle().execAndGet("SELECT count(*) FROM row").getInt64() == commits * 200 + 10 + 200);
}
