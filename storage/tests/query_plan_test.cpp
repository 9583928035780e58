// The hot queries' plans, read from SQLite itself: every statement the tender list and lookup
// run is captured by a trace and explained. A filter on an indexed column must be a range
// search on its index, never a walk of the table in id order (issue 8: no full scans).
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <set>
#include <string>
#include <vector>

#include "../../tests/support/temporary_directory.hpp"
#include "procura/storage/connection.hpp"
#include "procura/storage/session.hpp"

using namespace procura;

namespace {

/// Collects the SQL text of every statement the connection starts (with its ? placeholders).
int remember_statement(unsigned, void* context, void* statement, void*) {
  auto& seen = *static_cast<std::set<std::string>*>(context);
  if (const char* sql = sqlite3_sql(static_cast<sqlite3_stmt*>(statement))) seen.insert(sql);
  return 0;
}

/// The plan of `sql` as SQLite explains it, one detail line per step, joined by " | ".
std::string plan_of(storage::connection& db, const std::string& sql) {
  SQLite::Statement explain(db.handle(), "EXPLAIN QUERY PLAN " + sql);
  std::string plan;
  while (explain.executeStep()) {
    if (!plan.empty()) plan += " | ";
    plan += explain.getColumn(3).getString();
  }
  return plan;
}

/// The plans of the SELECTs that `run` made on `db`.
template <class Run>
std::vector<std::string> plans_of_selects(storage::connection& db, Run run) {
  std::set<std::string> seen;
  sqlite3_trace_v2(db.handle().getHandle(), SQLITE_TRACE_STMT, remember_statement, &seen);
  run();
  sqlite3_trace_v2(db.handle().getHandle(), 0, nullptr, nullptr);
  std::vector<std::string> plans;
  for (const auto& sql : seen)
    if (sql.starts_with("SELECT")) plans.push_back(plan_of(db, sql));
  return plans;
}

/// A database file at the latest schema with a session on it: what every test below plans on.
struct migrated_store {
  testing::temporary_directory directory;
  storage::connection db{directory.file("plans.db"), storage::connection::mode::read_write};
  int schema_version = storage::migrate(db);
  storage::session current{db};
};

/// The plan of the one SELECT that `run` made on `db`.
template <class Run>
std::string single_plan(storage::connection& db, Run run) {
  const auto plans = plans_of_selects(db, run);
  REQUIRE(plans.size() == 1);
  return plans.front();
}

}  // namespace

TEST_CASE("each tender list filter is a range search on its own index, first page and later ones", "[storage][plans]") {
  migrated_store store;
  auto& db = store.db;
  auto& current = store.current;
  const auto now = *parse_rfc3339("2026-11-24T08:00:00Z");

  struct expectation {
    std::string name;
    procurement::tender_filter filter;
    std::string index;
  };
  const std::vector<expectation> cases = {
      {"region", {.region = "310115"}, "tenders_by_region"},
      {"region and status", {.status = "opened", .region = "310115"}, "tenders_by_region_and_state"},
      {"status", {.status = "awarded"}, "tenders_by_state"},
      {"purchaser", {.purchaser_id = "org_1"}, "tenders_by_purchaser"},
      {"catalogue item", {.catalogue_code = "JD-01"}, "tenders_by_catalogue"},
  };
  for (const auto& c : cases)
    for (const bool later_page : {false, true}) {
      const page_request request{20, later_page ? std::optional<std::string>("tnd_5") : std::nullopt};
      const auto plans = plans_of_selects(db, [&] { current.tenders().list(c.filter, request, now); });
      INFO(c.name << (later_page ? ", later page" : ", first page"));
      REQUIRE(plans.size() == 1);
      INFO("plan: " << plans[0]);
      CHECK(plans[0].find("SEARCH tenders USING INDEX " + c.index + " (") != std::string::npos);
      CHECK(plans[0].find("SCAN") == std::string::npos);
      CHECK(plans[0].find("TEMP B-TREE") == std::string::npos);  // already in id order: no sort
    }
}

TEST_CASE("a tender is read by its key", "[storage][plans]") {
  migrated_store store;
  auto& db = store.db;
  auto& current = store.current;
  const auto plans = plans_of_selects(db, [&] { current.tenders().find("tnd_1"); });
  REQUIRE_FALSE(plans.empty());
  for (const auto& plan : plans) {
    INFO("plan: " << plan);
    CHECK(plan.find("SEARCH") != std::string::npos);
    CHECK(plan.find("SCAN") == std::string::npos);
  }
}

