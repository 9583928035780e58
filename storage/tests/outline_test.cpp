#include <catch2/catch.hpp>

#include "../../tests/support/temporary_directory.hpp"
#include "procura/procurement/bid.hpp"
#include "procura/storage/connection.hpp"
#include "procura/storage/session.hpp"

using namespace procura;

namespace {

const timestamp now = *parse_rfc3339("2026-11-23T08:00:00Z");

constexpr procurement::tender_state every_tender_state[] = {
    procurement::tender_state::draft,   procurement::tender_state::published, procurement::tender_state::opened,
    procurement::tender_state::evaluated, procurement::tender_state::awarded, procurement::tender_state::contracted,
    procurement::tender_state::failed,  procurement::tender_state::cancelled};

/// The states in which the domain keeps a tender's bids sealed, as an SQL list: the expected
/// outlines are derived from procurement::bids_are_sealed, not copied from the migration.
std::string sealed_states_sql() {
  std::string list;
  for (const auto state : every_tender_state)
    if (procurement::bids_are_sealed(state))
      list += (list.empty() ? "'" : ", '") + std::string(procurement::to_string(state)) + "'";
  return "(" + list + ")";
}

/// The outlines as the bids, their latest versions and their tenders say they must be: one for
/// each bid whose tender no longer seals it (migration 24).
std::string expected_outlines() {
  return "SELECT t.purchaser_id, b.tender_id, b.id, b.supplier_id, b.state, b.qualified, b.abnormal_flagged,"
         " b.abnormal_accepted, b.version, v.price_fen FROM bids AS b JOIN tenders AS t ON t.id = b.tender_id"
         " JOIN bid_versions AS v ON v.bid_id = b.id AND v.version = b.version"
         " WHERE t.state NOT IN " + sealed_states_sql();
}

/// Rows in one of bid_outlines and the expected projection but not in the other.
std::int64_t disagreements(storage::connection& db) {
  const std::string stored = "SELECT * FROM bid_outlines";
  return db.handle()
      .execAndGet("SELECT (SELECT count(*) FROM (" + stored + " EXCEPT " + expected_outlines() +
                  ")) + (SELECT count(*) FROM (" + expected_outlines() + " EXCEPT " + stored + "))")
      .getInt64();
}

std::int64_t outline_count(storage::connection& db) {
  return db.handle().execAndGet("SELECT count(*) FROM bid_outlines").getInt64();
}

/// A bare database file at `version`, with foreign keys off so that a tender needs no
/// catalogue item or organization rows: these tests are about bids and their outlines.
void open_bare(storage::connection& db, int version) {
  storage::migrate(db, version);
  db.handle().exec("PRAGMA foreign_keys=OFF");
}

/// A bare database file at the latest schema with a session on it.
struct bare_store {
  testing::temporary_directory directory;
  storage::connection db{directory.file("outlines.db"), storage::connection::mode::read_write};
  bool opened = (open_bare(db, storage::latest_schema_version()), true);
  storage::session current{db};
};

procurement::tender tender_of(std::string id, std::string purchaser, procurement::tender_state state) {
  procurement::tender t;
  t.id = std::move(id);
  t.purchaser_id = std::move(purchaser);
  t.state = state;
  t.catalogue_code = "C1";
  t.terms.title = "t";
  t.terms.region = "310000";
  t.terms.budget_ceiling = money{300000000};
  t.terms.service_start = std::chrono::year{2027} / 1 / 1;
  t.terms.deadline = now + std::chrono::days{20};
  t.created_at = now;
  t.published_at = now;
  return t;
}

procurement::bid bid_of(std::string id, std::string tender, std::string supplier, std::int64_t price_fen) {
  procurement::bid b;
  b.id = std::move(id);
  b.tender_id = std::move(tender);
  b.supplier_id = std::move(supplier);
  b.content.price = money{price_fen};
  b.receipt_hash = "h";
  b.submitted_at = now;
  return b;
}

/// A tender row as schema 10 held it (today's tender_table writes columns of later migrations).
void insert_schema_10_tender(storage::connection& db, const std::string& id, const std::string& purchaser) {
  db.handle().exec("INSERT INTO tenders (id, purchaser_id, version, state, catalogue_code, catalogue_version,"
                   " staffing_standard, title, description, quantity, region, budget_ceiling_fen, service_start,"
                   " service_months, continuity_justification, method, single_source_justification, tie_rule,"
                   " bid_bond_bp, performance_bond_bp, deadline, created_at) VALUES ('" +
                   id + "', '" + purchaser +
                   "', 3, 'opened', 'SW-01', 1, 20, 'title', '', 60, '310115', 300000000, '2027-01-01', 12, '',"
                   " 'open_tender', '', 'draw', 0, 0, '2026-11-20T09:00:00Z', '2026-10-01T09:00:00Z')");
}

}  // namespace

