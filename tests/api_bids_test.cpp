// Sealed bids through to award and challenges, over real HTTP.
#include <catch2/catch.hpp>

#include <optional>

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/json.hpp>

#include <concepts>
#include <future>
#include <map>
#include <thread>

#include "bid_flow_fixture.hpp"
#include "procura/core/crypto.hpp"

using namespace procura::testing;
namespace json = boost::json;

namespace boost::json {
/// Lets tests compare a JSON string with an id held in a std::string (found by ADL from Catch).
template <class Text>
  requires std::same_as<Text, std::string>
inline bool operator==(const value& v, const Text& text) {
  return v.is_string() && v.get_string() == text;
}
}  // namespace boost::json

TEST_CASE("submission returns a receipt whose hash anyone can recompute, and a staffing check", "[api][bids]") {
  bid_flow_fixture api;
  const auto reply = api.submit(0, 2'000'000);
  REQUIRE(reply.status == 201);
  const auto body = reply.json();
  const auto& receipt = body.at("receipt");
  const std::string document(receipt.at("hashed_document").as_string());
  CHECK(procura::crypto::sha256_hex(document) == receipt.at("sha256").as_string());
  CHECK(json::parse(document).at("price").at("amount") == 200'000'000);
  bool saw_salary_check = false;
  for (const auto& finding : body.at("staffing_check").as_array()) {
    if (finding.at("check") == "salary_vs_benchmark") {
      saw_salary_check = true;
      CHECK(finding.at("shortfall") == false);  // 9,500 ≥ the 9,000 guide
    }
    if (finding.at("check") == "posts_vs_minimum") CHECK(finding.at("shortfall") == false);  // 15 ≥ 15
  }
  CHECK(saw_salary_check);
  // The receipt is in the audit chain (sealed: its entry shows only sequence and hashes).
  const auto audit = api.client.get("/api/v1/audit?limit=500", api.admin()).json().at("items").as_array();
  CHECK(audit.back().at("sealed") == true);
  CHECK_FALSE(audit.back().as_object().contains("state"));
  const auto verified = api.client.get("/api/v1/audit/verify", api.admin()).json();
  CHECK(verified.at("intact") == true);
  // The anchor it gives holds; a wrong hash at that entry, or an entry past the end, does not.
  const std::string anchor(verified.at("anchor").as_string());
  CHECK(api.client.get("/api/v1/audit/verify?anchor=" + anchor, api.admin()).json().at("intact") == true);
  const auto length = verified.at("entries_checked").as_int64();
  const std::string other_hash(64, '0');
  const auto rewritten = api.client.get("/api/v1/audit/verify?anchor=" + std::to_string(length) + ":" + other_hash,
                                        api.admin()).json();
  CHECK(rewritten.at("intact") == false);
  CHECK(rewritten.at("first_broken_sequence") == length);
  CHECK(api.client.get("/api/v1/audit/verify?anchor=" + std::to_string(length + 1000) + ":" + other_hash, api.admin())
            .json().at("intact") == false);
  const auto malformed = api.client.get("/api/v1/audit/verify?anchor=nonsense", api.admin());
  CHECK(malformed.status == 422);
  CHECK(names_pointer(malformed, "/query/anchor"));
}

TEST_CASE("a staffing plan below the benchmark and the minimum is marked to the bidder", "[api][bids]") {
  bid_flow_fixture api;
  auto body = bid_flow_fixture::bid_body(2'000'000, 10);
  body["staffing"].as_array()[0].as_object()["monthly_salary"] = bid_flow_fixture::money(8000);
  const auto reply = api.client.post("/api/v1/tenders/" + api.tender_id + "/bids", body, api.suppliers[0].token);
  REQUIRE(reply.status == 201);
  int shortfalls = 0;
  const auto body_json = reply.json();
  for (const auto& finding : body_json.at("staffing_check").as_array())
    if (finding.at("shortfall") == true) ++shortfalls;
  CHECK(shortfalls == 2);
  // At opening the review checks the posts too, and the bid does not pass on its own.
  for (std::size_t i = 1; i < 3; ++i) api.submit_ok(i, 2'300'000);
  api.pass_deadline();
  REQUIRE(api.open().status == 200);
  const auto bid = api.client.get("/api/v1/tenders/" + api.tender_id + "/bids/" + std::string(reply.json().at("id").as_string()),
                                  api.purchaser_token).json();
  INFO(json::serialize(bid));
  bool checked = false;
  for (const auto& check : bid.at("qualification").at("checks").as_array())
    if (check.at("name") == "posts_vs_minimum") {
      checked = true;
      CHECK(check.at("passed") == false);
    }
  CHECK(checked);
  CHECK(bid.at("qualification").at("automatic_pass") == false);
}

TEST_CASE("uncertified staff and posts shorter than the service fill no social worker's post", "[api][bids]") {
  bid_flow_fixture api;  // 300 clients at 20 a worker: 15 posts, 12 months
  std::size_t bidder = 0;  // one active bid a supplier: each plan from the next one
  const auto posts_finding = [&](const json::object& body) {
    const auto reply = api.client.post("/api/v1/tenders/" + api.tender_id + "/bids", body, api.suppliers.at(bidder++).token);
    INFO(reply.body);
    REQUIRE(reply.status == 201);
    const auto findings = reply.json();
    for (const auto& finding : findings.at("staffing_check").as_array())
      if (finding.at("check") == "posts_vs_minimum") return finding.as_object();
    FAIL("no posts_vs_minimum finding");
    return json::object{};
  };
  auto uncertified = bid_flow_fixture::bid_body(2'300'000, 15);
  uncertified["staffing"].as_array()[0].as_object()["level"] = "none";
  const auto none = posts_finding(uncertified);
  CHECK(none.at("shortfall") == true);
  CHECK(std::string(none.at("message").as_string()).find("0 social-worker posts") != std::string::npos);
  // Fifteen posts for one month of twelve: cheap to price, and empty from the second month on.
  auto one_month = bid_flow_fixture::bid_body(2'300'000, 15);
  one_month["staffing"].as_array()[0].as_object()["months"] = 1;
  CHECK(posts_finding(one_month).at("shortfall") == true);
  CHECK(posts_finding(bid_flow_fixture::bid_body(2'300'000, 15)).at("shortfall") == false);
  // A post cannot outlast the service it is paid from.
  auto thirteen = bid_flow_fixture::bid_body(2'300'000, 15);
  thirteen["staffing"].as_array()[0].as_object()["months"] = 13;
  const auto refused = api.client.post("/api/v1/tenders/" + api.tender_id + "/bids", thirteen, api.suppliers[3].token);
  CHECK(refused.status == 422);
  CHECK(names_pointer(refused, "/staffing/0/months"));
  // The review at opening counts the same way: the first two fall short, the third does not.
  api.pass_deadline();
  REQUIRE(api.open().status == 200);
  const auto bids = api.client.get("/api/v1/tenders/" + api.tender_id + "/bids", api.purchaser_token).json();
  std::map<std::string, bool> passed;  // supplier → posts_vs_minimum passed
  for (const auto& item : bids.at("items").as_array()) {
    const auto bid = api.client.get("/api/v1/tenders/" + api.tender_id + "/bids/" + std::string(item.at("id").as_string()),
                                    api.purchaser_token).json();
    for (const auto& check : bid.at("qualification").at("checks").as_array())
      if (check.at("name") == "posts_vs_minimum") passed[std::string(bid.at("supplier_id").as_string())] = check.at("passed").as_bool();
  }
  REQUIRE(passed.size() == 3);
  CHECK_FALSE(passed.at(api.suppliers[0].organization_id));  // uncertified
  CHECK_FALSE(passed.at(api.suppliers[1].organization_id));  // one month of twelve
  CHECK(passed.at(api.suppliers[2].organization_id));
}

