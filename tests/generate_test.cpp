// `procura generate` at a tiny size: the counts asked for, every tender state, an intact audit
// chain and data that the database's own checks accept. No timing is asserted here: speed is
// measured by bench/run.sh.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>

#include <set>
#include <sstream>

#include "support/server_process.hpp"
#include "support/temporary_directory.hpp"

using namespace procura::testing;

namespace {

std::int64_t count_of(SQLite::Database& db, const std::string& sql) { return db.execAndGet(sql).getInt64(); }

std::size_t lines_in(const std::string& path) {
  std::istringstream text(read_file(path));
  std::size_t lines = 0;
  for (std::string line; std::getline(text, line);)
    if (!line.empty()) ++lines;
  return lines;
}

}  // namespace

TEST_CASE("generate fills a database with valid data in every state, audited, and refuses to run twice",
          "[cli][generate]") {
  temporary_directory directory;
  const auto db = directory.file("g.db");
  REQUIRE(run_procura({"init", "--db", db, "--token-file", directory.file("t")}).exit_status == 0);
  const auto made = run_procura({"generate", "--db", db, "--tenders", "80", "--bids-per-tender", "4", "--contracts", "3",
                                 "--bench-suppliers", "3", "--bench-out", directory.file("bench"), "--quiet",
                                 "--writes-per-commit", "50"});
  INFO(made.output);
  REQUIRE(made.exit_status == 0);
  CHECK(made.output.find("generated 80 tenders") != std::string::npos);

  const auto verified = run_procura({"verify-audit", "--db", db});
  INFO(verified.output);
  CHECK(verified.exit_status == 0);
  CHECK(verified.output.find("intact") != std::string::npos);

  {
    SQLite::Database sql(db, SQLite::OPEN_READONLY);
    CHECK(count_of(sql, "SELECT count(*) FROM tenders") == 80);
    CHECK(count_of(sql, "SELECT count(*) FROM contracts WHERE state = 'active'") == 3);
    CHECK(count_of(sql, "SELECT count(*) FROM service_reports") == 9);
    CHECK(count_of(sql, "SELECT count(*) FROM evaluations") == 3);
    CHECK(count_of(sql, "SELECT count(*) FROM bids") > 150);
    // Bids only on tenders that were published; none on drafts.
    CHECK(count_of(sql, "SELECT count(*) FROM bids b JOIN tenders t ON t.id = b.tender_id WHERE t.state = 'draft'") == 0);
    std::set<std::string> states;
    SQLite::Statement query(sql, "SELECT DISTINCT state FROM tenders");
    while (query.executeStep()) states.insert(query.getColumn(0).getString());
    for (const char* state : {"draft", "published", "cancelled", "failed", "opened", "evaluated", "awarded", "contracted"})
      CHECK(states.count(state) == 1);
    CHECK(sql.execAndGet("PRAGMA integrity_check").getString() == "ok");
    SQLite::Statement foreign_keys(sql, "PRAGMA foreign_key_check");
    CHECK_FALSE(foreign_keys.executeStep());
  }
  CHECK(lines_in(directory.file("bench") + "/supplier_tokens.txt") == 3);
  CHECK(lines_in(directory.file("bench") + "/open_tenders.txt") == 8);

  const auto again = run_procura({"generate", "--db", db, "--tenders", "80", "--quiet"});
  CHECK(again.exit_status != 0);
  CHECK(again.output.find("already holds generated data") != std::string::npos);
}
