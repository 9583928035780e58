// The command line: each subcommand works, and fails clearly with a non-zero status on bad input.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <boost/json/parse.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temporary_directory.hpp"

using namespace procura::testing;

namespace {

/// A database in `directory`, initialised and loaded with the demo data; its path.
std::string demo_database(const temporary_directory& directory) {
  const auto db = directory.file("p.db");
  REQUIRE(run_procura({"init", "--db", db, "--token-file", directory.file("t")}).exit_status == 0);
  REQUIRE(run_procura({"load-demo", "--db", db}).exit_status == 0);
  return db;
}

}  // namespace

TEST_CASE("--help and --version answer and exit 0, --version naming the memory allocator", "[cli]") {
  const auto help = run_procura({"--help"});
  CHECK(help.exit_status == 0);
  for (const char* command : {"serve", "init", "migrate", "create-org", "issue-token", "revoke-token", "verify-audit",
                              "load-demo", "generate"})
    CHECK(help.output.find(command) != std::string::npos);
  const auto version = run_procura({"--version"});
  CHECK(version.exit_status == 0);
  CHECK(version.output.find("procura") != std::string::npos);
  // It names the allocator that serves the process's memory: a release build links mimalloc
  // (decision 61) and must say so only when mimalloc really serves malloc; a sanitizer build
  // keeps the system's allocator, which the sanitizer wraps.
#ifdef PROCURA_WITH_MIMALLOC
  CHECK(version.output.find("memory allocator: mimalloc 2.") != std::string::npos);
#else
  CHECK(version.output.find("memory allocator: system malloc (a sanitizer build)") != std::string::npos);
#endif
}