TEST_CASE("qualification is judged as the supplier stood at the deadline, not on the day of opening", "[api][bids]") {
  bid_flow_fixture api;  // the catalogue asks for 2 years since registration
  const auto deadline = *procura::parse_rfc3339(
      api.client.get("/api/v1/tenders/" + api.tender_id).json().at("deadline").as_string());
  // Registered two years before the day after the deadline: 1 year at the deadline, 2 a few days on.
  const auto day_after = procura::china_date(deadline + std::chrono::days{1});
  const std::chrono::year_month_day registered{day_after.year() - std::chrono::years{2}, day_after.month(),
                                               day_after.day().ok() ? day_after.day() : std::chrono::day{28}};
  const auto profile = bid_flow_fixture::supplier_profile(procura::format_date(registered));
  const auto profile_path = "/api/v1/organizations/" + api.suppliers[0].organization_id + "/profile";
  const auto version = api.client.get(profile_path, api.suppliers[0].token).json().at("version").as_int64();
  REQUIRE(api.client.request("PUT", profile_path, json::serialize(profile), api.suppliers[0].token,
                             {{"If-Match", "\"" + std::to_string(version) + "\""}})
              .status == 200);
  const auto young = api.submit_ok(0, 2'100'000);
  for (std::size_t i = 1; i < 3; ++i) api.submit_ok(i, 2'200'000);
  api.pass_deadline();
  api.advance(5 * 86400);  // the purchaser opens five days late
  REQUIRE(api.open().status == 200);
  const auto bid = api.client.get("/api/v1/tenders/" + api.tender_id + "/bids/" + young, api.purchaser_token).json();
  INFO(json::serialize(bid));
  bool checked = false;
  for (const auto& check : bid.at("qualification").at("checks").as_array())
    if (check.at("name") == "years_established") {
      checked = true;
      CHECK(check.at("passed") == false);
    }
  CHECK(checked);
}

TEST_CASE("a price above the budget ceiling makes a bid invalid: refused, and nothing is stored", "[api][bids][law]") {
  bid_flow_fixture api;  // ceiling 3,000,000 yuan
  const auto audit_before = api.client.get("/api/v1/audit/verify", api.admin()).json().at("entries_checked");
  const auto over = api.submit(0, 3'000'001);
  CHECK(over.status == 422);
  CHECK(over.header("content-type") == "application/problem+json");
  CHECK(names_pointer(over, "/price/amount"));
  CHECK(api.client.get("/api/v1/audit/verify", api.admin()).json().at("entries_checked") == audit_before);
  const auto own = api.client.get("/api/v1/tenders/" + api.tender_id + "/bids", api.suppliers[0].token);
  REQUIRE(own.status == 200);
  CHECK(own.json().at("items").as_array().empty());

  // At the ceiling exactly a bid is valid; a replacement above it is refused like a new bid.
  const auto at_ceiling = api.submit(0, 3'000'000);
  REQUIRE(at_ceiling.status == 201);
  const auto bid_path = "/api/v1/tenders/" + api.tender_id + "/bids/" + std::string(at_ceiling.json().at("id").as_string());
  const auto replaced = api.client.request("PUT", bid_path, json::serialize(bid_flow_fixture::bid_body(3'500'000)),
                                           api.suppliers[0].token, {{"If-Match", at_ceiling.header("etag")}});
  CHECK(replaced.status == 422);
  CHECK(api.client.get(bid_path, api.suppliers[0].token).json().at("version") == 1);
}

TEST_CASE("before opening nobody but the bidder can read a bid or learn that one exists", "[api][bids][sealed]") {
  bid_flow_fixture api(2);
  const auto bid = api.submit_ok(0, 2'000'000);
  const std::string random_id = "bid_01ZZZZZZZZZZZZZZZZZZZZZZZZ";
  const std::string base = "/api/v1/tenders/" + api.tender_id + "/bids/";
  const std::vector<std::pair<std::string, std::string>> observers{
      {"purchaser", api.purchaser_token}, {"admin", api.admin()}, {"other supplier", api.suppliers[1].token},
      {"expert", api.expert_tokens[0]}, {"anonymous", ""}};
  for (const auto& [who, token] : observers) {
    INFO(who);
    const auto real = api.client.get(base + bid, token);
    const auto fake = api.client.get(base + random_id, token);
    CHECK(real.status == 404);
    // The ids themselves appear in the detail; everything else must be identical.
    CHECK(observable(real, bid) == observable(fake, random_id));
    // Lists say nothing either way.
    const auto list = api.client.get("/api/v1/tenders/" + api.tender_id + "/bids", token);
    if (who == "other supplier") {
      CHECK(list.status == 200);
      CHECK(list.json().at("items").as_array().empty());
    } else {
      CHECK(list.status == 409);
      CHECK(list.body.find(bid) == std::string::npos);
    }
    // Writes on another's bid answer like writes on a random id.
    if (who == "other supplier") {
      const auto body = json::serialize(bid_flow_fixture::bid_body(1'000'000));
      const std::map<std::string, std::string> version_one{{"If-Match", "\"1\""}};
      CHECK(observable(api.client.request("PUT", base + bid, body, token, version_one), bid) ==
            observable(api.client.request("PUT", base + random_id, body, token, version_one), random_id));
      CHECK(observable(api.client.request("DELETE", base + bid, {}, token), bid) ==
            observable(api.client.request("DELETE", base + random_id, {}, token), random_id));
    }
  }
  // The tender view carries no count, and the bidder still sees its own bid.
  const auto tender = api.client.get("/api/v1/tenders/" + api.tender_id, api.purchaser_token).body;
  CHECK(tender.find("bid_count") == std::string::npos);
  CHECK(tender.find(bid) == std::string::npos);
  CHECK(api.client.get(base + bid, api.suppliers[0].token).status == 200);
  // The audit trail shows the entry's place in the chain, not what it is about.
  const auto audit = api.client.get("/api/v1/audit?limit=500", api.admin()).body;
  CHECK(audit.find(bid) == std::string::npos);
  // Open data shows nothing of sealed bids either.
  const auto record = api.client.get("/api/v1/ocds/records/ocds-procura-" + api.tender_id);
  REQUIRE(record.status == 200);
  CHECK(record.body.find(bid) == std::string::npos);
  CHECK(record.body.find("\"bids\"") == std::string::npos);
  CHECK(record.body.find("numberOfTenderers") == std::string::npos);
  CHECK(api.client.get("/api/v1/ocds/releases?limit=500").body.find(bid) == std::string::npos);
  // Red flags neither: a supplier's flags do not reveal that it bid on a sealed tender.
  const auto supplier_flags = api.client.get("/api/v1/red-flags?supplier=" + api.suppliers[0].organization_id);
  CHECK(supplier_flags.status == 200);
  CHECK(supplier_flags.body.find(api.tender_id) == std::string::npos);
  const auto tender_flags = api.client.get("/api/v1/red-flags?tender=" + api.tender_id).json().at("items").as_array();
  CHECK(tender_flags.empty());  // one sealed bid: no R018 before opening
}

TEST_CASE("bids are accepted until one second before the deadline and refused from the deadline on", "[api][bids][law]") {
  bid_flow_fixture api(3);
  const auto tender = api.client.get("/api/v1/tenders/" + api.tender_id).json();
  const auto deadline = *procura::parse_rfc3339(tender.at("deadline").as_string());
  REQUIRE(api.client.post("/api/v1/test/clock", {{"now", procura::format_rfc3339(deadline - std::chrono::seconds{1})}}, api.admin()).status == 200);
  const auto bid = api.submit_ok(0, 2'000'000);
  REQUIRE(api.client.post("/api/v1/test/clock", {{"now", procura::format_rfc3339(deadline)}}, api.admin()).status == 200);
  const auto late = api.submit(1, 1'900'000);
  CHECK(late.status == 409);
  CHECK(std::string(late.json().at("detail").as_string()).find("deadline") != std::string::npos);
  const std::string path = "/api/v1/tenders/" + api.tender_id + "/bids/" + bid;
  CHECK(api.client.request("PUT", path, json::serialize(bid_flow_fixture::bid_body(1)), api.suppliers[0].token,
                           {{"If-Match", "\"1\""}}).status == 409);
  CHECK(api.client.request("DELETE", path, {}, api.suppliers[0].token).status == 409);
}

TEST_CASE("a replacement counts as the last version; a withdrawal removes the bid", "[api][bids]") {
  bid_flow_fixture api(3);
  const auto bid = api.submit_ok(0, 2'000'000);
  const std::string path = "/api/v1/tenders/" + api.tender_id + "/bids/" + bid;
  CHECK(api.submit(0, 1'000'000).status == 409);  // one active bid per supplier
  const auto replacement = json::serialize(bid_flow_fixture::bid_body(1'950'000));
  // A replacement names the version it replaces (SPEC §4): none, or a stale one, changes nothing.
  const auto unnamed = api.client.request("PUT", path, replacement, api.suppliers[0].token);
  CHECK(unnamed.status == 428);
  CHECK(unnamed.header("content-type") == "application/problem+json");
  CHECK(api.client.request("PUT", path, replacement, api.suppliers[0].token, {{"If-Match", "\"7\""}}).status == 412);
  CHECK(api.client.get(path, api.suppliers[0].token).json().at("version") == 1);
  const auto replaced = api.client.request("PUT", path, replacement, api.suppliers[0].token, {{"If-Match", "\"1\""}});
  REQUIRE(replaced.status == 200);
  CHECK(replaced.json().at("version") == 2);
  CHECK(replaced.header("etag") == "\"2\"");
  CHECK(api.client.request("PUT", path, replacement, api.suppliers[0].token, {{"If-Match", "\"1\""}}).status == 412);
  const auto withdrawn_id = api.submit_ok(1, 2'100'000);
  CHECK(api.client.request("DELETE", "/api/v1/tenders/" + api.tender_id + "/bids/" + withdrawn_id, {},
                           api.suppliers[1].token).status == 200);
  api.submit_ok(2, 2'200'000);
  api.pass_deadline();
  const auto opened = api.open();
  REQUIRE(opened.status == 200);
  // Two active bids: too few for an open tender.
  CHECK(opened.json().at("tender").at("status") == "failed");
  const auto bids = opened.json().at("bids").as_array();
  REQUIRE(bids.size() == 2);
  for (const auto& b : bids)
    if (b.at("id") == bid) CHECK(b.at("price").at("amount") == 195'000'000);
}

