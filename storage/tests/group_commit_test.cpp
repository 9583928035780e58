#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
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

/// A use case that appends writer 0's change number `n` and keeps it.
std::function<bool(storage::session&)> appending(int n) {
  return [n](storage::session& current) {
    current.audit().append(change(0, n), at);
    return true;
  };
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

namespace {

/// A change that COMMIT refuses: with foreign keys deferred, an amendment of a tender that does
/// not exist passes its own statement and fails only when the transaction commits.
bool orphan_amendment(storage::session& current) {
  current.raw().handle().exec("PRAGMA defer_foreign_keys=ON");
  current.raw().handle().exec(
      "INSERT INTO tender_amendments VALUES ('tnd_MISSING', 1, 'deadline', '2026-11-24T08:00:00Z', 'r', 0, "
      "'2026-12-01T08:00:00Z', '2026-12-08T08:00:00Z')");
  return true;
}

/// What `when_durable` reported, once it has.
struct durable_report {
  std::mutex mutex;
  std::optional<bool> durable;
  void record(bool value) {
    std::lock_guard lock(mutex);
    durable = value;
  }
  std::optional<bool> read() {
    std::lock_guard lock(mutex);
    return durable;
  }
  /// The report, waiting a bounded time for it: callbacks run on the syncer thread, after a
  /// blocked writer may already have woken.
  std::optional<bool> await() {
    for (int attempt = 0; attempt < 200 && !read(); ++attempt) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return read();
  }
};

}  // namespace

TEST_CASE("a deferred write is reported durable only after its transaction commits, never before",
          "[storage][group-commit]") {
  testing::temporary_directory directory;
  storage::database database(directory.file("deferred.db"));
  // A bulk load holds the transaction open until commit_now: the window between running a use
  // case and its commit, which the committer otherwise closes within a millisecond.
  storage::database::bulk_load bulk(database, 1000);
  const auto ticket = database.execute([&](storage::session& current) {
    current.audit().append(change(0, 0), at);
    return true;
  });
  CHECK(ticket > database.last_committed());
  CHECK_FALSE(database.is_settled(ticket));
  durable_report report;
  database.when_durable(ticket, [&](bool durable) { report.record(durable); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(report.read().has_value());
  CHECK(chain_length(database) == 0);  // not committed: no reader sees it either

  bulk.commit_now();
  CHECK(database.is_settled(ticket));
  CHECK(database.last_committed() >= ticket);
  REQUIRE(report.await().has_value());
  CHECK(*report.read());
  CHECK(chain_length(database) == 1);
  // Asked after the fact, it answers at once on the calling thread.
  bool answered = false;
  database.when_durable(ticket, [&](bool durable) { answered = durable; });
  CHECK(answered);
}

TEST_CASE("when a group's COMMIT fails, every write of the group is reported failed and nothing of it is kept",
          "[storage][group-commit]") {
  testing::temporary_directory directory;
  storage::database database(directory.file("refused.db"));
  durable_report first;
  durable_report second;
  {
    storage::database::bulk_load bulk(database, 1000);
    const auto innocent = database.execute([&](storage::session& current) {
      current.audit().append(change(0, 0), at);
      return true;
    });
    const auto guilty = database.execute(orphan_amendment);
    CHECK(innocent == guilty);  // one group
    database.when_durable(innocent, [&](bool durable) { first.record(durable); });
    database.when_durable(guilty, [&](bool durable) { second.record(durable); });
    CHECK_THROWS_AS(bulk.commit_now(), SQLite::Exception);
    bulk.finish();
  }
  REQUIRE(first.await().has_value());
  REQUIRE(second.await().has_value());
  CHECK_FALSE(*first.read());
  CHECK_FALSE(*second.read());
  CHECK(chain_length(database) == 0);

  // A refused COMMIT is the transaction's failure, not the disk's: the next write works, and a
  // blocking write that fails at COMMIT throws what refused it.
  CHECK_THROWS_AS(database.write(orphan_amendment), SQLite::Exception);
  database.write([&](storage::session& current) {
    current.audit().append(change(0, 1), at);
    return true;
  });
  CHECK(chain_length(database) == 1);
}

TEST_CASE("every ticket is reported once, durable, and only once it is settled, while writers keep the writer busy",
          "[storage][group-commit]") {
  testing::temporary_directory directory;
  storage::database database(directory.file("ordered.db"));
  constexpr int writers = 4;
  constexpr int writes_each = 50;
  std::atomic<int> durable_reports{0};
  std::atomic<int> early_reports{0};
  std::atomic<int> reported{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w)
    threads.emplace_back([&, w] {
      for (int n = 0; n < writes_each; ++n) {
        const auto ticket = database.execute([&](storage::session& current) {
          current.audit().append(change(w, n), at);
          return true;
        });
        database.when_durable(ticket, [&, ticket](bool durable) {
          if (durable) ++durable_reports;
          if (!database.is_settled(ticket) || database.last_committed() < ticket) ++early_reports;
          ++reported;
        });
      }
    });
  for (auto& thread : threads) thread.join();
  for (int attempt = 0; attempt < 1000 && reported < writers * writes_each; ++attempt)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(reported == writers * writes_each);
  CHECK(durable_reports == writers * writes_each);
  CHECK(early_reports == 0);
  CHECK(chain_length(database) == writers * writes_each);
}

TEST_CASE("under a steady stream of writes the WAL starts again from its beginning instead of growing",
          "[storage][group-commit]") {
  testing::temporary_directory directory;
  const auto path = directory.file("steady.db");
  storage::database database(path);
  database.set_wal_restart_pages_for_tests(256);  // 1 MiB
  // Writers that never pause: the checkpointer's own passes never reach the last frame, so only
  // the committer's finishing checkpoint lets the WAL restart.
  const std::string state(3000, 'x');
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int w = 0; w < 4; ++w)
    threads.emplace_back([&, w] {
      for (int n = 0; !stop; ++n)
        database.write([&](storage::session& current) {
          current.audit().append({"acc_" + std::to_string(w), "test.change", "thing", std::to_string(n), state,
                                  std::nullopt},
                                 at);
          return true;
        });
    });
  std::uintmax_t largest = 0;
  for (int tick = 0; tick < 30; ++tick) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    largest = std::max(largest, std::filesystem::file_size(path + "-wal"));
  }
  stop = true;
  for (auto& thread : threads) thread.join();
  const auto written = chain_length(database);
  INFO(written << " entries written, largest WAL " << largest << " bytes");
  CHECK(written > 2000);  // enough to have grown the WAL well past its bound otherwise
  CHECK(largest < 8u * 1024 * 1024);
}

TEST_CASE("a server's writes wait in one open transaction until it asks for their commit, then commit together",
          "[storage][group-commit]") {
  testing::temporary_directory directory;
  storage::database database(directory.file("asked.db"));
  // Longer than the test: only the request commits.
  database.commit_when_asked(std::chrono::hours(1));
  const auto first = database.execute(appending(0));
  const auto second = database.execute(appending(1));
  CHECK(first == second);
  durable_report report;
  database.when_durable(first, [&](bool durable) { report.record(durable); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(database.is_settled(first));
  CHECK_FALSE(report.read().has_value());
  CHECK(chain_length(database) == 0);

  database.request_commit(first);
  REQUIRE(report.await().has_value());
  CHECK(*report.read());
  CHECK(chain_length(database) == 2);
  // Asking again for a transaction already committed changes nothing and opens nothing.
  database.request_commit(first);
  const auto third = database.execute(appending(2));
  CHECK(third > first);
  CHECK_FALSE(database.is_settled(third));
  database.request_commit(third);
  REQUIRE(database.wait_durable(third));
  CHECK(chain_length(database) == 3);
}

TEST_CASE("a write nobody asks to commit is committed once it has waited the longest wait", "[storage][group-commit]") {
  testing::temporary_directory directory;
  storage::database database(directory.file("longest.db"));
  database.commit_when_asked(std::chrono::milliseconds(20));
  const auto ticket = database.execute([&](storage::session& current) {
    current.audit().append(change(0, 0), at);
    return true;
  });
  durable_report report;
  database.when_durable(ticket, [&](bool durable) { report.record(durable); });
  REQUIRE(report.await().has_value());
  CHECK(*report.read());
  CHECK(chain_length(database) == 1);
}

TEST_CASE("a caller blocked on its own write asks for the commit and is not held for the longest wait",
          "[storage][group-commit]") {
  testing::temporary_directory directory;
  storage::database database(directory.file("blocked.db"));
  // Long enough that a caller held for it fails the check below, short enough that the
  // failing test ends.
  database.commit_when_asked(std::chrono::seconds(20));
  auto written = std::async(std::launch::async, [&] {
    database.write([&](storage::session& current) {
      current.audit().append(change(0, 0), at);
      return true;
    });
  });
  REQUIRE(written.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  written.get();
  CHECK(chain_length(database) == 1);
}

TEST_CASE("a transaction commits while the one before it is still being synced, and both settle in order",
          "[storage][group-commit]") {
  testing::temporary_directory directory;
  // The first sync is held until the test lets it go; a COMMIT that waited for it could not
  // make the second transaction visible meanwhile. What the hook uses is declared before the
  // database, so that it outlives the syncer on every path out of the test.
  std::promise<void> first_sync_reached;
  std::promise<void> release_first_sync;
  auto released = release_first_sync.get_future().share();
  std::atomic<int> syncs{0};
  storage::database database(directory.file("pipelined.db"));
  // Destroyed before the database, whose destructor waits for the held sync.
  struct release_on_exit {
    std::promise<void>& release;
    bool done = false;
    ~release_on_exit() {
      if (!done) release.set_value();
    }
  } releaser{release_first_sync};
  database.set_before_sync_for_tests([&] {
    if (syncs++ == 0) {
      first_sync_reached.set_value();
      released.wait();
    }
  });
  database.commit_when_asked(std::chrono::hours(1));
  const auto first = database.execute(appending(0));
  durable_report first_report;
  database.when_durable(first, [&](bool durable) { first_report.record(durable); });
  database.request_commit(first);
  REQUIRE(first_sync_reached.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready);

  const auto second = database.execute(appending(1));
  CHECK(second > first);
  durable_report second_report;
  database.when_durable(second, [&](bool durable) { second_report.record(durable); });
  database.request_commit(second);
  for (int attempt = 0; attempt < 1000 && database.last_committed() < second; ++attempt)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(database.last_committed() == second);
  CHECK(chain_length(database) == 2);  // visible to readers: committed, not yet durable
  CHECK_FALSE(database.is_settled(first));
  CHECK_FALSE(first_report.read().has_value());
  CHECK_FALSE(second_report.read().has_value());

  release_first_sync.set_value();
  releaser.done = true;
  REQUIRE(second_report.await().has_value());
  CHECK(*second_report.read());
  REQUIRE(first_report.read().has_value());  // settled in order: the first before the second
  CHECK(*first_report.read());
  CHECK(database.is_settled(first));
  CHECK(database.is_settled(second));
}
