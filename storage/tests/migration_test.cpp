#include <catch2/catch.hpp>

#include "../../tests/support/temporary_directory.hpp"
#include "procura/storage/connection.hpp"
#include "procura/storage/database.hpp"

using namespace procura;

TEST_CASE("a new database is migrated to the latest schema with WAL and foreign keys on", "[storage]") {
  testing::temporary_directory directory;
  storage::database database(directory.file("fresh.db"));
  CHECK(database.schema_version() == storage::latest_schema_version());
  CHECK(storage::latest_schema_version() >= 2);
  storage::connection check(directory.file("fresh.db"), storage::connection::mode::read_write);
  CHECK(check.handle().execAndGet("PRAGMA journal_mode").getString() == "wal");
  CHECK(check.handle().execAndGet("PRAGMA foreign_keys").getInt() == 1);
  CHECK(check.handle().execAndGet("PRAGMA synchronous").getInt() == 2);  // FULL
}

TEST_CASE("a database built by migration 1 only is upgraded in place, keeping its data", "[storage]") {
  testing::temporary_directory directory;
  const auto path = directory.file("old.db");
  {
    storage::connection old(path, storage::connection::mode::read_write);
    REQUIRE(storage::migrate(old, 1) == 1);
    old.handle().exec(
        "INSERT INTO organizations (id, kind, name, credit_code, region, created_at) VALUES "
        "('org_OLD', 'purchaser', 'old office', '91350100M000100Y43', '350100', '2025-01-01T00:00:00Z')");
    CHECK_FALSE(old.handle().tableExists("calendar_days"));
  }
  storage::database upgraded(path);
  CHECK(upgraded.schema_version() == storage::latest_schema_version());
  upgraded.read([](storage::session& current) {
    const auto kept = current.organizations().find("org_OLD");
    REQUIRE(kept);
    CHECK(kept->name == "old office");
    CHECK(current.raw().handle().tableExists("calendar_days"));
  });
}

TEST_CASE("migrating twice changes nothing", "[storage]") {
  testing::temporary_directory directory;
  storage::connection db(directory.file("twice.db"), storage::connection::mode::read_write);
  const int first = storage::migrate(db);
  CHECK(storage::migrate(db) == first);
}