TEST_CASE("init writes an admin token readable by its owner only", "[cli]") {
  temporary_directory directory;
  const auto result = run_procura({"init", "--db", directory.file("p.db"), "--token-file", directory.file("t")});
  REQUIRE(result.exit_status == 0);
  struct stat info {};
  REQUIRE(::stat(directory.file("t").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  CHECK(read_file(directory.file("t")).starts_with("prc_"));
}

TEST_CASE("create-org, issue-token and revoke-token work and refuse bad input", "[cli]") {
  temporary_directory directory;
  const auto db = directory.file("p.db");
  REQUIRE(run_procura({"init", "--db", db, "--token-file", directory.file("t")}).exit_status == 0);

  const auto bad_code = run_procura({"create-org", "--db", db, "--kind", "purchaser", "--name", "x", "--code",
                                     "91350100M000100Y44", "--region", "350100"});
  CHECK(bad_code.exit_status != 0);
  CHECK(bad_code.output.find("/credit_code") != std::string::npos);

  const auto created = run_procura({"create-org", "--db", db, "--kind", "purchaser", "--name", "禁毒办", "--code",
                                    "91350100M000100Y43", "--region", "350100"});
  REQUIRE(created.exit_status == 0);
  const std::string organization_id = created.output.substr(0, created.output.find('\n'));
  CHECK(organization_id.starts_with("org_"));

  const auto unknown = run_procura({"issue-token", "--db", db, "--org", "org_NOPE", "--role", "purchaser", "--name", "x"});
  CHECK(unknown.exit_status != 0);
  CHECK(unknown.output.find("404") != std::string::npos);

  const auto issued =
      run_procura({"issue-token", "--db", db, "--org", organization_id, "--role", "purchaser", "--name", "clerk"});
  REQUIRE(issued.exit_status == 0);
  CHECK(issued.output.starts_with("prc_"));

  // The token's id and account go to standard error, for revoking or renewing it later.
  const std::smatch found = [&] {
    std::smatch match;
    static const std::regex named("token (tok_[0-9A-Z]+) of account (acc_[0-9A-Z]+)");
    std::regex_search(issued.output, match, named);
    return match;
  }();
  REQUIRE(found.size() == 3);
  const std::string token_id = found[1], account_id = found[2];
  REQUIRE(run_procura({"revoke-token", "--db", db, token_id}).exit_status == 0);
  const auto renewed = run_procura({"issue-token", "--db", db, "--org", organization_id, "--account", account_id});
  REQUIRE(renewed.exit_status == 0);
  CHECK(renewed.output.starts_with("prc_"));
  CHECK(renewed.output.find("of account " + account_id) != std::string::npos);
  CHECK(run_procura({"issue-token", "--db", db, "--org", organization_id, "--role", "purchaser"}).exit_status != 0);
  CHECK(run_procura({"revoke-token", "--db", db, "tok_NOPE"}).exit_status != 0);
  CHECK(run_procura({"verify-audit", "--db", db}).exit_status == 0);
}

TEST_CASE("commands on a missing database fail with a message instead of creating one", "[cli]") {
  temporary_directory directory;
  const auto result = run_procura({"verify-audit", "--db", directory.file("absent.db")});
  CHECK(result.exit_status != 0);
  CHECK(result.output.find("no database") != std::string::npos);
  const auto bad_flag = run_procura({"serve", "--threads", "0"});
  CHECK(bad_flag.exit_status != 0);
}

TEST_CASE("verify-audit names the entry edited behind the system's back", "[cli][audit]") {
  temporary_directory directory;
  const auto db = demo_database(directory);
  REQUIRE(run_procura({"verify-audit", "--db", db}).exit_status == 0);
  {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec("UPDATE audit_log SET state = replace(state, '禁毒', '禁赌') WHERE sequence = 5");
  }
  const auto broken = run_procura({"verify-audit", "--db", db});
  CHECK(broken.exit_status == 1);
  CHECK(broken.output.find("BROKEN at entry 5") != std::string::npos);
}

TEST_CASE("verify-audit names a row slipped in before entry 1 and a time edited into nonsense", "[cli][audit]") {
  temporary_directory directory;
  const auto db = demo_database(directory);
  const auto copy = directory.file("copy.db");
  std::filesystem::copy_file(db, copy);
  {
    // A forged first version of a contract, at sequence 0, where a walk from 1 would not look.
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec("INSERT INTO audit_log (sequence, at, actor, action, entity_type, entity_id, state, state_hash,"
             " previous_hash, entry_hash) SELECT 0, at, actor, 'contract.create', 'contract', entity_id, state,"
             " state_hash, previous_hash, entry_hash FROM audit_log WHERE entity_type = 'contract' LIMIT 1");
  }
  const auto slipped_in = run_procura({"verify-audit", "--db", db});
  CHECK(slipped_in.exit_status == 1);
  CHECK(slipped_in.output.find("BROKEN at entry 0") != std::string::npos);
  {
    SQLite::Database raw(copy, SQLite::OPEN_READWRITE);
    raw.exec("UPDATE audit_log SET at = 'garbage' WHERE sequence = 5");
  }
  const auto garbled = run_procura({"verify-audit", "--db", copy});
  CHECK(garbled.exit_status == 1);
  CHECK(garbled.output.find("BROKEN at entry 5") != std::string::npos);
}

TEST_CASE("migration 28 gives a report stored before it the guide it was checked against, when that can be told",
          "[cli]") {
  temporary_directory directory;
  const auto db = demo_database(directory);
  const auto guide_years = [&] {
    SQLite::Database raw(db, SQLite::OPEN_READONLY);
    SQLite::Statement query(raw, "SELECT coalesce(salary_guide_year, 0) FROM service_reports ORDER BY id");
    std::vector<int> years;
    while (query.executeStep()) years.push_back(query.getColumn(0).getInt());
    return years;
  };
  const auto submitted = guide_years();
  REQUIRE_FALSE(submitted.empty());
  {
    // Back to schema 27, with the report year's guide replaced after every report was submitted:
    // which version the reports met cannot be told, so their guide stays unknown.
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec("ALTER TABLE service_reports DROP COLUMN salary_guide_year");
    raw.exec("DROP INDEX contracts_by_region");
    raw.exec("UPDATE salary_benchmarks SET updated_at = '2999-01-01T00:00:00Z' WHERE year = " +
             std::to_string(submitted.front()));
    raw.exec("PRAGMA user_version = 27");
  }
  REQUIRE(run_procura({"migrate", "--db", db}).exit_status == 0);
  for (const auto year : guide_years()) CHECK(year == 0);
  {
    // Stored before the reports, the guide is the one they were checked against.
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec("ALTER TABLE service_reports DROP COLUMN salary_guide_year");
    raw.exec("DROP INDEX contracts_by_region");
    raw.exec("UPDATE salary_benchmarks SET updated_at = '2000-01-01T00:00:00Z'");
    raw.exec("PRAGMA user_version = 27");
  }
  REQUIRE(run_procura({"migrate", "--db", db}).exit_status == 0);
  CHECK(guide_years() == submitted);
}

TEST_CASE("verify-audit with an anchor recorded earlier catches entries deleted from the end", "[cli][audit]") {
  temporary_directory directory;
  const auto db = demo_database(directory);
  const auto recorded = run_procura({"verify-audit", "--db", db});
  REQUIRE(recorded.exit_status == 0);
  const auto at = recorded.output.find("anchor: ");
  REQUIRE(at != std::string::npos);
  const auto anchor = recorded.output.substr(at + 8, recorded.output.find('\n', at) - at - 8);
  CHECK(run_procura({"verify-audit", "--db", db, "--anchor", anchor}).exit_status == 0);
  {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec("DELETE FROM audit_log WHERE sequence > (SELECT max(sequence) - 3 FROM audit_log)");
  }
  // The shortened chain is consistent in itself; only the anchor shows what went missing.
  CHECK(run_procura({"verify-audit", "--db", db}).exit_status == 0);
  const auto caught = run_procura({"verify-audit", "--db", db, "--anchor", anchor});
  CHECK(caught.exit_status == 1);
  CHECK(caught.output.find("deleted") != std::string::npos);
  const auto malformed = run_procura({"verify-audit", "--db", db, "--anchor", "12:abc"});
  CHECK(malformed.exit_status != 0);
  CHECK(malformed.output.find("SEQUENCE:HASH") != std::string::npos);
}

TEST_CASE("load-demo writes nothing into a database holding one of its organizations, and tells a partial load",
          "[cli]") {
  temporary_directory directory;
  const auto db = directory.file("p.db");
  REQUIRE(run_procura({"init", "--db", db, "--token-file", directory.file("t")}).exit_status == 0);
  // A supplier registered under the credit code of the demo's first supplier.
  REQUIRE(run_procura({"create-org", "--db", db, "--kind", "supplier", "--name", "自强", "--code", "52310000MJ4A000016",
                       "--region", "310000"}).exit_status == 0);
  const auto organizations = [&] {
    SQLite::Database raw(db, SQLite::OPEN_READONLY);
    return raw.execAndGet("SELECT count(*) FROM organizations").getInt();
  };
  const auto before = organizations();
  const auto clash = run_procura({"load-demo", "--db", db});
  CHECK(clash.exit_status == 1);
  CHECK(clash.output.find("52310000MJ4A000016 is already registered") != std::string::npos);
  CHECK(organizations() == before);

  // The same for a catalogue item under one of the demo's codes, registered through the API.
  const auto with_item = directory.file("item.db");
  REQUIRE(run_procura({"init", "--db", with_item, "--token-file", directory.file("t3")}).exit_status == 0);
  {
    server_process server(server_process::options{.database = with_item});
    http_client client(server.port());
    REQUIRE(client.post("/api/v1/catalogue",
                        {{"code", "JD-01"}, {"name", "社区戒毒社区康复社会工作服务"}, {"category", "rehabilitation"},
                         {"unit", "client_year"}, {"staffing_standard", 20}},
                        server.admin_token()).status == 201);
  }
  const auto item_clash = run_procura({"load-demo", "--db", with_item});
  CHECK(item_clash.exit_status == 1);
  CHECK(item_clash.output.find("already has an item JD-01") != std::string::npos);
  {
    SQLite::Database raw(with_item, SQLite::OPEN_READONLY);
    CHECK(raw.execAndGet("SELECT count(*) FROM organizations WHERE kind = 'supplier'").getInt() == 0);
  }

  // A load that stopped partway (here: its last tender missing) is not taken for a finished one.
  const auto full = directory.file("full.db");
  REQUIRE(run_procura({"init", "--db", full, "--token-file", directory.file("t2")}).exit_status == 0);
  REQUIRE(run_procura({"load-demo", "--db", full}).exit_status == 0);
  {
    SQLite::Database raw(full, SQLite::OPEN_READWRITE);
    raw.exec("UPDATE tenders SET state = 'draft' WHERE state = 'cancelled'");
  }
  const auto partial = run_procura({"load-demo", "--db", full});
  CHECK(partial.exit_status == 1);
  CHECK(partial.output.find("only partly loaded") != std::string::npos);
}

TEST_CASE("load-demo runs once and then changes nothing", "[cli]") {
  temporary_directory directory;
  const auto db = directory.file("p.db");
  REQUIRE(run_procura({"init", "--db", db, "--token-file", directory.file("t")}).exit_status == 0);
  CHECK(run_procura({"load-demo", "--db", db}).output.find("demo data loaded") != std::string::npos);
  CHECK(run_procura({"load-demo", "--db", db}).output.find("already present") != std::string::npos);

  // The open Pudong tender's ceiling comes from a cost estimate that anyone may read.
  server_process server(server_process::options{.database = db});
  http_client client(server.port());
  const auto published = client.get("/api/v1/tenders?status=published&region=310115");
  REQUIRE(published.status == 200);
  const auto listed = published.json();
  int estimated = 0;
  for (const auto& tender : listed.at("items").as_array()) {
    const auto* estimate_id = tender.as_object().if_contains("cost_estimate_id");
    if (estimate_id == nullptr || !estimate_id->is_string()) continue;
    ++estimated;
    const auto estimate = client.get("/api/v1/cost-estimates/" + std::string(estimate_id->as_string()));
    INFO(estimate.body);
    REQUIRE(estimate.status == 200);
    CHECK(estimate.json().at("total").at("amount").as_int64() == 237'132'599);
    // The ceiling came from the estimate, a budget (SPEC §2): it is not above it.
    CHECK(tender.at("budget_ceiling").at("amount").as_int64() <= estimate.json().at("total").at("amount").as_int64());
  }
  CHECK(estimated == 1);
}

TEST_CASE("import-benchmarks loads a whole CSV or, with one bad row, nothing", "[cli]") {
  temporary_directory directory;
  const auto db = directory.file("p.db");
  REQUIRE(run_procura({"init", "--db", db, "--token-file", directory.file("t")}).exit_status == 0);
  const std::string header =
      "region,year,level,monthly_salary_fen,pension_bp,medical_bp,unemployment_bp,work_injury_bp,housing_fund_bp\n";
  const std::string good_rows =
      "310000,2026,none,650000,1600,950,50,26,700\n"
      "310000,2026,assistant_social_worker,750000,1600,950,50,26,700\n"
      "310000,2026,social_worker,900000,1600,950,50,26,700\n"
      "310000,2026,senior_social_worker,1150000,1600,950,50,26,700\n";
  const auto write = [&](const std::string& name, const std::string& content) {
    std::ofstream(directory.file(name)) << content;
    return directory.file(name);
  };
  const auto bad = run_procura({"import-benchmarks", "--db", db,
                                write("bad.csv", header + good_rows + "310115,2026,master,900000,1600,950,50,26,700\n")});
  CHECK(bad.exit_status != 0);
  CHECK(bad.output.find("line 6") != std::string::npos);
  const auto negative = run_procura({"import-benchmarks", "--db", db,
                                     write("negative.csv", header + "310115,2026,none,-5,1600,950,50,26,700\n" + good_rows)});
  CHECK(negative.exit_status != 0);
  CHECK(negative.output.find("line 2: negative salary") != std::string::npos);
  {
    SQLite::Database raw(db, SQLite::OPEN_READONLY);
    CHECK(raw.execAndGet("SELECT count(*) FROM salary_benchmarks").getInt() == 0);
  }
  const auto good = run_procura({"import-benchmarks", "--db", db, write("good.csv", header + good_rows)});
  CHECK(good.exit_status == 0);
  SQLite::Database raw(db, SQLite::OPEN_READONLY);
  CHECK(raw.execAndGet("SELECT social_worker_fen FROM salary_benchmarks WHERE region = '310000'").getInt() == 900000);
  CHECK(run_procura({"import-benchmarks", "--db", db, directory.file("missing.csv")}).exit_status != 0);
}

TEST_CASE("the demo data shows every feature: tenders in each state, bids, contracts, reports, evaluations", "[cli]") {
  temporary_directory directory;
  const auto db = demo_database(directory);
  SQLite::Database raw(db, SQLite::OPEN_READONLY);
  // Every state of a tender (SPEC §5), closed included: published, its deadline passed, not opened.
  for (const char* state : {"draft", "published", "opened", "evaluated", "awarded", "contracted", "failed", "cancelled"}) {
    INFO(state);
    CHECK(raw.execAndGet(std::string("SELECT count(*) FROM tenders WHERE state = '") + state + "'").getInt() >= 1);
  }
  CHECK(raw.execAndGet("SELECT count(*) FROM tenders WHERE state = 'published' AND deadline < strftime('%Y-%m-%dT%H:%M:%SZ', 'now')")
            .getInt() >= 1);
  CHECK(raw.execAndGet("SELECT count(*) FROM tenders WHERE state = 'published' AND deadline > strftime('%Y-%m-%dT%H:%M:%SZ', 'now')")
            .getInt() >= 1);
  CHECK(raw.execAndGet("SELECT count(*) FROM tender_amendments").getInt() >= 1);
  CHECK(raw.execAndGet("SELECT count(DISTINCT category) FROM catalogue_items").getInt() == 4);
  CHECK(raw.execAndGet("SELECT count(*) FROM salary_benchmarks").getInt() == 4);
  // Bidding: one awarded with a challenge, one failed for too few bids, one with a disqualified and an abnormal bid.
  CHECK(raw.execAndGet("SELECT count(*) FROM tenders WHERE state = 'failed'").getInt() >= 1);
  CHECK(raw.execAndGet("SELECT count(*) FROM challenges").getInt() >= 1);
  CHECK(raw.execAndGet("SELECT count(*) FROM bids WHERE qualified = 0").getInt() >= 1);
  CHECK(raw.execAndGet("SELECT count(*) FROM bids WHERE abnormal_flagged = 1").getInt() >= 1);
  // Contracts: a late release, an amendment, a report with a deduction.
  CHECK(raw.execAndGet("SELECT count(*) FROM instalments WHERE released_late = 1").getInt() >= 1);
  CHECK(raw.execAndGet("SELECT count(*) FROM contract_amendments WHERE agreed_at IS NOT NULL").getInt() >= 1);
  CHECK(raw.execAndGet("SELECT count(*) FROM service_reports WHERE deduction_fen > 0").getInt() >= 1);
  // Evaluations: every grade, and an appeal.
  CHECK(raw.execAndGet("SELECT count(DISTINCT grade) FROM evaluations WHERE state = 'finalized'").getInt() == 4);
  CHECK(raw.execAndGet("SELECT count(*) FROM evaluations WHERE appeal_leaves IS NOT NULL").getInt() >= 1);
  // And the audit chain over all of it verifies.
  CHECK(run_procura({"verify-audit", "--db", db}).exit_status == 0);
}

TEST_CASE("red-flag thresholds are configuration, and a bad file stops the server with a message", "[cli]") {
  temporary_directory directory;
  const auto config = directory.file("flags.json");
  std::ofstream(config) << R"({"ceiling_closeness_bp": 250, "supplier_share_bp": 6000})";
  server_process server(server_process::options{.extra_arguments = {"--red-flag-thresholds", config}});
  http_client client(server.port());
  const auto answer = client.get("/api/v1/red-flags?purchaser=org_ANY").json();
  CHECK(answer.at("thresholds").at("ceiling_closeness_bp") == 250);
  CHECK(answer.at("thresholds").at("supplier_share_bp") == 6000);
  CHECK(answer.at("thresholds").at("price_closeness_bp") == 100);  // default kept

  std::ofstream(directory.file("bad.json")) << R"({"ceiling_closeness": 1})";
  const auto refused = run_procura({"serve", "--db", directory.file("x.db"), "--red-flag-thresholds", directory.file("bad.json")});
  CHECK(refused.exit_status != 0);
  CHECK(refused.output.find("unknown threshold ceiling_closeness") != std::string::npos);
}

namespace {

/// The file's text with the packages' publishedDate (the moment of writing) masked.
std::string without_published_date(std::string text) {
  static const std::regex published(R"("publishedDate":"[^"]*")");
  return std::regex_replace(text, published, R"("publishedDate":"-")");
}

/// Every file under `directory`, by relative path, with publishedDate masked.
std::map<std::string, std::string> exported_files(const std::string& directory) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(directory))
    if (entry.is_regular_file())
      files[std::filesystem::relative(entry.path(), directory).string()] = without_published_date(read_file(entry.path()));
  return files;
}

}  // namespace

TEST_CASE("a database the disk refuses to open is named with the system's reason", "[cli][disk-full]") {
  temporary_directory directory;
  const auto db = demo_database(directory);
  // Closed cleanly, the database has no shared-memory index; creating it (32 KiB) is refused
  // under a 16 KiB limit, as on a full disk. SQLite alone says only "disk I/O error".
  for (const std::vector<std::string>& command : {std::vector<std::string>{"migrate", "--db", db},
                                                  std::vector<std::string>{"verify-audit", "--db", db}}) {
    const auto refused = run_procura(command, 16 * 1024);
    INFO(refused.output);
    CHECK(refused.exit_status == 1);
    CHECK(refused.output.find("cannot open the database " + db + ": disk I/O error (File too large); check that the "
                              "file system holding it has free space and is writable") != std::string::npos);
  }
  CHECK(run_procura({"verify-audit", "--db", db}).exit_status == 0);
}

TEST_CASE("export-ocds that the disk refuses exits 1 with the reason and leaves no cut-off file", "[cli][ocds]") {
  temporary_directory directory;
  const auto db = demo_database(directory);
  const auto out = directory.file("ocds");
  // 40 KiB: room for the database's shared-memory index (32 KiB), not for the demo's packages.
  const auto refused = run_procura({"export-ocds", "--db", db, "--out", out}, 40 * 1024);
  INFO(refused.output);
  CHECK(refused.exit_status == 1);
  CHECK(refused.output.find("File too large") != std::string::npos);
  // The demo's largest record package (~47 KB) is refused while the release package (~74 KB)
  // still waits in its 1 MiB buffer: the refused record file is removed, and so is the package's
  // partial file.
  CHECK(refused.output.find("/records/") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(out + "/releases.json"));
  CHECK_FALSE(std::filesystem::exists(out + "/releases.json.partial"));
  // Record packages written before the refusal are whole; the one refused is gone.
  for (const auto& entry : std::filesystem::directory_iterator(out + "/records")) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    boost::system::error_code failed;
    boost::json::parse(text, failed);
    CHECK_FALSE(failed);
  }
  // With room, the same export completes.
  CHECK(run_procura({"export-ocds", "--db", db, "--out", out}).exit_status == 0);
  CHECK(std::filesystem::exists(out + "/releases.json"));
}

