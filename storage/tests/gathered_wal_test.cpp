#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>
#include <sys/resource.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "../../tests/support/temporary_directory.hpp"
#include "procura/storage/connection.hpp"

using namespace procura;

namespace {

/// Rows of the test table and the bytes of their bodies.
using rows_and_bytes = std::pair<std::int64_t, std::int64_t>;

/// A writer as the server's: the gathering VFS, commits that do not sync (the syncer does), and
/// no automatic checkpoint, so every committed page is read back from the WAL.
struct writer {
  storage::connection connection;
  explicit writer(const std::string& path) : connection(path, storage::connection::mode::read_write) {
    exec("PRAGMA synchronous=NORMAL");
    exec("PRAGMA wal_autocheckpoint=0");
    exec("CREATE TABLE IF NOT EXISTS row (id INTEGER PRIMARY KEY, body BLOB NOT NULL)");
  }
  void exec(const std::string& sql) { connection.handle().exec(sql); }
  void insert(int first, int count, int bytes) {
    auto& statement = connection.prepare("INSERT INTO row (id, body) VALUES (?, zeroblob(?))");
    for (int id = first; id < first + count; ++id) {
      statement.reset();
      statement.bind(1, id);
      statement.bind(2, bytes);
      statement.exec();
    }
  }
};

/// What a reader on SQLite's own VFS (as the server's readers are) sees: rows and their bytes.
rows_and_bytes seen_by_reader(const std::string& path) {
  SQLite::Database reader(path, SQLite::OPEN_READONLY);
  SQLite::Statement query(reader, "SELECT count(*), coalesce(sum(length(body)), 0) FROM row");
  query.executeStep();
  return {query.getColumn(0).getInt64(), query.getColumn(1).getInt64()};
}

/// What SQLite recovers from the database file and its WAL alone, as after a crash: a copy of
/// both without the WAL index makes SQLite rebuild it from the frames whose checksums hold, so a
/// frame missing from the file, or one whose header was never rewritten, loses its transaction.
rows_and_bytes recovered_from_files(const std::string& path) {
  static int copies = 0;
  const auto directory = std::filesystem::path(path).parent_path() / ("recovered-" + std::to_string(++copies));
  std::filesystem::create_directory(directory);
  const auto copy = (directory / "copy.db").string();
  std::filesystem::copy_file(path, copy);
  if (std::filesystem::exists(path + "-wal")) std::filesystem::copy_file(path + "-wal", copy + "-wal");
  {
    SQLite::Database recovered(copy, SQLite::OPEN_READONLY);
    CHECK(recovered.execAndGet("PRAGMA integrity_check").getString() == "ok");
  }
  return seen_by_reader(copy);
}

std::string integrity(const std::string& path) {
  SQLite::Database reader(path, SQLite::OPEN_READONLY);
  return reader.execAndGet("PRAGMA integrity_check").getString();
}

/// `expected` is what a reader sees now, the database is intact, and recovery from the files
/// alone finds the same.
void check_kept(const std::string& path, const rows_and_bytes& expected) {
  CHECK(seen_by_reader(path) == expected);
  CHECK(integrity(path) == "ok");
  CHECK(recovered_from_files(path) == expected);
}

/// Write system calls this process has made so far (Linux task I/O accounting).
std::int64_t write_calls() {
  std::ifstream io("/proc/self/io");
  std::string key;
  std::int64_t value = 0;
  while (io >> key >> value)
    if (key == "syscw:") return value;
  return -1;
}

/// Lowers this process's file size limit for its lifetime, so that a write past `bytes` fails
/// with EFBIG (SQLite's "disk I/O error"; SIGXFSZ ignored meanwhile).
class file_size_limit {
 public:
  explicit file_size_limit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &previous_);
    previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit lowered = previous_;
    lowered.rlim_cur = bytes;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &lowered) == 0);
  }
  ~file_size_limit() {
    setrlimit(RLIMIT_FSIZE, &previous_);
    std::signal(SIGXFSZ, previous_handler_);
  }
  file_size_limit(const file_size_limit&) = delete;
  file_size_limit& operator=(const file_size_limit&) = delete;

 private:
  rlimit previous_{};
  void (*previous_handler_)(int) = nullptr;
};

}  // namespace