TEST_CASE("two concurrent submissions with one Idempotency-Key make exactly one bid", "[api][bids]") {
  bid_flow_fixture api(3);
  const std::map<std::string, std::string> key{{"Idempotency-Key", "deadline-retry-7"}};
  const auto body = json::serialize(bid_flow_fixture::bid_body(2'000'000));
  const auto send = [&] {
    http_client own(api.server.port());
    return own.request("POST", "/api/v1/tenders/" + api.tender_id + "/bids", body, api.suppliers[0].token, key);
  };
  auto first = std::async(std::launch::async, send);
  auto second = std::async(std::launch::async, send);
  const auto a = first.get();
  const auto b = second.get();
  CHECK(a.status == 201);
  CHECK(b.status == 201);
  CHECK(a.json().at("id") == b.json().at("id"));
  const auto own = api.client.get("/api/v1/tenders/" + api.tender_id + "/bids", api.suppliers[0].token).json();
  CHECK(own.at("items").as_array().size() == 1);
}

TEST_CASE("opening is refused before the deadline and reveals every bid at once after it", "[api][bids][law]") {
  bid_flow_fixture api;
  for (std::size_t i = 0; i < 4; ++i) api.submit_ok(i, 1'800'000 + static_cast<std::int64_t>(i) * 50'000);
  CHECK(api.open().status == 409);
  // One second before the deadline is still before it; at the deadline the bids are opened.
  const auto deadline = *procura::parse_rfc3339(api.client.get("/api/v1/tenders/" + api.tender_id).json().at("deadline").as_string());
  const auto set_clock = [&](procura::timestamp at) {
    REQUIRE(api.client.post("/api/v1/test/clock", {{"now", procura::format_rfc3339(at)}}, api.admin()).status == 200);
  };
  set_clock(deadline - std::chrono::seconds{1});
  const auto early = api.open();
  CHECK(early.status == 409);
  CHECK(api.client.get("/api/v1/tenders/" + api.tender_id).json().at("status") == "published");
  set_clock(deadline);
  const auto opened = api.open();
  REQUIRE(opened.status == 200);
  CHECK(opened.json().at("tender").at("status") == "opened");
  CHECK(opened.json().at("bids").as_array().size() == 4);
  // Now the public sees the bids (without proposal texts), and the audit entries are revealed.
  const auto listed = api.client.get("/api/v1/tenders/" + api.tender_id + "/bids").json().at("items").as_array();
  CHECK(listed.size() == 4);
  CHECK_FALSE(listed[0].as_object().contains("technical_proposal"));
  const auto audit = api.client.get("/api/v1/audit?limit=500", api.admin()).json().at("items").as_array();
  for (const auto& entry : audit) CHECK_FALSE(entry.as_object().contains("sealed"));
  // And open data lists them in the bid extension's shape.
  const auto record = api.client.get("/api/v1/ocds/records/ocds-procura-" + api.tender_id).json();
  const auto& compiled = record.at("records").as_array().at(0).at("compiledRelease");
  CHECK(compiled.at("bids").at("details").as_array().size() == 4);
  CHECK(compiled.at("tender").at("numberOfTenderers") == 4);
}

TEST_CASE("the chain records a submission as its receipt and an opening as what it made public", "[api][bids]") {
  bid_flow_fixture api;
  const auto submitted = api.submit(0, 1'900'000);
  REQUIRE(submitted.status == 201);
  const auto bid = submitted.json();
  for (std::size_t i = 1; i < 3; ++i) api.submit_ok(i, 1'800'000 + static_cast<std::int64_t>(i) * 50'000);
  api.pass_deadline();
  REQUIRE(api.open().status == 200);

  const auto audit = api.client.get("/api/v1/audit?limit=500", api.admin()).json().at("items").as_array();
  const json::object* submission = nullptr;
  const json::object* opening = nullptr;
  for (const auto& entry : audit) {
    if (entry.at("action") == "bid.submit" && entry.at("entity_id") == bid.at("id")) submission = &entry.as_object();
    if (entry.at("action") == "tender.open") opening = &entry.as_object();
  }
  REQUIRE(submission != nullptr);
  REQUIRE(opening != nullptr);
  // Anyone holding the receipt can rebuild the recorded state and its hash, keys in order.
  const auto text = [](const json::value& v) { return std::string(v.as_string()); };
  const std::string recorded = "{\"bid_id\":\"" + text(bid.at("id")) + "\",\"receipt\":{\"server_time\":\"" +
                               text(bid.at("receipt").at("server_time")) + "\",\"sha256\":\"" +
                               text(bid.at("receipt").at("sha256")) + "\"},\"supplier_id\":\"" +
                               text(bid.at("supplier_id")) + "\",\"tender_id\":\"" + api.tender_id +
                               "\",\"version\":1}";
  CHECK(submission->at("state") == json::parse(recorded));
  CHECK(procura::crypto::sha256_hex(recorded) == submission->at("state_hash").as_string());
  // The opening records the tender and each bid's public summary, not the proposals again.
  const auto& revealed = opening->at("state").at("bids").as_array();
  CHECK(revealed.size() == 3);
  for (const auto& summary : revealed) {
    CHECK(summary.as_object().contains("receipt"));
    CHECK_FALSE(summary.as_object().contains("technical_proposal"));
  }
  CHECK(opening->at("state").at("tender").at("status") == "opened");
  CHECK(api.client.get("/api/v1/audit/verify", api.admin()).json().at("intact") == true);
}

TEST_CASE("fewer than 3 qualified bids fail an open tender with the reason", "[api][bids][law]") {
  bid_flow_fixture api(3);
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < 3; ++i) ids.push_back(api.submit_ok(i, 2'000'000));
  api.pass_deadline();
  REQUIRE(api.open().status == 200);
  const std::string path = "/api/v1/tenders/" + api.tender_id + "/qualification";
  // Overriding a pass to a fail without a reason is refused.
  const auto no_reason = api.client.post(path, {{"decisions", {{{"bid_id", ids[0]}, {"qualified", false}}}}}, api.purchaser_token);
  CHECK(no_reason.status == 422);
  CHECK(names_pointer(no_reason, "/decisions/0/reason"));
  const auto decided = api.client.post(
      path,
      {{"decisions",
        {{{"bid_id", ids[0]}, {"qualified", false}, {"reason", "资质证书过期 (certificate expired)"}},
         {{"bid_id", ids[1]}, {"qualified", true}},
         {{"bid_id", ids[2]}, {"qualified", true}}}}},
      api.purchaser_token);
  REQUIRE(decided.status == 200);
  CHECK(decided.json().at("tender").at("status") == "failed");
  CHECK(std::string(decided.json().at("tender").at("end_reason").as_string()).find("qualified") != std::string::npos);

  // Open data: the failure's release shows the decisions the tender failed on, as the compiled
  // release does, not bids still pending.
  const auto record = api.client.get("/api/v1/ocds/records/ocds-procura-" + api.tender_id).json().at("records").at(0);
  const json::value* unsuccessful = nullptr;
  for (const auto& release : record.at("releases").as_array())
    if (release.at("id") == json::value(api.tender_id + "-unsuccessful")) unsuccessful = &release;
  REQUIRE(unsuccessful != nullptr);
  CHECK(unsuccessful->at("tender").at("status") == "unsuccessful");
  const auto statuses = [](const json::value& release) {
    std::map<std::string, std::string> by_bid;
    for (const auto& b : release.at("bids").at("details").as_array())
      by_bid.emplace(b.at("id").as_string(), b.at("status").as_string());
    return by_bid;
  };
  CHECK(statuses(*unsuccessful) == statuses(record.at("compiledRelease")));
  CHECK(statuses(*unsuccessful).at(ids[0]) == "disqualified");
  CHECK(statuses(*unsuccessful).at(ids[1]) == "valid");
}

TEST_CASE("a bid sealed under a ceiling that an amendment lowered fails at opening and cannot be qualified",
          "[api][bids][law]") {
  bid_flow_fixture api(3);
  const auto above = api.submit_ok(0, 2'950'000);
  const auto below = std::vector<std::string>{api.submit_ok(1, 2'400'000), api.submit_ok(2, 2'400'000)};
  // The ceiling comes down under the sealed bid of supplier 0; the purchaser cannot know.
  const auto tender = api.client.get("/api/v1/tenders/" + api.tender_id).json();
  // Said not to affect preparation, a lower ceiling is refused: bids are priced against it.
  const auto undeclared = api.client.request(
      "POST", "/api/v1/tenders/" + api.tender_id + "/amend",
      json::serialize(json::object{{"reason", "预算调减 (budget reduced)"},
                                   {"affects_bid_preparation", false},
                                   {"changes", {{"budget_ceiling", bid_flow_fixture::money(2'900'000)}}}}),
      api.purchaser_token, {{"If-Match", "\"" + std::to_string(tender.at("version").as_int64()) + "\""}});
  CHECK(undeclared.status == 422);
  CHECK(names_pointer(undeclared, "/affects_bid_preparation"));
  const auto amended = api.client.request(
      "POST", "/api/v1/tenders/" + api.tender_id + "/amend",
      json::serialize(json::object{{"reason", "预算调减 (budget reduced)"},
                                   {"affects_bid_preparation", true},
                                   {"changes", {{"budget_ceiling", bid_flow_fixture::money(2'900'000)}}}}),
      api.purchaser_token, {{"If-Match", "\"" + std::to_string(tender.at("version").as_int64()) + "\""}});
  INFO(amended.body);
  REQUIRE(amended.status == 200);
  api.pass_deadline();
  REQUIRE(api.open().status == 200);

  const std::string path = "/api/v1/tenders/" + api.tender_id + "/qualification";
  const auto review = api.client.get(path, api.purchaser_token).json();
  for (const auto& b : review.at("bids").as_array()) {
    const bool is_above = b.at("id") == json::value(above);
    bool ceiling_checked = false;
    for (const auto& check : b.at("qualification").at("checks").as_array())
      if (check.at("name") == "price_within_ceiling") {
        ceiling_checked = true;
        CHECK(check.at("passed").as_bool() == !is_above);
      }
    CHECK(ceiling_checked);
    CHECK(b.at("qualification").at("automatic_pass").as_bool() == !is_above);
  }
  // Invalid by law: no reason lets the purchaser qualify it.
  const auto overridden = api.client.post(
      path, {{"decisions", {{{"bid_id", above}, {"qualified", true}, {"reason", "价格可接受 (price acceptable)"}}}}},
      api.purchaser_token);
  CHECK(overridden.status == 422);
  CHECK(names_pointer(overridden, "/decisions/0/qualified"));
  const auto decided = api.client.post(
      path,
      {{"decisions",
        {{{"bid_id", above}, {"qualified", false}},
         {{"bid_id", below[0]}, {"qualified", true}},
         {{"bid_id", below[1]}, {"qualified", true}}}}},
      api.purchaser_token);
  INFO(decided.body);
  REQUIRE(decided.status == 200);
  CHECK(decided.json().at("tender").at("status") == "failed");  // two valid bids are too few
}

TEST_CASE("a bid that declares non-compliance is not qualified automatically, whatever the profile says",
          "[api][bids][law]") {
  bid_flow_fixture api(3);
  // Each declaration is answered: a missing one is refused, not read as "no".
  auto silent = bid_flow_fixture::bid_body(2'100'000);
  silent["declarations"].as_object().erase("tax_compliant");
  const auto refused = api.client.post("/api/v1/tenders/" + api.tender_id + "/bids", silent, api.suppliers[0].token);
  CHECK(refused.status == 422);
  CHECK(refused.body.find("tax_compliant") != std::string::npos);
  auto undeclared = bid_flow_fixture::bid_body(2'100'000);
  undeclared["declarations"].as_object()["tax_compliant"] = false;
  const auto created = api.client.post("/api/v1/tenders/" + api.tender_id + "/bids", undeclared, api.suppliers[0].token);
  REQUIRE(created.status == 201);
  const std::string undeclared_id(created.json().at("id").as_string());
  api.submit_ok(1, 2'200'000);
  api.submit_ok(2, 2'300'000);
  api.pass_deadline();
  REQUIRE(api.open().status == 200);
  const auto review = api.client.get("/api/v1/tenders/" + api.tender_id + "/qualification", api.purchaser_token).json();
  int checked = 0;
  for (const auto& b : review.at("bids").as_array()) {
    const auto& qualification = b.at("qualification");
    bool tax_check_passed = false;
    for (const auto& check : qualification.at("checks").as_array())
      if (check.at("name") == "tax_compliance") tax_check_passed = check.at("passed").as_bool();
    const bool is_undeclared = b.at("id") == undeclared_id;
    INFO(json::serialize(b));
    CHECK(qualification.at("automatic_pass").as_bool() == !is_undeclared);
    CHECK(tax_check_passed == !is_undeclared);
    ++checked;
  }
  CHECK(checked == 3);
}

TEST_CASE("tenders filter by supplier, and a sealed bid is not betrayed by a list", "[api][bids][sealed]") {
  bid_flow_fixture api(4);
  for (std::size_t i = 0; i < 3; ++i) api.submit_ok(i, 2'100'000 + static_cast<std::int64_t>(i) * 10'000);
  const auto listed = [&](std::size_t supplier, const std::string& token) {
    const auto reply = api.client.get("/api/v1/tenders?supplier=" + api.suppliers[supplier].organization_id, token);
    REQUIRE(reply.status == 200);
    const auto body = reply.json();
    std::vector<std::string> ids;
    for (const auto& t : body.at("items").as_array()) ids.emplace_back(t.at("id").as_string());
    return ids;
  };
  const std::vector<std::string> this_tender{api.tender_id};
  // Sealed: the public, the purchaser and other suppliers learn nothing; the bidder sees its own.
  CHECK(listed(0, "").empty());
  CHECK(listed(0, api.purchaser_token).empty());
  CHECK(listed(0, api.suppliers[1].token).empty());
  CHECK(listed(0, api.suppliers[0].token) == this_tender);
  CHECK(listed(3, api.suppliers[3].token).empty());
  api.pass_deadline();
  REQUIRE(api.open().status == 200);
  // Opened: the bids are public, and so is who bid.
  CHECK(listed(0, "") == this_tender);
  CHECK(listed(2, "") == this_tender);
  CHECK(listed(3, "").empty());
}

TEST_CASE("the full path: qualification, panel, scores, ranking by total then price, award", "[api][bids][law]") {
  bid_flow_fixture api;
  // Prices: A 2,400,000; B 2,200,000; C 2,300,000; D 2,200,000 (B and D tie on price).
  const auto a = api.submit_ok(0, 2'400'000);
  const auto b = api.submit_ok(1, 2'200'000);
  const auto c = api.submit_ok(2, 2'300'000);
  const auto d = api.submit_ok(3, 2'200'000);
  api.pass_deadline();
  REQUIRE(api.open().status == 200);
  const auto qualified = api.confirm_qualification();
  REQUIRE(qualified.status == 200);
  REQUIRE(qualified.json().at("complete") == true);
  api.seat_panel();

  // Scores are private to each expert until all are in.
  json::array first_sheet;
  for (const auto& [bid, points] : std::map<std::string, std::int64_t>{{a, 60}, {b, 50}, {c, 60}, {d, 50}})
    first_sheet.push_back({{"bid_id", bid}, {"criterion", 1}, {"points", points}});
  REQUIRE(api.client.post("/api/v1/tenders/" + api.tender_id + "/scores", {{"scores", first_sheet}}, api.expert_tokens[0]).status == 200);
  CHECK(api.client.get("/api/v1/tenders/" + api.tender_id + "/scores", api.expert_tokens[1]).json().at("scores").as_array().empty());
  CHECK(api.client.get("/api/v1/tenders/" + api.tender_id + "/scores", api.purchaser_token).json().at("scores").as_array().empty());
  // Out of range and incomplete sheets are refused.
  json::array too_high{{{"bid_id", a}, {"criterion", 1}, {"points", 70.5}}};
  CHECK(api.client.post("/api/v1/tenders/" + api.tender_id + "/scores", {{"scores", too_high}}, api.expert_tokens[1]).status == 422);
  CHECK(api.client.get("/api/v1/tenders/" + api.tender_id + "/ranking").status == 409);

  api.score_all({{a, 60}, {b, 50}, {c, 60}, {d, 50}});
  const auto ranking = api.client.get("/api/v1/tenders/" + api.tender_id + "/ranking", api.purchaser_token);
  REQUIRE(ranking.status == 200);
  const auto entries = ranking.json().at("entries").as_array();
  REQUIRE(entries.size() == 4);
  // C: 2200/2300×30 + 60 = 88.695652; A: 27.5 + 60 = 87.5; B and D: 30 + 50 = 80, equal price → draw.
  CHECK(entries[0].at("bid_id") == c);
  CHECK(entries[0].at("total") == "88.695652");
  CHECK(entries[1].at("bid_id") == a);
  CHECK(entries[1].at("total") == "87.500000");
  const std::string seed(ranking.json().at("seed").as_string());
  const auto key_b = procura::crypto::sha256_hex(seed + ":" + b);
  const auto key_d = procura::crypto::sha256_hex(seed + ":" + d);
  CHECK(entries[2].at("bid_id") == (key_b < key_d ? b : d));
  CHECK(entries[3].at("bid_id") == (key_b < key_d ? d : b));
  CHECK(entries[2].at("decided_by_tie_rule") == true);
  // The seed was the audit chain's head when the ranking was computed: the entry that records the
  // panel's report (the first whose state carries the seed) follows the entry whose hash it is.
  const auto audit = api.client.get("/api/v1/audit?limit=500", api.admin()).json();
  std::optional<std::int64_t> recorded_at;
  std::string previous_of_recording;
  for (const auto& entry : audit.at("items").as_array()) {
    const auto& fields = entry.as_object();
    if (!fields.contains("state") || json::serialize(fields.at("state")).find(seed) == std::string::npos) continue;
    const auto sequence = fields.at("sequence").to_number<std::int64_t>();
    if (recorded_at && *recorded_at < sequence) continue;
    recorded_at = sequence;
    previous_of_recording = std::string(fields.at("previous_hash").as_string());
  }
  REQUIRE(recorded_at);
  CHECK(previous_of_recording == seed);
  // Before the award the ranking is not public.
  CHECK(api.client.get("/api/v1/tenders/" + api.tender_id + "/ranking").status == 409);

  // The award follows the ranking in order (实施条例 §43): another bid is refused, with a reason or
  // without; the top bid needs none.
  const auto award = "/api/v1/tenders/" + api.tender_id + "/award";
  CHECK(names_pointer(api.client.post(award, {{"bid_id", a}}, api.purchaser_token), "/bid_id"));
  const auto skipped = api.client.post(award, {{"bid_id", a}, {"reason", "采购人认为第二名更合适"}}, api.purchaser_token);
  CHECK(skipped.status == 422);
  CHECK(names_pointer(skipped, "/bid_id"));
  CHECK(std::string(skipped.json().at("detail").as_string()).find(c) != std::string::npos);
  CHECK(api.client.get("/api/v1/tenders/" + api.tender_id, api.purchaser_token).json().at("status") == "evaluated");
  const auto awarded = api.client.post("/api/v1/tenders/" + api.tender_id + "/award", {{"bid_id", c}}, api.purchaser_token);
  REQUIRE(awarded.status == 200);
  CHECK(awarded.json().at("tender").at("status") == "awarded");
  const auto public_ranking = api.client.get("/api/v1/tenders/" + api.tender_id + "/ranking");
  REQUIRE(public_ranking.status == 200);
  const auto items = public_ranking.json().at("entries").as_array()[0].at("items").as_array();
  CHECK(items[1].at("experts").as_array().size() == 5);
}

TEST_CASE("an expert whose recent employer bids is removed from the panel", "[api][bids][law]") {
  bid_flow_fixture api;
  for (std::size_t i = 0; i < 3; ++i) api.submit_ok(i, 2'000'000 + static_cast<std::int64_t>(i));
  // A sixth expert who worked for supplier 0.
  const auto platform = api.client.get("/api/v1/organizations?kind=platform").json().at("items").as_array().at(0);
  const auto issued = api.client.post("/api/v1/organizations/" + std::string(platform.at("id").as_string()) + "/tokens",
                                      {{"role", "expert"}, {"display_name", "前雇员专家"},
                                       {"recent_employer_ids", {api.suppliers[0].organization_id}}},
                                      api.admin());
  REQUIRE(issued.status == 201);
  const std::string conflicted_id(issued.json().at("account").at("id").as_string());
  const std::string conflicted_token(issued.json().at("token").as_string());
  api.pass_deadline();
  REQUIRE(api.open().status == 200);
  REQUIRE(api.client.post("/api/v1/tenders/" + api.tender_id + "/panel", {{"expert_account_ids", {conflicted_id}}},
                          api.purchaser_token).status == 200);
  const auto declared = api.client.post("/api/v1/tenders/" + api.tender_id + "/panel/declarations",
                                        {{"conflicts", json::array{}}}, conflicted_token);
  REQUIRE(declared.status == 200);
  CHECK(declared.json().at("removed") == true);
  // A declared conflict also removes.
  REQUIRE(api.client.post("/api/v1/tenders/" + api.tender_id + "/panel", {{"expert_account_ids", {api.expert_ids[0]}}},
                          api.purchaser_token).status == 200);
  const auto self_declared = api.client.post("/api/v1/tenders/" + api.tender_id + "/panel/declarations",
                                             {{"conflicts", {api.suppliers[1].organization_id}}}, api.expert_tokens[0]);
  CHECK(self_declared.json().at("removed") == true);
  // A removed expert cannot score.
  REQUIRE(api.confirm_qualification().status == 200);
  CHECK(api.client.post("/api/v1/tenders/" + api.tender_id + "/scores", {{"scores", json::array{}}}, conflicted_token).status == 403);
}

TEST_CASE("an abnormally low price blocks the ranking until the panel decides", "[api][bids][law]") {
  bid_flow_fixture api;
  const auto a = api.submit_ok(0, 2'300'000);
  const auto b = api.submit_ok(1, 2'400'000);
  const auto c = api.submit_ok(2, 2'500'000);
  const auto low = api.submit_ok(3, 1'900'000);  // < 80% of 2,400,000, and below its benchmark payroll
  api.pass_deadline();
  REQUIRE(api.open().status == 200);
  REQUIRE(api.confirm_qualification().status == 200);
  const auto flagged = api.client.get("/api/v1/tenders/" + api.tender_id + "/bids/" + low, api.purchaser_token).json();
  REQUIRE(flagged.as_object().contains("abnormal_price"));
  CHECK(flagged.at("abnormal_price").at("flagged") == true);
  const std::string decide = "/api/v1/tenders/" + api.tender_id + "/bids/" + low + "/abnormal-price";
  // Appointed but not yet declared free of conflicts: an expert decides nothing about the bids.
  json::array appointed;
  for (const auto& id : api.expert_ids) appointed.emplace_back(id);
  REQUIRE(api.client.post("/api/v1/tenders/" + api.tender_id + "/panel", {{"expert_account_ids", appointed}},
                          api.purchaser_token).status == 200);
  const auto undeclared =
      api.client.post(decide, {{"explanation", "自有场地，无租金 (own premises)"}, {"accepted", true}}, api.expert_tokens[0]);
  CHECK(undeclared.status == 403);
  CHECK(api.client.get("/api/v1/tenders/" + api.tender_id + "/bids/" + low, api.purchaser_token)
            .json()
            .at("abnormal_price")
            .at("accepted")
            .is_null());
  for (const auto& token : api.expert_tokens)
    REQUIRE(api.client.post("/api/v1/tenders/" + api.tender_id + "/panel/declarations", {{"conflicts", json::array{}}},
                            token).status == 200);
  api.score_all({{a, 60}, {b, 60}, {c, 60}, {low, 60}});
  CHECK(api.client.get("/api/v1/tenders/" + api.tender_id + "/ranking", api.purchaser_token).status == 409);
  // While the decision holds the ranking open every sheet is in, but each stays its expert's own
  // until the panel's report (SPEC §3.5, scored independently): nobody reads the others' and
  // then changes theirs.
  const auto scores_seen_by = [&](const std::string& token) {
    return api.client.get("/api/v1/tenders/" + api.tender_id + "/scores", token).json();
  };
  const auto while_pending = scores_seen_by(api.expert_tokens[2]);
  CHECK(while_pending.at("all_submitted") == true);
  for (const auto& s : while_pending.at("scores").as_array()) CHECK(s.at("expert") == json::value(api.expert_ids[2]));
  CHECK(while_pending.at("scores").as_array().size() == 4);
  CHECK(scores_seen_by(api.purchaser_token).at("scores").as_array().empty());
  CHECK(api.client.post(decide, {{"explanation", ""}, {"accepted", true}}, api.expert_tokens[0]).status == 422);
  const auto decided = api.client.post(decide, {{"explanation", "自有场地，无租金 (own premises)"}, {"accepted", false}},
                                       api.expert_tokens[0]);
  REQUIRE(decided.status == 200);
  CHECK(decided.json().at("evaluation_concluded") == true);
  const auto ranking = api.client.get("/api/v1/tenders/" + api.tender_id + "/ranking", api.purchaser_token).json();
  CHECK(ranking.at("entries").as_array().size() == 3);
  CHECK(ranking.at("excluded_bid_ids").as_array().at(0) == low);
  // The benchmark price is the lowest among the bids still in (2,300,000), not the rejected
  // 1,900,000: the cheapest one left takes the full 30 price points.
  std::map<std::string, std::string> price_points;
  for (const auto& entry : ranking.at("entries").as_array())
    price_points[std::string(entry.at("bid_id").as_string())] =
        std::string(entry.at("items").as_array().at(0).at("score").as_string());
  CHECK(price_points.at(a) == "30.000000");
  CHECK(price_points.at(b) == "28.750000");  // 2,300,000 / 2,400,000 × 30
  // With the report, every sheet is open to the panel and the purchaser.
  CHECK(scores_seen_by(api.expert_tokens[2]).at("scores").as_array().size() == 20);
  CHECK(scores_seen_by(api.purchaser_token).at("scores").as_array().size() == 20);
}

TEST_CASE("a price below the benchmark payroll of its own staffing plan is abnormally low, however near the others",
          "[api][bids][law]") {
  bid_flow_fixture api(5);
  // 15 social workers at the 9,000.00 guide with 33.26% employer rates for 12 months cost
  // 2,158,812.00: a price one yuan under it is flagged, the price equal to it is not. Both are
  // far above 80% of the others' mean, so the payroll alone flags.
  std::vector<std::string> ids;
  for (const std::int64_t price : {2'400'000, 2'450'000, 2'500'000, 2'158'812, 2'158'811})
    ids.push_back(api.submit_ok(ids.size(), price));
  api.pass_deadline();
  REQUIRE(api.open().status == 200);
  REQUIRE(api.confirm_qualification().status == 200);
  const auto bid = [&](const std::string& id) {
    return api.client.get("/api/v1/tenders/" + api.tender_id + "/bids/" + id, api.purchaser_token).json();
  };
  for (std::size_t i = 0; i < 4; ++i) {
    INFO(i);
    CHECK_FALSE(bid(ids[i]).as_object().contains("abnormal_price"));  // present only when flagged
  }
  const auto under = bid(ids[4]).at("abnormal_price");
  CHECK(under.at("flagged") == true);
  REQUIRE(under.at("reasons").as_array().size() == 1);
  CHECK(std::string(under.at("reasons").as_array().at(0).as_string()) ==
        "the price 2,158,811.00 is below the benchmark payroll cost of its own staffing plan, 2,158,812.00");
}

TEST_CASE("rejecting an abnormally low price that leaves too few bids fails the tender, in the tender's own history",
          "[api][bids][law]") {
  bid_flow_fixture api(3);
  api.submit_ok(0, 2'400'000);
  api.submit_ok(1, 2'500'000);
  const auto low = api.submit_ok(2, 1'700'000);
  api.pass_deadline();
  REQUIRE(api.open().status == 200);
  REQUIRE(api.confirm_qualification().status == 200);
  const auto decide = "/api/v1/tenders/" + api.tender_id + "/bids/" + low + "/abnormal-price";
  const json::object rejected{{"explanation", "无法说明低价理由 (no credible explanation)"}, {"accepted", false}};
  // The committee decides (87号令 §60), not the purchaser, who is not on it.
  const auto by_purchaser = api.client.post(decide, rejected, api.purchaser_token);
  CHECK(by_purchaser.status == 403);
  CHECK(api.client.get("/api/v1/tenders/" + api.tender_id + "/bids/" + low, api.purchaser_token)
            .json().at("abnormal_price").at("accepted").is_null());
  api.seat_panel();
  const auto decided = api.client.post(decide, rejected, api.expert_tokens[0]);
  INFO(decided.body);
  REQUIRE(decided.status == 200);
  CHECK(api.client.get("/api/v1/tenders/" + api.tender_id).json().at("status") == "failed");
  const auto history = api.audited_actions("tender", api.tender_id);
  REQUIRE_FALSE(history.empty());
  CHECK(history.back() == "tender.failed");
  CHECK(api.audited_actions("bid", low).back() == "bid.abnormal_price_decision");
}

TEST_CASE("a challenge is taken within 7 working days of the award, counted across a weekend", "[api][bids][law]") {
  bid_flow_fixture api;
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < 4; ++i) ids.push_back(api.submit_ok(i, 2'300'000 + static_cast<std::int64_t>(i) * 10'000));
  api.pass_deadline();
  REQUIRE(api.open().status == 200);
  REQUIRE(api.confirm_qualification().status == 200);
  api.seat_panel();
  api.score_all({{ids[0], 60}, {ids[1], 60}, {ids[2], 60}, {ids[3], 60}});
  // Award on Friday 2027-03-05, 10:00 China time (no holidays in the weeks that follow).
  REQUIRE(api.client.post("/api/v1/test/clock", {{"now", "2027-03-05T10:00:00+08:00"}}, api.admin()).status == 200);
  REQUIRE(api.client.post("/api/v1/tenders/" + api.tender_id + "/award", {{"bid_id", ids[0]}}, api.purchaser_token).status == 200);
  // Seven working days after Friday the 5th: Mon 8 … Fri 12, Mon 15, Tue 16 (two weekends skipped).
  REQUIRE(api.client.post("/api/v1/test/clock", {{"now", "2027-03-16T23:59:00+08:00"}}, api.admin()).status == 200);
  const std::string path = "/api/v1/tenders/" + api.tender_id + "/challenges";
  const auto filed = api.client.post(path, {{"text", "评分不公 (unfair scoring)"}}, api.suppliers[1].token);
  REQUIRE(filed.status == 201);
  CHECK(filed.json().at("open") == true);
  REQUIRE(api.client.post("/api/v1/test/clock", {{"now", "2027-03-17T00:00:01+08:00"}}, api.admin()).status == 200);
  const auto late = api.client.post(path, {{"text", "太迟了"}}, api.suppliers[2].token);
  CHECK(late.status == 409);
  // Only bidders challenge; an open challenge is private, an answered one public.
  const auto outsider = api.create_organization("supplier", "局外人", valid_credit_code("52310115MJ4C00099"));
  CHECK(api.client.post(path, {{"text", "x"}}, api.issue_token(outsider, "supplier")).status == 403);
  CHECK(api.client.get(path).json().at("items").as_array().empty());
  const std::string challenge_id(filed.json().at("id").as_string());
  REQUIRE(api.client.post(path + "/" + challenge_id + "/answer", {{"answer", "评分复核无误"}, {"upheld", false}},
                          api.purchaser_token).status == 200);
  const auto public_view = api.client.get(path).json().at("items").as_array();
  REQUIRE(public_view.size() == 1);
  CHECK_FALSE(public_view[0].as_object().contains("challenger_id"));
}

TEST_CASE("anyone allowed to read the audit list can recompute every entry's hash and the chain", "[api][bids][audit]") {
  bid_flow_fixture api(3);
  for (std::size_t i = 0; i < 3; ++i) api.submit_ok(i, 2'100'000 + static_cast<std::int64_t>(i) * 10'000);
  api.pass_deadline();
  REQUIRE(api.open().status == 200);
  const auto listing = api.client.get("/api/v1/audit?limit=500", api.admin()).json();
  const auto field = [](std::string& input, const std::string& value) {
    input += std::to_string(value.size()) + ":" + value + ";";
  };
  std::string previous(64, '0');
  int sealed_entries = 0;
  for (const auto& entry : listing.at("items").as_array()) {
    INFO(json::serialize(entry));
    REQUIRE_FALSE(entry.as_object().contains("sealed"));  // opened: nothing is redacted any more
    const auto text = [&](const char* name) { return std::string(entry.at(name).as_string()); };
    const auto& sealed_by = entry.at("sealed_by");
    if (!sealed_by.is_null()) ++sealed_entries;
    // docs/architecture.md, "Audit entry": f(x) = <byte length> ":" x ";".
    std::string input;
    field(input, std::to_string(entry.at("sequence").as_int64()));
    for (const char* name : {"at", "actor", "action", "entity_type", "entity_id"}) field(input, text(name));
    field(input, sealed_by.is_null() ? std::string() : std::string(sealed_by.as_string()));
    field(input, text("state_hash"));
    field(input, text("previous_hash"));
    CHECK(text("previous_hash") == previous);
    CHECK(procura::crypto::sha256_hex(input) == text("entry_hash"));
    previous = text("entry_hash");
  }
  CHECK(sealed_entries == 3);  // the three submissions, sealed by the tender until its opening
}

TEST_CASE("a failed tender is tendered again as a copy, or under another method with a recorded approval",
          "[api][tenders][law]") {
  bid_flow_fixture api(2);
  const auto retender = "/api/v1/tenders/" + api.tender_id + "/retender";
  const auto drafts = [&] {
    return api.client.get("/api/v1/tenders?status=draft", api.purchaser_token).json().at("items").as_array().size();
  };
  // Not failed (yet): refused, nothing created.
  CHECK(api.client.post(retender, json::object{}, api.purchaser_token).status == 409);
  CHECK(drafts() == 0);

  api.submit_ok(0, 2'100'000);
  api.submit_ok(1, 2'200'000);
  api.pass_deadline();
  const auto opened = api.open();
  REQUIRE(opened.status == 200);
  REQUIRE(api.client.get("/api/v1/tenders/" + api.tender_id).json().at("status") == "failed");  // 2 bids < 3
  const auto failed = api.client.get("/api/v1/tenders/" + api.tender_id).json();

  // Only its purchaser may tender it again.
  CHECK(api.client.post(retender, json::object{}, api.suppliers[0].token).status == 403);

  const auto new_deadline = procura::format_rfc3339(api.server_now() + std::chrono::days{25});
  const auto copy = api.client.post(retender, {{"changes", {{"deadline", new_deadline}}}}, api.purchaser_token);
  INFO(copy.body);
  REQUIRE(copy.status == 201);
  const auto copied = copy.json();
  CHECK(copied.at("status") == "draft");
  CHECK(copied.at("retender_of") == json::value(api.tender_id));
  CHECK_FALSE(copied.as_object().contains("method_change_approval"));
  for (const char* same : {"title", "quantity", "budget_ceiling", "criteria", "method", "service_start"}) {
    INFO(same);
    CHECK(copied.at(same) == failed.at(same));
  }
  const std::string copy_id(copied.at("id").as_string());
  CHECK(api.client.post("/api/v1/tenders/" + copy_id + "/publish", json::object{}, api.purchaser_token).status == 200);

  // Tendered again once: while the repeat stands, another is refused, naming it (nothing created).
  const auto second = api.client.post(retender, {{"changes", {{"deadline", new_deadline}}}}, api.purchaser_token);
  CHECK(second.status == 409);
  CHECK(std::string(second.json().at("detail").as_string()).find(copy_id) != std::string::npos);
  CHECK(drafts() == 0);
  REQUIRE(api.client.post("/api/v1/tenders/" + copy_id + "/cancel", {{"reason", "改为竞争性磋商"}}, api.purchaser_token)
              .status == 200);

  // A change the rules refuse names its field under /changes.
  const auto bad = api.client.post(retender, {{"changes", {{"quantity", -1}}}}, api.purchaser_token);
  CHECK(bad.status == 422);
  CHECK(names_pointer(bad, "/changes/quantity"));

  // Once it is cancelled, another method needs the approval, and is refused without it (nothing created).
  const json::object to_consultation{{"method", "competitive_consultation"}, {"deadline", new_deadline}};
  const auto unapproved = api.client.post(retender, {{"changes", to_consultation}}, api.purchaser_token);
  CHECK(unapproved.status == 422);
  CHECK(names_pointer(unapproved, "/approval"));
  CHECK(drafts() == 0);
  const auto switched = api.client.post(
      retender, {{"changes", to_consultation}, {"approval", "沪财采〔2030〕12号 同意变更为竞争性磋商"}}, api.purchaser_token);
  INFO(switched.body);
  REQUIRE(switched.status == 201);
  CHECK(switched.json().at("method") == "competitive_consultation");
  CHECK(switched.json().at("method_change_approval") == "沪财采〔2030〕12号 同意变更为竞争性磋商");
  // Editing the repeat's draft cannot switch its method again without an approval of its own.
  const std::string switched_id(switched.json().at("id").as_string());
  const auto edited = api.client.request(
      "PATCH", "/api/v1/tenders/" + switched_id, json::serialize(json::object{{"method", "open_tender"}}),
      api.purchaser_token,
      {{"If-Match", "\"" + std::to_string(switched.json().at("version").as_int64()) + "\""}});
  CHECK(edited.status == 422);
  CHECK(names_pointer(edited, "/method"));
  CHECK(api.client.get("/api/v1/tenders/" + switched_id, api.purchaser_token).json().at("method") ==
        "competitive_consultation");
  // The switched repeat stands now: no third.
  CHECK(api.client.post(retender, {{"changes", to_consultation}, {"approval", "再次"}}, api.purchaser_token).status == 409);

  // Its repeats, oldest first: the purchaser sees the draft too, the public the cancelled copy only.
  const auto repeats = "/api/v1/tenders/" + api.tender_id + "/repeats";
  const auto own = api.client.get(repeats, api.purchaser_token).json().at("items").as_array();
  REQUIRE(own.size() == 2);
  CHECK(own.at(0).at("id") == json::value(copy_id));
  CHECK(own.at(0).at("status") == "cancelled");
  CHECK(own.at(1).at("id") == switched.json().at("id"));
  const auto seen = api.client.get(repeats).json().at("items").as_array();
  REQUIRE(seen.size() == 1);
  CHECK(seen.at(0).at("id") == json::value(copy_id));
}

TEST_CASE("the panel's report enters the audit chain when it is made, not only at the award", "[api][bids][audit]") {
  bid_flow_fixture api;
  const auto bids = api.bid_and_award();
  const auto ranking = api.client.get("/api/v1/tenders/" + api.tender_id + "/ranking", api.purchaser_token).json();
  const auto listing = api.client.get("/api/v1/audit?limit=500", api.admin()).json();
  int reports = 0;
  for (const auto& entry : listing.at("items").as_array()) {
    if (entry.at("action") == "tender.award" || !entry.at("state").is_object()) continue;
    const auto* report = entry.at("state").as_object().if_contains("panel_report");
    if (report == nullptr) continue;
    ++reports;
    INFO(json::serialize(entry));
    CHECK(entry.at("action") == "panel.scores");  // the last expert's sheet concluded it
    CHECK(report->at("seed") == ranking.at("seed"));
    CHECK(report->at("entries").as_array().size() == bids.size());
    CHECK(report->at("entries") == ranking.at("entries"));
  }
  CHECK(reports == 1);
}

TEST_CASE("a bid withdrawn before the deadline stays unopened: after the opening only its bidder and overseers see it",
          "[api][bids][sealed]") {
  bid_flow_fixture api(4);
  const auto withdrawn = api.submit_ok(0, 2'050'000);
  REQUIRE(api.client.request("DELETE", "/api/v1/tenders/" + api.tender_id + "/bids/" + withdrawn, {},
                             api.suppliers[0].token).status == 200);
  for (std::size_t i = 1; i < 4; ++i) api.submit_ok(i, 2'100'000 + static_cast<std::int64_t>(i) * 10'000);
  api.pass_deadline();
  REQUIRE(api.open().status == 200);
  const auto list_names = [&](const std::string& token) {
    const auto reply = api.client.get("/api/v1/tenders/" + api.tender_id + "/bids", token);
    REQUIRE(reply.status == 200);
    return reply.body.find(withdrawn) != std::string::npos;
  };
  const auto path = "/api/v1/tenders/" + api.tender_id + "/bids/" + withdrawn;
  for (const auto& [who, token] : std::vector<std::pair<std::string, std::string>>{
           {"anonymous", ""}, {"purchaser", api.purchaser_token}, {"other supplier", api.suppliers[1].token},
           {"expert", api.expert_tokens[0]}}) {
    INFO(who);
    CHECK_FALSE(list_names(token));
    CHECK(api.client.get(path, token).status == 404);
  }
  CHECK(list_names(api.suppliers[0].token));
  CHECK(api.client.get(path, api.suppliers[0].token).status == 200);
  CHECK(list_names(api.admin()));
  CHECK(api.client.get(path, api.admin()).status == 200);
  // The three active bids are all there for the public.
  const auto listed = api.client.get("/api/v1/tenders/" + api.tender_id + "/bids").json();
  CHECK(listed.at("items").as_array().size() == 3);
  // Nor does the withdrawing supplier appear as a tenderer in open data; the others do.
  const auto record = api.client.get("/api/v1/ocds/records/ocds-procura-" + api.tender_id);
  REQUIRE(record.status == 200);
  CHECK(record.body.find(api.suppliers[0].organization_id) == std::string::npos);
  CHECK(record.body.find(api.suppliers[1].organization_id) != std::string::npos);
}

TEST_CASE("a row slipped in before entry 1 is listed, named by verification, and paged past", "[api][audit]") {
  bid_flow_fixture api(1);
  {
    SQLite::Database file(api.server.database(), SQLite::OPEN_READWRITE);
    file.exec("INSERT INTO audit_log (sequence, at, actor, action, entity_type, entity_id, state, state_hash,"
              " previous_hash, entry_hash) SELECT 0, at, actor, action, entity_type, entity_id, state, state_hash,"
              " previous_hash, entry_hash FROM audit_log WHERE sequence = 1");
  }
  const auto verified = api.client.get("/api/v1/audit/verify", api.admin()).json();
  CHECK(verified.at("intact") == false);
  CHECK(verified.at("first_broken_sequence") == 0);
  const auto first = api.client.get("/api/v1/audit?limit=1", api.admin());
  REQUIRE(first.status == 200);
  const auto page = first.json();
  CHECK(page.at("items").at(0).at("sequence") == 0);
  REQUIRE(page.at("next_cursor").is_string());
  const auto next = api.client.get("/api/v1/audit?limit=1&cursor=" + std::string(page.at("next_cursor").as_string()),
                                   api.admin());
  REQUIRE(next.status == 200);
  CHECK(next.json().at("items").at(0).at("sequence") == 1);
}

TEST_CASE("an entry whose sealed_by was edited from NULL to '' is not hidden from auditors", "[api][audit]") {
  bid_flow_fixture api(1);
  api.submit_ok(0, 2'100'000);
  // The chain hashes a missing and an empty tender id alike, so the edit leaves it intact; it
  // must not make an ordinary entry show as sealed either.
  {
    SQLite::Database file(api.server.database(), SQLite::OPEN_READWRITE);
    file.exec("UPDATE audit_log SET sealed_by = '' WHERE sequence = 1");
  }
  CHECK(api.client.get("/api/v1/audit/verify", api.admin()).json().at("intact") == true);
  const auto first = api.client.get("/api/v1/audit?limit=1", api.admin()).json().at("items").at(0);
  INFO(json::serialize(first));
  CHECK_FALSE(first.as_object().contains("sealed"));
  CHECK(first.as_object().contains("state_hash"));
}

TEST_CASE("a supplier's profile is read by the purchaser and panel of a tender it bid on, once opened",
          "[api][bids][sealed]") {
  bid_flow_fixture api(3);
  for (std::size_t i = 0; i < 3; ++i) api.submit_ok(i, 2'100'000 + static_cast<std::int64_t>(i) * 10'000);
  const auto profile = "/api/v1/organizations/" + api.suppliers[0].organization_id + "/profile";
  CHECK(api.client.get(profile, api.suppliers[0].token).status == 200);
  CHECK(api.client.get(profile, api.admin()).status == 200);
  // Sealed: not even the tender's purchaser learns who bid through the profile.
  CHECK(api.client.get(profile, api.purchaser_token).status == 403);
  CHECK(api.client.get(profile, api.suppliers[1].token).status == 403);
  api.pass_deadline();
  REQUIRE(api.open().status == 200);
  CHECK(api.client.get(profile, api.purchaser_token).status == 200);
  CHECK(api.client.get(profile + "?version=1", api.purchaser_token).status == 200);
  CHECK(api.client.get(profile, api.suppliers[1].token).status == 403);
}

TEST_CASE("with no subjective criterion the ranking still waits for the evaluation committee", "[api][bids][law]") {
  bid_flow_fixture api;
  // A tender of price and past performance only: nothing for the experts to score.
  api.tender_id = api.publish_tender(
      "价格与履约评价项目", {{{"name", "price"}, {"kind", "price"}, {"points", 60}},
                             {{"name", "past"}, {"kind", "objective"}, {"points", 40}, {"metric", "past_performance"}}});
  for (std::size_t i = 0; i < 3; ++i) api.submit_ok(i, 2'300'000 + static_cast<std::int64_t>(i) * 10'000);
  api.pass_deadline();
  REQUIRE(api.open().status == 200);
  REQUIRE(api.confirm_qualification().status == 200);
  // The purchaser's review alone does not rank the bids (87号令 §45: the committee evaluates).
  CHECK(api.client.get("/api/v1/tenders/" + api.tender_id).json().at("status") == "opened");
  CHECK(api.client.get("/api/v1/tenders/" + api.tender_id + "/ranking", api.purchaser_token).status == 409);
  // The last declaration seats the committee, and the ranking follows.
  api.seat_panel();
  CHECK(api.client.get("/api/v1/tenders/" + api.tender_id).json().at("status") == "evaluated");
  const auto ranking = api.client.get("/api/v1/tenders/" + api.tender_id + "/ranking", api.purchaser_token);
  REQUIRE(ranking.status == 200);
  CHECK(ranking.json().at("entries").as_array().size() == 3);
}

TEST_CASE("the certified-staff share is scored from the bidder's pinned profile, in the tender's bands",
          "[api][bids][scoring]") {
  bid_flow_fixture api;
  // Each fixture supplier has 22 staff, 18 of them certified (10 assistants, 6 social workers, 2
  // seniors; 4 without a qualification): 81.8%, in the band from 80% (7 points). Counting the
  // unqualified in would give 100% (10), leaving the assistants out 36% (4).
  api.tender_id = api.publish_tender(
      "持证比例评分项目",
      {{{"name", "price"}, {"kind", "price"}, {"points", 30}},
       {{"name", "plan"}, {"kind", "subjective"}, {"points", 60}},
       {{"name", "certified"},
        {"kind", "objective"},
        {"points", 10},
        {"metric", "certified_share"},
        {"bands", {{{"at_least", 9000}, {"points", 10}}, {{"at_least", 8000}, {"points", 7}}, {{"at_least", 0}, {"points", 4}}}}}});
  api.bid_and_rank({2'300'000, 2'300'000, 2'300'000, 2'300'000}, 50);
  const auto ranking = api.client.get("/api/v1/tenders/" + api.tender_id + "/ranking", api.purchaser_token);
  REQUIRE(ranking.status == 200);
  const auto entries = ranking.json().at("entries").as_array();
  REQUIRE(entries.size() == 4);
  for (const auto& entry : entries) {
    CHECK(entry.at("items").as_array().at(2).at("score") == "7.000000");
    CHECK(entry.at("total") == "87.000000");  // 30 + 50 + 7
  }
}

TEST_CASE("a single source's abnormally low price is decided by the purchaser, who negotiates without a committee",
          "[api][bids]") {
  bid_flow_fixture api;
  const json::object tender{{"catalogue_code", "JD-01"},
                            {"title", "单一来源项目"},
                            {"quantity", 300},
                            {"region", "310115"},
                            {"budget_ceiling", api.money(3'000'000)},
                            {"service_start", "2030-01-01"},
                            {"service_months", 12},
                            {"method", "single_source"},
                            {"single_source_justification", "唯一具备戒毒康复资质的机构"},
                            {"criteria", {{{"name", "price"}, {"kind", "price"}, {"points", 100}}}},
                            {"deadline", procura::format_rfc3339(api.server_now() + std::chrono::days{5})}};
  const auto created = api.client.post("/api/v1/tenders", tender, api.purchaser_token);
  INFO(created.body);
  REQUIRE(created.status == 201);
  api.tender_id = std::string(created.json().at("id").as_string());
  REQUIRE(api.client.post("/api/v1/tenders/" + api.tender_id + "/publish", json::object{}, api.purchaser_token).status ==
          200);
  const auto only = api.submit_ok(0, 2'000'000);  // below the 2,158,812.00 benchmark payroll of its 15 posts
  api.pass_deadline();
  REQUIRE(api.open().status == 200);
  REQUIRE(api.confirm_qualification().status == 200);
  REQUIRE(api.client.get("/api/v1/tenders/" + api.tender_id + "/bids/" + only, api.purchaser_token)
              .json().at("abnormal_price").at("flagged") == true);
  const auto decided = api.client.post("/api/v1/tenders/" + api.tender_id + "/bids/" + only + "/abnormal-price",
                                       {{"explanation", "机构自有场地，人员成本另有资助"}, {"accepted", true}},
                                       api.purchaser_token);
  INFO(decided.body);
  REQUIRE(decided.status == 200);
  CHECK(decided.json().at("evaluation_concluded") == true);
  CHECK(api.client.get("/api/v1/tenders/" + api.tender_id + "/ranking", api.purchaser_token).status == 200);
}