TEST_CASE("export-ocds writes the same bytes on any number of threads and ranges, and what the API serves", "[cli][ocds]") {
  temporary_directory directory;
  const auto db = demo_database(directory);
  const auto one_range = directory.file("one");
  const auto many_ranges = directory.file("many");
  REQUIRE(run_procura({"export-ocds", "--db", db, "--out", one_range, "--threads", "1", "--tenders-per-range", "1000"})
              .exit_status == 0);
  // One tender per range on two threads: the ranges finish out of order and must be written in order.
  REQUIRE(run_procura({"export-ocds", "--db", db, "--out", many_ranges, "--threads", "2", "--tenders-per-range", "1"})
              .exit_status == 0);
  const auto expected = exported_files(one_range);
  REQUIRE(expected.size() >= 5);
  CHECK(exported_files(many_ranges) == expected);

  // The same text as the API's OCDS endpoints (served over HTTP, whose host names the port).
  server_process server(server_process::options{.database = db});
  http_client client(server.port());
  const auto as_exported = [&](std::string body) {
    const std::string served_site = "http://127.0.0.1:" + std::to_string(server.port());
    for (auto at = body.find(served_site); at != std::string::npos; at = body.find(served_site, at))
      body.replace(at, served_site.size(), "http://127.0.0.1");
    return without_published_date(body);
  };
  auto releases = as_exported(client.get("/api/v1/ocds/releases?limit=200").body);
  const std::string last_page_end = ",\"next_cursor\":null}";
  REQUIRE(releases.ends_with(last_page_end));
  releases.replace(releases.size() - last_page_end.size(), last_page_end.size(), "}\n");
  CHECK(releases == expected.at("releases.json"));
  for (const auto& [path, text] : expected) {
    if (!path.starts_with("records/")) continue;
    const auto ocid = std::filesystem::path(path).stem().string();
    INFO(ocid);
    CHECK(as_exported(client.get("/api/v1/ocds/records/" + ocid).body) + "\n" == text);
  }
}