TEST_CASE("every commit's frames are in the WAL file when COMMIT returns, written in a few calls",
          "[storage][gathered-wal]") {
  testing::temporary_directory directory;
  const auto path = directory.file("gathered.db");
  writer database(path);
  REQUIRE(write_calls() >= 0);
  for (int commit = 0; commit < 30; ++commit) {
    const auto calls_before = write_calls();
    database.exec("BEGIN IMMEDIATE");
    database.insert(commit * 40, 40, 3000);  // ~40 pages: 80 writes if each frame were two
    database.exec("COMMIT");
    const auto calls = write_calls() - calls_before;
    // The reader reads these pages from the WAL through its own descriptor: a frame still in
    // the writer's buffer would read as missing or stale.
    CHECK(seen_by_reader(path) == rows_and_bytes{(commit + 1) * 40, (commit + 1) * 40 * 3000});
    CHECK(calls <= 6);
  }
  CHECK(integrity(path) == "ok");
  CHECK(recovered_from_files(path) == rows_and_bytes{30 * 40, 30 * 40 * 3000});
}

TEST_CASE("a commit of a single frame is in the file when COMMIT returns, and stays after an empty transaction",
          "[storage][gathered-wal]") {
  testing::temporary_directory directory;
  const auto path = directory.file("single.db");
  writer database(path);
  database.exec("BEGIN IMMEDIATE");
  database.insert(0, 10, 3000);  // one row a page
  database.exec("COMMIT");
  // One leaf page changes: the transaction appends one frame, its commit frame, and that frame
  // is the first write of the transaction.
  database.exec("UPDATE row SET body = zeroblob(2900) WHERE id = 5");
  const rows_and_bytes committed{10, 9 * 3000 + 2900};
  CHECK(seen_by_reader(path) == committed);
  // A write transaction that writes nothing ends, releasing the write lock again.
  database.exec("BEGIN IMMEDIATE");
  database.exec("COMMIT");
  check_kept(path, committed);
}

TEST_CASE("a transaction larger than the buffer, spilling pages and rolling a savepoint back, commits whole",
          "[storage][gathered-wal]") {
  testing::temporary_directory directory;
  const auto path = directory.file("large.db");
  writer database(path);
  // A small page cache makes SQLite write pages into the WAL before COMMIT, and the updates
  // change pages it already wrote there, which SQLite then rewrites in place (the test does not
  // observe that it did: the recovery check below is what would fail if a rewrite were lost).
  database.exec("PRAGMA cache_size=20");
  database.exec("BEGIN IMMEDIATE");
  database.insert(0, 800, 3000);  // ~2.4 MB, more than the 1 MiB buffer
  database.exec("SAVEPOINT partial");
  database.insert(800, 300, 3000);
  database.exec("UPDATE row SET body = zeroblob(2500) WHERE id % 7 = 0");
  database.exec("ROLLBACK TO partial");
  database.exec("RELEASE partial");
  database.exec("UPDATE row SET body = zeroblob(1000) WHERE id % 5 = 0");
  database.exec("COMMIT");
  const rows_and_bytes committed{800, 640 * 3000 + 160 * 1000};
  // Pages written again after they spilled were rewritten in place, and SQLite rewrote the
  // checksums of every frame from the first of them, the commit frame's header last.
  check_kept(path, committed);
}

TEST_CASE("a transaction that spills and changes spilled pages again commits whole, its last frames gathered",
          "[storage][gathered-wal]") {
  testing::temporary_directory directory;
  const auto path = directory.file("rewritten.db");
  writer database(path);
  database.exec("PRAGMA cache_size=20");
  database.exec("BEGIN IMMEDIATE");
  database.insert(0, 300, 3000);  // spills
  // Pages already in the WAL change again: SQLite rewrites their frames in place and, at
  // commit, the checksums of every frame from the first of them, after appending the last
  // frames (gathered, no savepoint undone in between) with the commit frame.
  database.exec("UPDATE row SET body = zeroblob(2000) WHERE id % 5 = 0");
  database.insert(300, 60, 3000);
  database.exec("COMMIT");
  const rows_and_bytes committed{360, 240 * 3000 + 60 * 2000 + 60 * 3000};
  check_kept(path, committed);
}