TEST_CASE("a stored response is found through the narrow index of its key", "[storage][plans]") {
  migrated_store store;
  auto& db = store.db;
  auto& current = store.current;
  const auto plans = plans_of_selects(db, [&] { current.idempotency().find("acc_1", "key-1"); });
  REQUIRE(plans.size() == 1);
  INFO("plan: " << plans.front());
  CHECK(plans.front().find("SEARCH idempotency_keys USING INDEX idempotency_keys_by_account_and_key") !=
        std::string::npos);
}

TEST_CASE("the repeats of a failed tender are found through the partial index of retender_of", "[storage][plans]") {
  migrated_store store;
  auto& db = store.db;
  auto& current = store.current;
  const auto plans = plans_of_selects(db, [&] { current.tenders().retenders_of("tnd_1"); });
  REQUIRE(plans.size() == 1);
  INFO("plan: " << plans.front());
  CHECK(plans.front().find("SEARCH tenders USING INDEX tenders_by_retender_of") != std::string::npos);
}

TEST_CASE("whether a tender names a cost estimate in public is a search of two partial indexes", "[storage][plans]") {
  migrated_store store;
  auto& db = store.db;
  auto& current = store.current;
  const auto plans = plans_of_selects(db, [&] { (void)current.tenders().cost_estimate_named_in_public("est_1"); });
  REQUIRE(plans.size() == 1);
  INFO("plan: " << plans.front());
  CHECK(plans.front().find("SEARCH tenders USING INDEX tenders_by_cost_estimate (cost_estimate_id=?)") !=
        std::string::npos);
  CHECK(plans.front().find("SEARCH tender_amendment_changes USING INDEX amended_cost_estimates (before=?)") !=
        std::string::npos);
}

TEST_CASE("a tender's bids, and a supplier's active bid on it, are ranges of the one tender index of bids",
          "[storage][plans]") {
  migrated_store store;
  auto& db = store.db;
  auto& current = store.current;
  const auto only_plan = [&](auto run) {
    const auto plan = single_plan(db, run);
    INFO("plan: " << plan);
    CHECK(plan.find("SCAN b") == std::string::npos);
    return plan;
  };
  const auto of_tender = only_plan([&] { current.bids().of_tender("tnd_1"); });
  CHECK(of_tender.find("SEARCH b USING INDEX bids_by_tender_and_supplier (tender_id=?)") != std::string::npos);
  const auto of_tenders = only_plan([&] { current.bids().of_tenders({"tnd_1", "tnd_2"}); });
  CHECK(of_tenders.find("SEARCH b USING INDEX bids_by_tender_and_supplier (tender_id=?)") != std::string::npos);
  const auto active = only_plan([&] { current.bids().active_of("tnd_1", "org_1"); });
  CHECK(active.find("SEARCH b USING INDEX bids_by_tender_and_supplier (tender_id=? AND supplier_id=?)") !=
        std::string::npos);
}

TEST_CASE("a supplier's tenders are a range of the index of its bids in arrival order", "[storage][plans]") {
  migrated_store store;
  auto& db = store.db;
  auto& current = store.current;
  const auto now = *parse_rfc3339("2026-11-24T08:00:00Z");
  const auto searches_bids_by_supplier = [&](auto run) {
    const auto plan = single_plan(db, run);
    INFO("plan: " << plan);
    CHECK(plan.find("USING INDEX bids_by_supplier (supplier_id=?)") != std::string::npos);
    CHECK(plan.find("SCAN") == std::string::npos);
  };
  // Keyed by supplier alone (migration 25): the plan line is the same as for the old
  // (supplier_id, tender_id) index, so the shape is checked too.
  SQLite::Statement columns(db.handle(), "SELECT group_concat(name) FROM pragma_index_info('bids_by_supplier')");
  REQUIRE(columns.executeStep());
  CHECK(columns.getColumn(0).getString() == "supplier_id");
  searches_bids_by_supplier([&] { current.bids().tender_ids_of_supplier("org_1"); });
  searches_bids_by_supplier(
      [&] { current.tenders().list({.supplier_id = "org_1"}, page_request{20, std::nullopt}, now); });
}

