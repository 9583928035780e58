#include <catch2/catch.hpp>

#include "../../tests/support/temporary_directory.hpp"
#include "procura/storage/database.hpp"

using namespace procura;

namespace {

void append_entries(storage::database& database, int count) {
  database.write([&](storage::session& current) {
    for (int i = 0; i < count; ++i)
      current.audit().append({"acc_test", "test.change", "thing", "thing_" + std::to_string(i),
                              R"({"n":)" + std::to_string(i) + "}", std::nullopt},
                             *parse_rfc3339("2026-11-23T08:00:00Z"));
    return true;
  });
}

audit::verification verify(storage::database& database) {
  audit::verification outcome;
  database.read([&](storage::session& current) { outcome = audit::verify_chain(current.audit()); });
  return outcome;
}

}  // namespace

TEST_CASE("an untouched audit chain verifies across several pages", "[storage][audit]") {
  testing::temporary_directory directory;
  storage::database database(directory.file("audit.db"));
  append_entries(database, 2500);
  const auto outcome = verify(database);
  CHECK(outcome.intact);
  CHECK(outcome.entries_checked == 2500);
}

TEST_CASE("editing one audit row with plain SQL is detected at exactly that entry", "[storage][audit]") {
  testing::temporary_directory directory;
  const auto path = directory.file("tampered.db");
  {
    storage::database database(path);
    append_entries(database, 10);
  }
  SECTION("a changed state") {
    storage::connection raw(path, storage::connection::mode::read_write);
    raw.handle().exec(R"(UPDATE audit_log SET state = '{"n":99}' WHERE sequence = 7)");
  }
  SECTION("a changed actor with a recomputed state hash") {
    storage::connection raw(path, storage::connection::mode::read_write);
    raw.handle().exec("UPDATE audit_log SET actor = 'acc_forged' WHERE sequence = 7");
  }
  SECTION("a deleted entry") {
    storage::connection raw(path, storage::connection::mode::read_write);
    raw.handle().exec("DELETE FROM audit_log WHERE sequence = 7");
  }
  storage::database database(path);
  const auto outcome = verify(database);
  CHECK_FALSE(outcome.intact);
  CHECK(outcome.first_broken_sequence == 7);
  CHECK(outcome.entries_checked == 6);
}

TEST_CASE("a write that returns false leaves nothing behind", "[storage]") {
  testing::temporary_directory directory;
  storage::database database(directory.file("rollback.db"));
  database.write([](storage::session& current) {
    current.audit().append({"a", "b", "c", "d", "{}", std::nullopt}, *parse_rfc3339("2026-11-23T08:00:00Z"));
    return false;
  });
  std::int64_t length = -1;
  database.read([&](storage::session& current) { length = current.audit().length(); });
  CHECK(length == 0);
}

TEST_CASE("a write that throws rolls back and the database stays usable", "[storage]") {
  testing::temporary_directory directory;
  storage::database database(directory.file("throw.db"));
  CHECK_THROWS(database.write([](storage::session& current) -> bool {
    current.audit().append({"a", "b", "c", "d", "{}", std::nullopt}, *parse_rfc3339("2026-11-23T08:00:00Z"));
    throw std::runtime_error("disk on fire");
  }));
  append_entries(database, 1);
  std::int64_t length = -1;
  database.read([&](storage::session& current) { length = current.audit().length(); });
  CHECK(length == 1);
}