TEST_CASE("a transaction rolled back after it spilled leaves nothing behind to overwrite another writer's frames",
          "[storage][gathered-wal]") {
  testing::temporary_directory directory;
  const auto path = directory.file("rolled-back.db");
  writer first(path);
  writer second(path);
  first.exec("PRAGMA cache_size=20");
  // An empty WAL: rolling back then rereads nothing from it, so nothing there makes the rolled
  // back frames be written on the way.
  first.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  first.exec("BEGIN IMMEDIATE");
  first.insert(0, 200, 3000);  // ~600 KB, spilled: less than the buffer holds
  first.exec("ROLLBACK");
  // The second writer's frames go where the rolled-back ones would have gone.
  second.exec("BEGIN IMMEDIATE");
  second.insert(10000, 30, 2000);
  second.exec("COMMIT");
  first.exec("BEGIN IMMEDIATE");
  first.insert(20000, 1, 1000);
  first.exec("COMMIT");
  const rows_and_bytes committed{31, 30 * 2000 + 1000};
  check_kept(path, committed);
}

TEST_CASE("a write the file system refuses fails the COMMIT, publishes nothing, and the next commit works",
          "[storage][gathered-wal]") {
  testing::temporary_directory directory;
  const auto path = directory.file("refused.db");
  writer database(path);
  database.exec("BEGIN IMMEDIATE");
  database.insert(0, 10, 3000);
  database.exec("COMMIT");
  const auto wal_size = std::filesystem::file_size(path + "-wal");
  const auto database_size = std::filesystem::file_size(path);
  {
    // Room for a few frames, not for the ~50 this commit writes in one buffer.
    file_size_limit limit(std::max(wal_size, database_size) + 3 * 4120);
    database.exec("BEGIN IMMEDIATE");
    database.insert(10, 50, 3000);
    CHECK_THROWS(database.exec("COMMIT"));
    // SQLite may keep the transaction open after a failed COMMIT; the server rolls it back.
    if (sqlite3_get_autocommit(database.connection.handle().getHandle()) == 0)
      database.exec("ROLLBACK");
  }
  CHECK(seen_by_reader(path) == rows_and_bytes{10, 10 * 3000});
  database.exec("BEGIN IMMEDIATE");
  database.insert(10, 5, 3000);
  database.exec("COMMIT");
  check_kept(path, rows_and_bytes{15, 15 * 3000});
}

TEST_CASE("a write refused in the middle of a transaction that spills leaves nothing of it",
          "[storage][gathered-wal]") {
  testing::temporary_directory directory;
  const auto path = directory.file("refused-spill.db");
  writer database(path);
  database.exec("BEGIN IMMEDIATE");
  database.insert(0, 10, 3000);
  database.exec("COMMIT");
  database.exec("PRAGMA cache_size=20");
  {
    file_size_limit limit(std::max(std::filesystem::file_size(path + "-wal"), std::filesystem::file_size(path)) +
                          600 * 1024);
    bool refused = false;
    try {
      database.exec("BEGIN IMMEDIATE");
      database.insert(10, 600, 3000);  // ~1.8 MB: spills, and the spills outgrow the limit
      database.exec("UPDATE row SET body = zeroblob(10) WHERE id % 3 = 0");
      database.exec("COMMIT");
    } catch (const SQLite::Exception&) {
      refused = true;
    }
    CHECK(refused);
    if (sqlite3_get_autocommit(database.connection.handle().getHandle()) == 0)
      database.exec("ROLLBACK");
  }
  const rows_and_bytes before{10, 10 * 3000};
  check_kept(path, before);
  database.exec("BEGIN IMMEDIATE");
  database.insert(10, 5, 3000);
  database.exec("COMMIT");
  check_kept(path, rows_and_bytes{15, 15 * 3000});
}
