#include <catch2/catch.hpp>

#include "../../tests/support/temporary_directory.hpp"
#include "procura/storage/connection.hpp"
#include "procura/storage/database.hpp"
#include "procura/storage/session.hpp"

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

TEST_CASE("migration 12 moves each tender's criteria into its row, in position order, with any text", "[storage]") {
  testing::temporary_directory directory;
  const auto path = directory.file("criteria.db");
  {
    storage::connection old(path, storage::connection::mode::read_write);
    REQUIRE(storage::migrate(old, 11) == 11);
    auto& raw = old.handle();
    raw.exec("PRAGMA foreign_keys=OFF");  // only the rows this test reads back
    for (const char* id : {"tnd_A", "tnd_B"})
      raw.exec(std::string("INSERT INTO tenders (id, purchaser_id, version, state, catalogue_code, catalogue_version,"
                           " staffing_standard, title, description, quantity, region, budget_ceiling_fen, service_start,"
                           " service_months, continuity_justification, method, single_source_justification, tie_rule,"
                           " bid_bond_bp, performance_bond_bp, deadline, created_at) VALUES ('") +
               id + "', 'org_P', 3, 'published', 'SW-01', 1, 20, '戒毒社工服务', '', 60, '310115', 100000000,"
                    " '2027-01-01', 12, '', 'open_tender', '', 'draw', 0, 0, '2026-12-20T09:00:00Z',"
                    " '2026-11-01T09:00:00Z')");
    // Inserted out of position order; names with the separators of the new encoding in them.
    raw.exec("INSERT INTO tender_criteria VALUES ('tnd_A', 2, '服务方案 12:3', 'subjective', 30, NULL, '')");
    raw.exec("INSERT INTO tender_criteria VALUES ('tnd_A', 0, 'price', 'price', 30, NULL, '')");
    raw.exec("INSERT INTO tender_criteria VALUES ('tnd_A', 1, '5:', 'objective', 40, 'years_of_service', '0:10 3:25 6:40')");
    raw.exec("INSERT INTO tender_amendments VALUES ('tnd_A', 1, 'amendment', '2026-11-05T09:00:00Z', '更正', 1,"
             " '2026-12-10T09:00:00Z', '2026-12-20T09:00:00Z')");
  }
  storage::database upgraded(path);
  REQUIRE(upgraded.schema_version() == storage::latest_schema_version());
  upgraded.read([](storage::session& current) {
    CHECK_FALSE(current.raw().handle().tableExists("tender_criteria"));
    const auto a = current.tenders().find("tnd_A");
    REQUIRE(a);
    REQUIRE(a->terms.criteria.size() == 3);
    CHECK(a->terms.criteria[0].name == "price");
    CHECK(a->terms.criteria[0].kind == procurement::criterion_kind::price);
    CHECK(a->terms.criteria[1].name == "5:");
    CHECK(a->terms.criteria[1].points == 40);
    CHECK(a->terms.criteria[1].metric == procurement::objective_metric::years_of_service);
    CHECK(a->terms.criteria[1].bands ==
          std::vector<procurement::score_band>{{0, 10}, {3, 25}, {6, 40}});
    CHECK(a->terms.criteria[2].name == "服务方案 12:3");
    CHECK_FALSE(a->terms.criteria[2].metric);
    REQUIRE(a->amendments.size() == 1);
    CHECK(a->amendments[0].reason == "更正");
    const auto b = current.tenders().find("tnd_B");
    REQUIRE(b);
    CHECK(b->terms.criteria.empty());
    CHECK(b->amendments.empty());
  });
}

TEST_CASE("migration 15 keeps every stored response and still refuses a key used twice", "[storage]") {
  testing::temporary_directory directory;
  const auto path = directory.file("idempotency.db");
  const std::string long_body(2700, 'x');  // a bid's response is ~2.7 KB: longer than a leaf of the old table keeps
  {
    storage::connection old(path, storage::connection::mode::read_write);
    REQUIRE(storage::migrate(old, 14) == 14);
    auto& raw = old.handle();
    raw.exec("INSERT INTO idempotency_keys VALUES ('acc_B', 'k1', 'hash-b', 201, '" + long_body +
             "', '/api/v1/bids/bid_1', '2026-11-02T09:00:00Z')");
    raw.exec("INSERT INTO idempotency_keys VALUES ('acc_A', 'k1', 'hash-a', 422, '{\"title\":\"refused\"}', '',"
             " '2026-11-01T09:00:00Z')");
  }
  storage::database upgraded(path);
  REQUIRE(upgraded.schema_version() == storage::latest_schema_version());
  upgraded.read([&](storage::session& current) {
    const auto bid = current.idempotency().find("acc_B", "k1");
    REQUIRE(bid);
    CHECK(bid->request_hash == "hash-b");
    CHECK(bid->status == 201);
    CHECK(bid->body == long_body);
    CHECK(bid->location == "/api/v1/bids/bid_1");
    const auto refused = current.idempotency().find("acc_A", "k1");
    REQUIRE(refused);
    CHECK(refused->body == R"({"title":"refused"})");
    CHECK(refused->location.empty());
    CHECK_FALSE(current.idempotency().find("acc_A", "k2"));
  });
  upgraded.write([](storage::session& current) {
    CHECK_THROWS(current.idempotency().save("acc_B", "k1", {"hash-c", 201, "{}", "", {}}));
    current.idempotency().save("acc_B", "k2", {"hash-d", 201, "{}", "", {}});
    return true;
  });
  upgraded.read([](storage::session& current) { CHECK(current.idempotency().find("acc_B", "k2")); });
}

