#include <catch2/catch.hpp>

#include "../../tests/support/temporary_directory.hpp"
#include "procura/storage/connection.hpp"
#include "procura/storage/database.hpp"
#include "procura/storage/session.hpp"

using namespace procura;

TEST_CASE("organizations round-trip and list by keyset pages", "[storage]") {
  testing::temporary_directory directory;
  storage::database database(directory.file("orgs.db"));
  const auto now = *parse_rfc3339("2026-11-23T08:00:00Z");
  database.write([&](storage::session& current) {
    for (int i = 0; i < 7; ++i)
      current.organizations().insert({"org_" + std::to_string(i), procurement::organization_kind::supplier,
                                      "社工服务社 " + std::to_string(i), "code" + std::to_string(i), "310000", now});
    return true;
  });
  database.read([&](storage::session& current) {
    const auto one = current.organizations().find("org_3");
    REQUIRE(one);
    CHECK(one->name == "社工服务社 3");
    CHECK(one->created_at == now);
    std::vector<std::string> seen;
    page_request request{3, std::nullopt};
    while (true) {
      const auto batch = current.organizations().list({}, request);
      for (const auto& item : batch.items) seen.push_back(item.id);
      if (!batch.next_key) break;
      request.after = batch.next_key;
    }
    CHECK(seen == std::vector<std::string>{"org_0", "org_1", "org_2", "org_3", "org_4", "org_5", "org_6"});
  });
}

TEST_CASE("profile versions are all kept and readable", "[storage]") {
  testing::temporary_directory directory;
  storage::database database(directory.file("profiles.db"));
  const auto now = *parse_rfc3339("2026-11-23T08:00:00Z");
  database.write([&](storage::session& current) {
    current.organizations().insert({"org_s", procurement::organization_kind::supplier, "s", "c", "310000", now});
    procurement::qualification_profile p;
    p.organization_id = "org_s";
    p.registration_date = std::chrono::year_month_day{std::chrono::year{2015}, std::chrono::month{3}, std::chrono::day{1}};
    p.registered_region = "310000";
    p.created_at = now;
    p.created_by = "acc";
    for (int v = 1; v <= 3; ++v) {
      p.version = v;
      p.staff.social_worker = 10 * v;
      current.profiles().insert(p);
    }
    return true;
  });
  database.read([&](storage::session& current) {
    CHECK(current.profiles().latest("org_s")->staff.social_worker == 30);
    CHECK(current.profiles().version("org_s", 1)->staff.social_worker == 10);
    CHECK_FALSE(current.profiles().version("org_s", 4));
  });
}

TEST_CASE("a tender's criteria round-trip through its row whatever their text", "[storage]") {
  testing::temporary_directory directory;
  storage::database database(directory.file("criteria.db"));
  const auto now = *parse_rfc3339("2026-11-23T08:00:00Z");
  procurement::tender t;
  t.id = "tnd_X";
  t.purchaser_id = "org_P";
  t.catalogue_code = "SW-01";
  t.terms.title = "戒毒社工服务";
  t.terms.region = "310115";
  t.terms.service_start = std::chrono::year_month_day{std::chrono::year{2027}, std::chrono::month{1}, std::chrono::day{1}};
  t.terms.deadline = now + std::chrono::hours(24 * 30);
  t.created_at = now;
  t.terms.criteria = {
      {"价格", procurement::criterion_kind::price, 30, std::nullopt, {}},
      {std::string("nul\0in the name 3:4", 19), procurement::criterion_kind::objective, 40,
       procurement::objective_metric::certified_share, {{0, 5}, {3000, 20}, {6000, 40}}},
      {"", procurement::criterion_kind::subjective, 30, std::nullopt, {}},
  };
  {
    // The tender alone, without its office and catalogue rows: foreign keys off on this connection.
    storage::connection raw(directory.file("criteria.db"), storage::connection::mode::read_write);
    raw.handle().exec("PRAGMA foreign_keys=OFF");
    storage::session current(raw);
    current.tenders().insert(t);
  }
  database.read([&](storage::session& current) {
    const auto found = current.tenders().find("tnd_X");
    REQUIRE(found);
    CHECK(found->terms.criteria == t.terms.criteria);
    CHECK(found->amendments.empty());
  });
}