TEST_CASE("bid outlines follow every write to bids: submit, replace, withdraw, qualification and abnormal-price review",
          "[storage]") {
  bare_store store;
  auto& db = store.db;
  auto& current = store.current;
  current.tenders().insert(tender_of("tnd_a", "org_p", procurement::tender_state::published));
  current.tenders().insert(tender_of("tnd_b", "org_q", procurement::tender_state::published));

  auto first = bid_of("bid_1", "tnd_a", "org_s1", 250000000);
  auto second = bid_of("bid_2", "tnd_a", "org_s2", 260000000);
  current.bids().insert(first);
  current.bids().insert(second);
  current.bids().insert(bid_of("bid_3", "tnd_b", "org_s1", 270000000));
  // Sealed bids have no outline (migration 24), whatever happens to them before the opening.
  CHECK(outline_count(db) == 0);
  first.version = 2;  // a replacement
  first.content.price = money{240000000};
  current.bids().add_version(first);
  second.state = procurement::bid_state::withdrawn;
  second.withdrawn_at = now;
  current.bids().update_review(second);
  CHECK(outline_count(db) == 0);
  CHECK(disagreements(db) == 0);

  // The opening unseals a tender's bids: their outlines appear together, each at its latest
  // version and state, and only that tender's.
  current.tenders().update(tender_of("tnd_a", "org_p", procurement::tender_state::opened));
  CHECK(outline_count(db) == 2);
  CHECK(db.handle().execAndGet("SELECT price_fen FROM bid_outlines WHERE bid_id = 'bid_1'").getInt64() == 240000000);
  CHECK(db.handle().execAndGet("SELECT state FROM bid_outlines WHERE bid_id = 'bid_2'").getString() == "withdrawn");
  current.tenders().update(tender_of("tnd_b", "org_q", procurement::tender_state::opened));
  CHECK(outline_count(db) == 3);
  CHECK(disagreements(db) == 0);

  first.version = 3;  // the storage keeps following later versions, though the domain allows none after the opening
  first.content.price = money{235000000};
  current.bids().add_version(first);
  CHECK(disagreements(db) == 0);
  CHECK(db.handle().execAndGet("SELECT price_fen FROM bid_outlines WHERE bid_id = 'bid_1'").getInt64() == 235000000);

  first.qualification.reviewed = true;
  first.qualification.qualified = false;
  first.qualification.reason = "no licence";
  first.abnormal.flagged = true;
  first.abnormal.accepted = false;
  current.bids().update_review(first);
  CHECK(disagreements(db) == 0);

  // The outline is rebuilt only when a column it projects changes (migration 22): each such
  // column alone must still reach it, and a change it does not carry must leave it right.
  auto third = bid_of("bid_3", "tnd_b", "org_s1", 270000000);
  third.qualification.reviewed = true;
  third.qualification.automatic_pass = true;
  third.qualification.reason = "all checks passed";
  current.bids().update_review(third);
  CHECK(disagreements(db) == 0);
  third.qualification.qualified = true;
  current.bids().update_review(third);
  CHECK(disagreements(db) == 0);
  CHECK(db.handle().execAndGet("SELECT qualified FROM bid_outlines WHERE bid_id = 'bid_3'").getInt() == 1);
  third.abnormal.flagged = true;
  current.bids().update_review(third);
  CHECK(db.handle().execAndGet("SELECT abnormal_flagged FROM bid_outlines WHERE bid_id = 'bid_3'").getInt() == 1);
  third.abnormal.accepted = true;
  current.bids().update_review(third);
  CHECK(db.handle().execAndGet("SELECT abnormal_accepted FROM bid_outlines WHERE bid_id = 'bid_3'").getInt() == 1);
  CHECK(disagreements(db) == 0);

  // What the red flags read: the purchaser's bids only, the new price, the review.
  const auto outlines = current.outlines().bids_of_tenders("org_p", {"tnd_a", "tnd_b"});
  REQUIRE(outlines.size() == 2);
  CHECK(outlines[0].id == "bid_1");
  CHECK(outlines[0].price == money{235000000});
  CHECK(outlines[0].qualified == false);
  CHECK(outlines[0].excluded);
  CHECK(outlines[1].id == "bid_2");
  CHECK(outlines[1].state == procurement::bid_state::withdrawn);
  CHECK_FALSE(outlines[1].qualified.has_value());
  CHECK_FALSE(outlines[1].excluded);
  CHECK(current.outlines().bids_of_tenders("org_q", {"tnd_b"}).size() == 1);
  CHECK(current.outlines().bids_of_tenders("org_p", {}).empty());
}