TEST_CASE("migration 16 moves the final grade's cut out of the penalties only where that grade was in force",
          "[storage]") {
  testing::temporary_directory directory;
  const auto path = directory.file("grade-cut.db");
  {
    storage::connection old(path, storage::connection::mode::read_write);
    REQUIRE(storage::migrate(old, 15) == 15);
    auto& raw = old.handle();
    raw.exec("PRAGMA foreign_keys=OFF");  // only the rows the migration reads
    const auto instalment = [&](const std::string& contract, int number, const char* released, std::int64_t deducted) {
      raw.exec("INSERT INTO instalments (contract_id, number, due_date, amount_fen, condition, released_at,"
               " released_amount_fen, deducted_fen) VALUES ('" + contract + "', " + std::to_string(number) +
               ", '2030-06-01', 1000000, 'none', " + (released ? "'" + std::string(released) + "'" : std::string("NULL")) +
               ", " + std::to_string(1000000 - deducted) + ", " + std::to_string(deducted) + ")");
    };
    const auto final_evaluation = [&](const std::string& id, const std::string& contract, const char* grade,
                                      const char* finalized_at) {
      raw.exec("INSERT INTO evaluations (id, contract_id, purchaser_id, supplier_id, evaluator_id, kind, framework_key,"
               " framework_version, framework_name, state, grade, finalized_at, created_at, version) VALUES ('" + id +
               "', '" + contract + "', 'org_p', 'org_s', 'org_e', 'final', 'k', 1, 'n', 'finalized', '" + grade + "', '" +
               finalized_at + "', '2030-01-01T00:00:00Z', 1)");
    };
    // A: graded 中, then the final instalment paid 90% with 5,000 fen of penalties besides.
    instalment("ctr_A", 1, "2030-01-05T00:00:00Z", 0);
    instalment("ctr_A", 2, "2030-07-01T00:00:00Z", 105000);
    final_evaluation("ev_A", "ctr_A", "中", "2030-06-20T00:00:00Z");
    // B: a 中 replaced by a 良 before the release: its 100,000 fen were penalties, not a cut.
    instalment("ctr_B", 1, "2030-07-01T00:00:00Z", 100000);
    final_evaluation("ev_B1", "ctr_B", "中", "2030-06-10T00:00:00Z");
    final_evaluation("ev_B2", "ctr_B", "良", "2030-06-20T00:00:00Z");
  }
  storage::connection upgraded(path, storage::connection::mode::read_write);
  REQUIRE(storage::migrate(upgraded) == storage::latest_schema_version());
  const auto column = [&](const char* contract, int number, const char* name) {
    return upgraded.handle()
        .execAndGet(std::string("SELECT ") + name + " FROM instalments WHERE contract_id = '" + contract +
                    "' AND number = " + std::to_string(number))
        .getInt64();
  };
  CHECK(column("ctr_A", 2, "grade_adjustment_fen") == 100000);
  CHECK(column("ctr_A", 2, "deducted_fen") == 5000);
  CHECK(column("ctr_A", 1, "grade_adjustment_fen") == 0);
  CHECK(column("ctr_B", 1, "grade_adjustment_fen") == 0);
  CHECK(column("ctr_B", 1, "deducted_fen") == 100000);
}

