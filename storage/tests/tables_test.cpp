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