TEST_CASE("the ocid prefix, publisher and public address are the operator's, alike in the export and the API",
          "[cli][ocds]") {
  temporary_directory directory;
  const auto db = demo_database(directory);
  const std::vector<std::string> publication{"--ocid-prefix", "ocds-x7k2p9", "--publisher-name", "上海市禁毒办",
                                             "--public-url", "https://procura.example.gov.cn"};

  // A prefix OCDS would not accept is refused before anything is written.
  const auto refused_out = directory.file("refused");
  const auto refused = run_procura({"export-ocds", "--db", db, "--out", refused_out, "--ocid-prefix", "procura"});
  CHECK(refused.exit_status == 1);
  CHECK(refused.output.find("ocid prefix") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(refused_out));

  const auto out = directory.file("ocds");
  auto arguments = std::vector<std::string>{"export-ocds", "--db", db, "--out", out};
  arguments.insert(arguments.end(), publication.begin(), publication.end());
  REQUIRE(run_procura(arguments).exit_status == 0);
  const auto exported = exported_files(out);
  REQUIRE(exported.size() >= 5);
  const auto& releases = exported.at("releases.json");
  CHECK(releases.find("\"ocid\":\"ocds-x7k2p9-tnd_") != std::string::npos);
  CHECK(releases.find("ocds-procura") == std::string::npos);
  CHECK(releases.find("\"publisher\":{\"name\":\"上海市禁毒办\"}") != std::string::npos);
  CHECK(releases.find("\"uri\":\"https://procura.example.gov.cn/api/v1/ocds/releases?limit=200\"") != std::string::npos);
  CHECK(releases.find("http://127.0.0.1") == std::string::npos);

  // The server, given the same options, serves the same text and finds records by the new ocid.
  server_process server(server_process::options{.database = db, .extra_arguments = publication});
  http_client client(server.port());
  CHECK(client.get("/healthz").json().at("ocid_prefix") == "ocds-x7k2p9");  // the web pages link by it
  for (const auto& [path, text] : exported) {
    if (!path.starts_with("records/")) continue;
    const auto ocid = std::filesystem::path(path).stem().string();
    INFO(ocid);
    CHECK(ocid.starts_with("ocds-x7k2p9-"));
    const auto served = client.get("/api/v1/ocds/records/" + ocid);
    REQUIRE(served.status == 200);
    CHECK(without_published_date(served.body) + "\n" == text);
  }
  CHECK(client.get("/api/v1/ocds/records/ocds-procura-tnd_01M938CVFNZ6ADYP2VF31VMZ90").status == 404);
}