TEST_CASE("a bid has an outline exactly when the domain no longer seals its tender's bids, in every tender state",
          "[storage]") {
  bare_store store;
  auto& db = store.db;
  auto& current = store.current;
  int number = 0;
  for (const auto state : every_tender_state) {
    const std::string tender_id = "tnd_" + std::to_string(++number);
    const std::string bid_id = "bid_" + std::to_string(number);
    INFO("tender state " << procurement::to_string(state));
    current.tenders().insert(tender_of(tender_id, "org_p", procurement::tender_state::published));
    current.bids().insert(bid_of(bid_id, tender_id, "org_s", 250000000));
    const auto outlined = [&] {
      return db.handle().execAndGet("SELECT count(*) FROM bid_outlines WHERE bid_id = '" + bid_id + "'").getInt() == 1;
    };
    REQUIRE_FALSE(outlined());
    current.tenders().update(tender_of(tender_id, "org_p", state));
    CHECK(outlined() == !procurement::bids_are_sealed(state));
    // Back to sealed (the domain never does it; the projection must still hold).
    current.tenders().update(tender_of(tender_id, "org_p", procurement::tender_state::published));
    CHECK_FALSE(outlined());
    current.tenders().update(tender_of(tender_id, "org_p", state));
  }
  CHECK(outline_count(db) == 5);  // opened, evaluated, awarded, contracted, failed
  CHECK(disagreements(db) == 0);
}

TEST_CASE("a tender update that changes its purchaser and its sealing at once keeps the outlines right", "[storage]") {
  bare_store store;
  auto& db = store.db;
  auto& current = store.current;
  current.tenders().insert(tender_of("tnd_a", "org_p", procurement::tender_state::published));
  current.bids().insert(bid_of("bid_1", "tnd_a", "org_s1", 250000000));
  current.bids().insert(bid_of("bid_2", "tnd_a", "org_s2", 260000000));
  // Two triggers follow a tender (its purchaser, its state); one UPDATE may change both.
  current.tenders().update(tender_of("tnd_a", "org_q", procurement::tender_state::opened));
  CHECK(outline_count(db) == 2);
  CHECK(db.handle().execAndGet("SELECT count(*) FROM bid_outlines WHERE purchaser_id = 'org_q'").getInt() == 2);
  CHECK(disagreements(db) == 0);
  current.tenders().update(tender_of("tnd_a", "org_r", procurement::tender_state::opened));  // purchaser alone
  CHECK(db.handle().execAndGet("SELECT count(*) FROM bid_outlines WHERE purchaser_id = 'org_r'").getInt() == 2);
  CHECK(disagreements(db) == 0);
  current.tenders().update(tender_of("tnd_a", "org_p", procurement::tender_state::published));  // both, back
  CHECK(outline_count(db) == 0);
  CHECK(disagreements(db) == 0);
}

TEST_CASE("a database of schema 23 loses the outlines of sealed bids and keeps the others", "[storage]") {
  testing::temporary_directory directory;
  const auto path = directory.file("schema-23.db");
  {
    storage::connection old(path, storage::connection::mode::read_write);
    open_bare(old, 23);
    storage::session current(old);
    current.tenders().insert(tender_of("tnd_open", "org_p", procurement::tender_state::published));
    current.tenders().insert(tender_of("tnd_opened", "org_p", procurement::tender_state::opened));
    current.tenders().insert(tender_of("tnd_cancelled", "org_q", procurement::tender_state::cancelled));
    current.bids().insert(bid_of("bid_1", "tnd_open", "org_s1", 250000000));
    current.bids().insert(bid_of("bid_2", "tnd_opened", "org_s1", 260000000));
    current.bids().insert(bid_of("bid_3", "tnd_opened", "org_s2", 270000000));
    current.bids().insert(bid_of("bid_4", "tnd_cancelled", "org_s2", 280000000));
    REQUIRE(outline_count(old) == 4);
  }
  storage::connection upgraded(path, storage::connection::mode::read_write);
  CHECK(storage::migrate(upgraded) == storage::latest_schema_version());
  CHECK(outline_count(upgraded) == 2);
  CHECK(disagreements(upgraded) == 0);
  upgraded.handle().exec("PRAGMA foreign_keys=OFF");
  storage::session current(upgraded);
  current.tenders().update(tender_of("tnd_open", "org_p", procurement::tender_state::opened));
  CHECK(outline_count(upgraded) == 3);
  CHECK(disagreements(upgraded) == 0);
}