TEST_CASE("a list page read as keys is the same page, and with region and state it reads no tender row",
          "[storage][plans]") {
  migrated_store store;
  auto& db = store.db;
  auto& current = store.current;
  db.handle().exec("PRAGMA foreign_keys=OFF");
  const auto now = *parse_rfc3339("2026-11-24T08:00:00Z");
  const procurement::tender_state states[] = {procurement::tender_state::draft, procurement::tender_state::published,
                                              procurement::tender_state::opened};
  for (int i = 0; i < 9; ++i) {
    procurement::tender t;
    t.id = "tnd_" + std::to_string(i);
    t.purchaser_id = i % 2 == 0 ? "org_1" : "org_2";
    t.state = states[i % 3];
    t.catalogue_code = "JD-01";
    t.terms.title = "t";
    t.terms.region = i < 6 ? "310115" : "310000";
    t.terms.budget_ceiling = money{300000000};
    t.terms.service_start = std::chrono::year{2027} / 1 / 1;
    t.terms.deadline = now + std::chrono::days{i - 4};  // the published tnd_1 and tnd_4 are closed
    t.created_at = now;
    current.tenders().insert(t);
  }
  for (const int i : {1, 2, 5, 7}) {  // one supplier's bids: sealed on 1 and 7, opened on 2 and 5
    procurement::bid b;
    b.id = "bid_" + std::to_string(i);
    b.tender_id = "tnd_" + std::to_string(i);
    b.supplier_id = "org_s";
    b.receipt_hash = "h";
    b.submitted_at = now;
    current.bids().insert(b);
  }
  const std::vector<procurement::tender_filter> filters = {
      {}, {.region = "310115"}, {.status = "opened", .region = "310115"}, {.status = "closed"},
      {.purchaser_id = "org_1", .drafts_of = "org_1"}, {.supplier_id = "org_s"},
      {.supplier_id = "org_s", .supplier_is_caller = true}};
  std::size_t compared = 0;
  for (const auto& filter : filters)
    for (const std::optional<std::string>& after : {std::optional<std::string>{}, std::optional<std::string>("tnd_2")}) {
      const page_request request{2, after};
      const auto full = current.tenders().list(filter, request, now);
      const auto keys = current.tenders().list_keys(filter, request, now);
      REQUIRE(keys.items.size() == full.items.size());
      for (std::size_t i = 0; i < keys.items.size(); ++i) {
        CHECK(keys.items[i].id == full.items[i].id);
        CHECK(keys.items[i].state == full.items[i].state);
      }
      CHECK(keys.next_key == full.next_key);
      compared += full.items.size();
    }
  CHECK(compared >= 14);  // the fixture gives every filter tenders to compare
  const auto plan = single_plan(db, [&] {
    current.tenders().list_keys({.status = "opened", .region = "310115"}, page_request{20, std::nullopt}, now);
  });
  INFO("plan: " << plan);
  CHECK(plan.find("USING COVERING INDEX tenders_by_region_and_state") != std::string::npos);
}

TEST_CASE("each contract list filter is a range search on its own index", "[storage][plans]") {
  migrated_store store;
  auto& db = store.db;
  auto& current = store.current;
  struct expectation {
    std::string name;
    contracts::contract_filter filter;
    std::string index;
  };
  const std::vector<expectation> cases = {
      {"purchaser", {.purchaser_id = "org_1"}, "contracts_by_purchaser"},
      {"supplier", {.supplier_id = "org_2"}, "contracts_by_supplier"},
      {"status", {.state = contracts::contract_state::terminated}, "contracts_by_state"},
  };
  for (const auto& c : cases)
    for (const bool later_page : {false, true}) {
      const page_request request{20, later_page ? std::optional<std::string>("ctr_5") : std::nullopt};
      const auto plans = plans_of_selects(db, [&] { current.contracts().list(c.filter, request); });
      INFO(c.name << (later_page ? ", later page" : ", first page"));
      REQUIRE(plans.size() == 1);
      INFO("plan: " << plans[0]);
      CHECK(plans[0].find("SEARCH contracts USING INDEX " + c.index + " (") != std::string::npos);
      CHECK(plans[0].find("TEMP B-TREE") == std::string::npos);
    }
}
