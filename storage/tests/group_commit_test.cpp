#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "../../tests/support/temporary_directory.hpp"
#include "procura/storage/database.hpp"

using namespace procura;

namespace {

const timestamp at = *parse_rfc3339("2026-11-23T08:00:00Z");

audit::record change(int writer, int n) {
  return {"acc_" + std::to_string(writer), "test.change", "thing", std::to_string(writer) + "/" + std::to_string(n),
          "{}", std::nullopt};
}

std::int64_t chain_length(storage::database& database) {
  std::int64_t length = -1;
  database.read([&](storage::session& current) { length = current.audit().length(); });
  return length;
}

}  // namespace

TEST_CASE("concurrent writers each keep their change and the audit chain stays one intact chain",
          "[storage][group-commit]") {
  testing::temporary_directory directory;
  storage::database database(directory.file("group.db"));
  constexpr int writers = 8;
  constexpr int writes_each = 40;
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w)
    threads.emplace_back([&, w] {
      for (int n = 0; n < writes_each; ++n)
        database.write([&](storage::session& current) {
          current.audit().append(change(w, n), at);
          return true;
        });
    });
  for (auto& thread : threads) thread.join();
  CHECK(chain_length(database) == writers * writes_each);
  audit::verification outcome;
  database.read([&](storage::session& current) { outcome = audit::verify_chain(current.audit()); });
  CHECK(outcome.intact);
}

TEST_CASE("in a group of concurrent writes, one that fails or declines undoes only its own change",
          "[storage][group-commit]") {
  testing::temporary_directory directory;
  storage::database database(directory.file("mixed.db"));
  constexpr int writers = 6;
  constexpr int writes_each = 30;
  std::atomic<int> thrown{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w)
    threads.emplace_back([&, w] {
      for (int n = 0; n < writes_each; ++n) {
        const int kind = (w + n) % 3;  // 0 keeps, 1 declines, 2 throws after writing
        try {
          database.write([&](storage::session& current) {
            current.audit().append(change(w, n), at);
            if (kind == 2) throw std::runtime_error("refused");
            return kind == 0;
          });
        } catch (const std::runtime_error&) {
          ++thrown;
        }
      }
    });
  for (auto& thread : threads) thread.join();
  CHECK(thrown == writers * writes_each / 3);
  CHECK(chain_length(database) == writers * writes_each / 3);
  audit::verification outcome;
  database.read([&](storage::session& current) { outcome = audit::verify_chain(current.audit()); });
  CHECK(outcome.intact);
}

TEST_CASE("a bulk load keeps every write and commits the tail when it finishes", "[storage][group-commit]") {
  testing::temporary_directory directory;
  const auto path = directory.file("bulk.db");
  {
    storage::database database(path);
    storage::database::bulk_load bulk(database, 7);
    for (int n = 0; n < 50; ++n)
      database.write([&](storage::session& current) {
        current.audit().append(change(0, n), at);
        return n % 10 != 9;  // every tenth declines
      });
    bulk.finish();
    CHECK(database.schema_version() == storage::latest_schema_version());
  }
  storage::database reopened(path);
  CHECK(chain_length(reopened) == 45);
}

TEST_CASE("committed writes reach the database file without a close: the checkpointer folds the WAL back",
          "[storage]") {
  testing::temporary_directory directory;
  const auto path = directory.file("checkpointed.db");
  storage::database database(path);
  const auto now = *parse_rfc3339("2026-11-24T08:00:00Z");
  database.write([&](storage::session& current) {
    current.organizations().insert({"org_CKPT", procurement::organization_kind::supplier, "社工服务社", "code-ckpt",
                                    "310000", now});
    return true;
  });
  // `immutable=1` reads the main file alone, ignoring the WAL: the row is there only once a
  // checkpoint has copied it. One small write never reaches SQLite's own 1,000-page
  // autocheckpoint, and the writer's is off: only the checkpoint thread can put it there.
  const auto rows_in_main_file = [&] {
    try {
      SQLite::Database main_file("file:" + path + "?immutable=1", SQLite::OPEN_READONLY | SQLite::OPEN_URI);
      return main_file.execAndGet("SELECT count(*) FROM organizations WHERE id = 'org_CKPT'").getInt();
    } catch (const SQLite::Exception&) {  // the schema itself may still be in the WAL only
      return 0;
    }
  };
  int found = 0;
  for (int attempt = 0; attempt < 100 && found == 0; ++attempt) {
    found = rows_in_main_file();
    if (found == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(found == 1);
}