TEST_CASE("migration 19 keeps every earlier amendment as it was: agreed, or still pending", "[storage]") {
  testing::temporary_directory directory;
  const auto path = directory.file("amendment-outcomes.db");
  {
    storage::connection old(path, storage::connection::mode::read_write);
    REQUIRE(storage::migrate(old, 18) == 18);
    auto& raw = old.handle();
    raw.exec("PRAGMA foreign_keys=OFF");  // only the rows this test reads back
    for (const char* agreed_at : {"'2030-03-01T00:00:00Z'", "NULL"})
      raw.exec(std::string("INSERT INTO contract_amendments (contract_id, number, reason, added_value_fen, proposed_by,"
                           " proposed_at, agreed_at, schedule) VALUES ('ctr_A', ") +
               (std::string(agreed_at) == "NULL" ? "2" : "1") + ", 'r', 100, 'org_p', '2030-02-01T00:00:00Z', " +
               agreed_at + ", '')");
  }
  storage::connection upgraded(path, storage::connection::mode::read_write);
  REQUIRE(storage::migrate(upgraded) == storage::latest_schema_version());
  CHECK(upgraded.handle().execAndGet("SELECT count(*) FROM contract_amendments WHERE ended_as IS NULL AND ended_at IS NULL"
                                     " AND ended_by = '' AND end_reason = ''").getInt() == 2);
  CHECK_THROWS(upgraded.handle().exec("UPDATE contract_amendments SET ended_as = 'rejected' WHERE number = 2"));
}

namespace {

/// A contract row as schema 19 held it, with its one instalment.
void insert_schema_19_contract(storage::connection& db, const std::string& id, const std::string& tender,
                               const std::string& state, bool both_signed) {
  db.handle().exec(
      "INSERT INTO contracts (id, tender_id, bid_id, purchaser_id, supplier_id, version, state, original_price_fen,"
      " price_fen, clients, staffing_standard, region, service_start, service_months, continuity_justification,"
      " salary_reserve_fen, penalty_missing_post_fen, penalty_caseload_fen, awarded_at, purchaser_signed_at,"
      " supplier_signed_at, created_at) VALUES ('" + id + "', '" + tender + "', 'bid_" + tender + "', 'org_p', 'org_s', 3, '" +
      state + "', 100000000, 100000000, 60, 20, '310115', '2027-01-01', 12, '', 70000000, 0, 0,"
      " '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', " + (both_signed ? "'2026-11-03T00:00:00Z'" : "NULL") +
      ", '2026-11-01T00:00:00Z')");
  db.handle().exec("INSERT INTO instalments (contract_id, number, due_date, amount_fen, condition) VALUES ('" + id +
                   "', 1, '2027-01-31', 100000000, 'none')");
}

}  // namespace

TEST_CASE("migration 20 cancels drafts that were ended before both signatures and keeps every row that names a contract",
          "[storage]") {
  testing::temporary_directory directory;
  const auto path = directory.file("cancelled-drafts.db");
  const auto at = *parse_rfc3339("2026-11-01T00:00:00Z");
  {
    storage::connection old(path, storage::connection::mode::read_write);
    REQUIRE(storage::migrate(old, 19) == 19);
    // The parents of the contracts exist (the migration's deferred checks look at them); their
    // own parents (catalogue, accounts) are outside this test.
    old.handle().exec("PRAGMA foreign_keys=OFF");
    for (const char* org : {"org_p", "org_s"})
      old.handle().exec(std::string("INSERT INTO organizations VALUES ('") + org + "', 'supplier', '" + org + "', '" + org +
                        "', '310115', '2026-01-01T00:00:00Z')");
    storage::session current(old);
    for (const char* tender : {"tnd_ended_draft", "tnd_ended_in_force", "tnd_active"}) {
      procurement::tender t;
      t.id = tender;
      t.purchaser_id = "org_p";
      t.state = procurement::tender_state::contracted;
      t.catalogue_code = "C1";
      t.terms.title = "t";
      t.terms.region = "310115";
      t.terms.budget_ceiling = money{300000000};
      t.terms.service_start = std::chrono::year{2027} / 1 / 1;
      t.terms.deadline = at;
      t.created_at = at;
      current.tenders().insert(t);
      procurement::bid b;
      b.id = std::string("bid_") + tender;
      b.tender_id = tender;
      b.supplier_id = "org_s";
      b.content.price = money{100000000};
      b.receipt_hash = "h";
      b.submitted_at = at;
      current.bids().insert(b);
    }
    old.handle().exec("PRAGMA foreign_keys=ON");
    insert_schema_19_contract(old, "ctr_ended_draft", "tnd_ended_draft", "terminated", false);
    insert_schema_19_contract(old, "ctr_ended_in_force", "tnd_ended_in_force", "terminated", true);
    insert_schema_19_contract(old, "ctr_active", "tnd_active", "active", true);
    REQUIRE(old.handle().execAndGet("SELECT count(*) FROM pragma_foreign_key_check('contracts')").getInt() == 0);
  }

  storage::connection upgraded(path, storage::connection::mode::read_write);
  REQUIRE(storage::migrate(upgraded) == storage::latest_schema_version());
  auto& raw = upgraded.handle();
  const auto state_of = [&](const std::string& id) {
    return raw.execAndGet("SELECT state FROM contracts WHERE id = '" + id + "'").getString();
  };
  CHECK(state_of("ctr_ended_draft") == "cancelled");
  CHECK(state_of("ctr_ended_in_force") == "terminated");
  CHECK(state_of("ctr_active") == "active");
  CHECK(raw.execAndGet("SELECT count(*) FROM instalments").getInt() == 3);
  CHECK(raw.execAndGet("SELECT count(*) FROM pragma_foreign_key_check('instalments')").getInt() == 0);
  CHECK(raw.execAndGet("SELECT framework_key FROM contracts WHERE id = 'ctr_active'").getString() == "anti-drug-social-work");

  // One contract per tender among those not cancelled: a cancelled draft makes way, nothing else does.
  storage::session current(upgraded);
  auto redrawn = current.contracts().find("ctr_ended_draft").value();
  redrawn.id = "ctr_redrawn";
  redrawn.state = contracts::contract_state::draft;
  redrawn.created_at = at + std::chrono::days{1};
  current.contracts().insert(redrawn);
  CHECK(current.contracts().of_tender("tnd_ended_draft")->id == "ctr_redrawn");
  auto second = current.contracts().find("ctr_active").value();
  second.id = "ctr_second";
  CHECK_THROWS(current.contracts().insert(second));
  CHECK(current.contracts().of_tender("tnd_active")->id == "ctr_active");
  redrawn.state = contracts::contract_state::cancelled;
  current.contracts().update(redrawn);
  // With every contract of the tender cancelled, the latest one is the tender's.
  CHECK(current.contracts().of_tender("tnd_ended_draft")->id == "ctr_redrawn");
}