TEST_CASE("serve says in its log that it migrates an older database before it listens", "[cli]") {
  server_process server;
  http_client client(server.port());
  const auto latest = client.get("/healthz").json().at("schema_version").as_int64();
  CHECK(server.log().find("migrating the database") == std::string::npos);  // a current file: nothing to say
  REQUIRE(server.stop() == 0);
  {
    // Back to schema 23 as that version left it: migration 24 has work to do (25 rebuilds an
    // index whatever its state).
    SQLite::Database raw(server.database(), SQLite::OPEN_READWRITE);
    raw.exec("DROP TRIGGER bid_outline_after_unsealing");
    raw.exec("DROP VIEW bid_outline_source");
    raw.exec("CREATE VIEW bid_outline_source AS SELECT t.purchaser_id, b.tender_id, b.id AS bid_id, b.supplier_id,"
             " b.state, b.qualified, b.abnormal_flagged, b.abnormal_accepted, b.version, v.price_fen FROM bids AS b"
             " JOIN tenders AS t ON t.id = b.tender_id JOIN bid_versions AS v ON v.bid_id = b.id AND v.version = b.version");
    raw.exec("DROP INDEX tenders_by_cost_estimate");  // migration 26's two
    raw.exec("DROP INDEX amended_cost_estimates");
    raw.exec("DROP INDEX contracts_by_state");  // migration 27's
    raw.exec("ALTER TABLE service_reports DROP COLUMN salary_guide_year");  // migration 28's
    raw.exec("DROP INDEX contracts_by_region");  // migration 29's
    raw.exec("PRAGMA user_version = 23");
  }
  server.restart();
  http_client again(server.port());
  CHECK(again.get("/healthz").json().at("schema_version").as_int64() == latest);
  const auto log = server.log();
  const auto said = log.find("migrating the database from schema version 23 to " + std::to_string(latest));
  REQUIRE(said != std::string::npos);
  CHECK(log.find("listening on", said) != std::string::npos);  // and only then listens
  // Reading the schema version first must not have set SQLite up in its serialized mode, whose
  // mutex around every call only costs (it did, for a day, through that very read).
  CHECK(log.find("serialized") == std::string::npos);
}