TEST_CASE("a contract's amendments round-trip with how each ended, by whom, when and why", "[storage]") {
  testing::temporary_directory directory;
  storage::database database(directory.file("amendments.db"));
  const auto now = *parse_rfc3339("2030-03-02T08:00:00Z");
  contracts::contract c;
  c.id = "ctr_X";
  c.tender_id = "tnd_X";
  c.bid_id = "bid_X";
  c.purchaser_id = "org_P";
  c.supplier_id = "org_S";
  c.state = contracts::contract_state::active;
  c.original_price = c.price = money{100000000};
  c.region = "310115";
  c.service_start = std::chrono::year_month_day{std::chrono::year{2030}, std::chrono::month{1}, std::chrono::day{1}};
  c.awarded_at = c.created_at = now;
  const auto amendment = [&](std::int64_t number, std::string proposed_by) {
    contracts::contract_amendment a;
    a.number = number;
    a.reason = "增加服务对象";
    a.added_value = money{1000000 * number};
    a.proposed_by = std::move(proposed_by);
    a.proposed_at = now + std::chrono::hours(number);
    return a;
  };
  auto agreed = amendment(1, "org_P");
  agreed.agreed_at = now + std::chrono::hours(10);
  auto declined = amendment(2, "org_P");
  declined.ended = contracts::amendment_ending{contracts::amendment_end::declined, "org_S", now + std::chrono::hours(20),
                                               "人手不足: 无法增加"};
  auto withdrawn = amendment(3, "org_S");
  withdrawn.ended = contracts::amendment_ending{contracts::amendment_end::withdrawn, "org_S", now + std::chrono::hours(30),
                                                "proposed in error"};
  c.amendments = {agreed, declined, withdrawn, amendment(4, "org_P")};
  {
    // The contract alone, without its tender and parties: foreign keys off on this connection.
    storage::connection raw(directory.file("amendments.db"), storage::connection::mode::read_write);
    raw.handle().exec("PRAGMA foreign_keys=OFF");
    storage::session current(raw);
    current.contracts().insert(c);
  }
  const auto read_back = [&] {
    std::optional<contracts::contract> found;
    database.read([&](storage::session& current) { found = current.contracts().find("ctr_X"); });
    REQUIRE(found);
    REQUIRE(found->amendments.size() == 4);
    return found->amendments;
  };
  auto stored = read_back();
  CHECK(stored[0].agreed_at == agreed.agreed_at);
  CHECK_FALSE(stored[0].ended);
  REQUIRE(stored[1].ended);
  CHECK(stored[1].ended->kind == contracts::amendment_end::declined);
  CHECK(stored[1].ended->by == "org_S");
  CHECK(stored[1].ended->at == now + std::chrono::hours(20));
  CHECK(stored[1].ended->reason == "人手不足: 无法增加");
  CHECK_FALSE(stored[1].agreed_at);
  REQUIRE(stored[2].ended);
  CHECK(stored[2].ended->kind == contracts::amendment_end::withdrawn);
  CHECK(stored[2].ended->reason == "proposed in error");
  CHECK(stored[3].pending());

  // Ending the pending one later is written over its row, like an agreement.
  c.amendments[3].ended = contracts::amendment_ending{contracts::amendment_end::withdrawn, "org_P",
                                                      now + std::chrono::hours(40), "superseded"};
  {
    storage::connection raw(directory.file("amendments.db"), storage::connection::mode::read_write);
    raw.handle().exec("PRAGMA foreign_keys=OFF");
    storage::session current(raw);
    current.contracts().update(c);
  }
  stored = read_back();
  REQUIRE(stored[3].ended);
  CHECK(stored[3].ended->by == "org_P");
  CHECK(stored[3].ended->reason == "superseded");
  CHECK(stored[1].ended->reason == "人手不足: 无法增加");
}