TEST_CASE("migration 23 keeps one index of bids by tender that still refuses a second active bid of a supplier",
          "[storage]") {
  testing::temporary_directory directory;
  storage::connection db(directory.file("bids.db"), storage::connection::mode::read_write);
  REQUIRE(storage::migrate(db, 22) == 22);
  auto& raw = db.handle();
  raw.exec("PRAGMA foreign_keys=OFF");  // bids alone: no tender, organization or version rows
  const auto insert_bid = [&raw](const std::string& id, const std::string& tender, const std::string& supplier,
                                 const std::string& state) {
    raw.exec("INSERT INTO bids (id, tender_id, supplier_id, version, state) VALUES ('" + id + "', '" + tender +
             "', '" + supplier + "', 1, '" + state + "')");
  };
  insert_bid("bid_1", "tnd_A", "org_S", "active");
  insert_bid("bid_2", "tnd_A", "org_S", "withdrawn");
  insert_bid("bid_3", "tnd_A", "org_S", "withdrawn");
  insert_bid("bid_4", "tnd_A", "org_T", "active");
  insert_bid("bid_5", "tnd_B", "org_S", "active");

  REQUIRE(storage::migrate(db) == storage::latest_schema_version());
  CHECK(raw.execAndGet("SELECT count(*) FROM bids").getInt() == 5);
  CHECK(raw.execAndGet("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'bids'"
                       " AND name IN ('bids_by_tender', 'bids_one_active')")
            .getInt() == 0);
  CHECK(raw.execAndGet("SELECT group_concat(id, ' ') FROM (SELECT id FROM bids WHERE tender_id = 'tnd_A' ORDER BY id)")
            .getString() == "bid_1 bid_2 bid_3 bid_4");

  // A second active bid of org_S on tnd_A is refused, whether inserted or revived from a withdrawn one.
  CHECK_THROWS_WITH(insert_bid("bid_6", "tnd_A", "org_S", "active"), Catch::Contains("UNIQUE constraint failed"));
  CHECK_THROWS_WITH(raw.exec("UPDATE bids SET state = 'active' WHERE id = 'bid_2'"),
                    Catch::Contains("UNIQUE constraint failed"));
  // Withdrawn bids beside the active one are fine, and so is a new active bid once the old one is withdrawn.
  CHECK_NOTHROW(insert_bid("bid_7", "tnd_A", "org_S", "withdrawn"));
  raw.exec("UPDATE bids SET state = 'withdrawn' WHERE id = 'bid_1'");
  CHECK_NOTHROW(insert_bid("bid_8", "tnd_A", "org_S", "active"));
  CHECK(raw.execAndGet("SELECT count(*) FROM bids WHERE tender_id = 'tnd_A' AND supplier_id = 'org_S'"
                       " AND state = 'active'")
            .getString() == "1");
}