TEST_CASE("tender outlines of a purchaser leave out drafts and name the contract", "[storage]") {
  bare_store store;
  auto& db = store.db;
  auto& current = store.current;
  current.tenders().insert(tender_of("tnd_2", "org_p", procurement::tender_state::opened));
  current.tenders().insert(tender_of("tnd_1", "org_p", procurement::tender_state::draft));
  current.tenders().insert(tender_of("tnd_3", "org_p", procurement::tender_state::contracted));
  current.tenders().insert(tender_of("tnd_4", "org_q", procurement::tender_state::opened));
  db.handle().exec(
      "INSERT INTO contracts (id, tender_id, bid_id, purchaser_id, supplier_id, version, state, original_price_fen, price_fen,"
      " clients, staffing_standard, region, service_start, service_months, continuity_justification, salary_reserve_fen,"
      " penalty_missing_post_fen, penalty_caseload_fen, awarded_at, created_at) VALUES ('ctr_3', 'tnd_3', 'bid_x', 'org_p',"
      " 'org_s', 1, 'active', 1, 1, 1, 20, '310000', '2027-01-01', 12, '', 0, 0, 0, '2026-11-23T08:00:00Z',"
      " '2026-11-23T08:00:00Z')");
  const auto outlines = current.outlines().tenders_of_purchaser("org_p");
  REQUIRE(outlines.size() == 2);
  CHECK(outlines[0].id == "tnd_2");
  CHECK_FALSE(outlines[0].contract_id);
  CHECK(outlines[0].deadline == now + std::chrono::days{20});
  CHECK(outlines[0].budget_ceiling == money{300000000});
  CHECK(outlines[1].id == "tnd_3");
  CHECK(outlines[1].contract_id == std::optional<std::string>("ctr_3"));
}

TEST_CASE("a database of schema 10 with bids is upgraded with every bid's outline", "[storage]") {
  testing::temporary_directory directory;
  const auto path = directory.file("old-bids.db");
  {
    storage::connection old(path, storage::connection::mode::read_write);
    open_bare(old, 10);
    REQUIRE_FALSE(old.handle().tableExists("bid_outlines"));
    storage::session current(old);
    insert_schema_10_tender(old, "tnd_a", "org_p");
    insert_schema_10_tender(old, "tnd_b", "org_q");
    auto replaced = bid_of("bid_1", "tnd_a", "org_s1", 250000000);
    current.bids().insert(replaced);
    replaced.version = 2;
    replaced.content.price = money{230000000};
    current.bids().add_version(replaced);
    current.bids().insert(bid_of("bid_2", "tnd_a", "org_s2", 260000000));
    current.bids().insert(bid_of("bid_3", "tnd_b", "org_s3", 270000000));
  }
  storage::connection upgraded(path, storage::connection::mode::read_write);
  CHECK(storage::migrate(upgraded) == storage::latest_schema_version());
  CHECK(outline_count(upgraded) == 3);
  CHECK(disagreements(upgraded) == 0);
  CHECK(upgraded.handle().execAndGet("SELECT price_fen FROM bid_outlines WHERE bid_id = 'bid_1'").getInt64() == 230000000);
}

TEST_CASE("a supplier's tenders are those of its active bids: a withdrawn bid was never opened", "[storage]") {
  bare_store store;
  auto& current = store.current;
  current.tenders().insert(tender_of("tnd_a", "org_p", procurement::tender_state::opened));
  current.tenders().insert(tender_of("tnd_b", "org_p", procurement::tender_state::opened));
  current.bids().insert(bid_of("bid_1", "tnd_a", "org_s1", 250000000));
  auto withdrawn = bid_of("bid_2", "tnd_b", "org_s1", 260000000);
  current.bids().insert(withdrawn);
  withdrawn.state = procurement::bid_state::withdrawn;
  current.bids().update_review(withdrawn);
  CHECK(current.bids().tender_ids_of_supplier("org_s1") == std::vector<std::string>{"tnd_a"});
}
