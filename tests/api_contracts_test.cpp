// Contracts over real HTTP: from the award to signatures, schedule, releases, coverage and amendments.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <cstdlib>
#include <algorithm>
#include <fstream>
#include <future>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "bid_flow_fixture.hpp"

using namespace procura::testing;
namespace json = boost::json;

namespace {

/// A tender taken to award with 4 bids; returns the awarded fixture.
struct awarded_fixture : bid_flow_fixture {
  std::string winner;
  awarded_fixture() {
    winner = bid_and_award().front();
  }

  json::value create_contract() {
    const auto reply = client.post("/api/v1/contracts",
                                   {{"tender_id", tender_id},
                                    {"penalties", {{"per_missing_post_month", money(5'000)}}}},
                                   purchaser_token);
    INFO(reply.body);
    REQUIRE(reply.status == 201);
    return reply.json();
  }

  std::string path(const json::value& contract, const std::string& rest = "") const {
    return "/api/v1/contracts/" + std::string(contract.at("id").as_string()) + rest;
  }

  /// Half the price at the service's start, half in its last month.
  static json::array halves() {
    return {{{"due_date", "2030-01-01"}, {"share_bp", 5000}}, {{"due_date", "2030-12-01"}, {"share_bp", 5000}}};
  }

  /// The purchaser sets the payment schedule, which a contract needs before either party signs.
  void schedule(const json::value& contract, const json::array& instalments = halves()) {
    const auto reply = client.post(path(contract, "/instalments"), {{"instalments", instalments}}, purchaser_token);
    INFO(reply.body);
    REQUIRE(reply.status == 200);
  }

  void sign_by_both(const json::value& contract) {
    REQUIRE(client.post(path(contract, "/sign"), json::object{}, purchaser_token).status == 200);
    REQUIRE(client.post(path(contract, "/sign"), json::object{}, suppliers[0].token).status == 200);
  }

  /// A contract of the awarded tender with `instalments` as its schedule, signed by both: active,
  /// price 2,280,000.00 yuan, service 2030-01-01 for 12 months.
  json::value signed_contract(const json::array& instalments = halves()) {
    const auto contract = create_contract();
    schedule(contract, instalments);
    sign_by_both(contract);
    return contract;
  }
};

}  // namespace

TEST_CASE("a contract action sent with If-Match is refused (412) when the contract changed since it was read",
          "[api][contracts]") {
  awarded_fixture api;
  const auto contract = api.signed_contract();
  const auto read = api.client.get(api.path(contract), api.purchaser_token);
  REQUIRE(read.status == 200);
  const auto version = read.json().at("version").as_int64();
  CHECK(read.header("etag") == "\"" + std::to_string(version) + "\"");
  const auto stale = "\"" + std::to_string(version - 1) + "\"";
  const json::object reason{{"reason", "服务中止"}};
  const auto refused = api.client.request("POST", api.path(contract, "/terminate"), json::serialize(reason),
                                          api.purchaser_token, {{"If-Match", stale}});
  CHECK(refused.status == 412);
  CHECK(api.client.request("POST", api.path(contract, "/instalments/1/release"), "{}", api.purchaser_token,
                           {{"If-Match", stale}})
            .status == 412);
  const auto still = api.client.get(api.path(contract), api.purchaser_token).json();
  CHECK(still.at("status") == "active");
  CHECK(still.at("instalments").at(0).at("released_at").is_null());
  // A party that may not see the contract learns nothing from the header.
  CHECK(api.client.request("POST", api.path(contract, "/sign"), "{}", api.suppliers[1].token, {{"If-Match", stale}})
            .status == 404);
  CHECK(api.client.request("POST", api.path(contract, "/terminate"), json::serialize(reason), api.purchaser_token,
                           {{"If-Match", "\"" + std::to_string(version) + "\""}})
            .status == 200);
}

TEST_CASE("a contract is refused while a challenge is open, then carries the winning bid", "[api][contracts][law]") {
  awarded_fixture api;
  const auto challenge = api.client.post("/api/v1/tenders/" + api.tender_id + "/challenges", {{"text", "异议"}},
                                         api.suppliers[1].token);
  REQUIRE(challenge.status == 201);
  CHECK(api.client.post("/api/v1/contracts", {{"tender_id", api.tender_id}}, api.purchaser_token).status == 409);
  REQUIRE(api.client.post("/api/v1/tenders/" + api.tender_id + "/challenges/" +
                              std::string(challenge.json().at("id").as_string()) + "/answer",
                          {{"answer", "维持"}, {"upheld", false}}, api.purchaser_token).status == 200);
  const auto contract = api.create_contract();
  CHECK(contract.at("price").at("amount") == 228'000'000);
  CHECK(contract.at("supplier_id") == json::value(api.suppliers[0].organization_id));
  CHECK(contract.at("status") == "draft");
  // Listed by status: the filter is applied, not ignored.
  const auto listed = [&](const std::string& query) {
    const auto reply = api.client.get("/api/v1/contracts?" + query);
    REQUIRE(reply.status == 200);
    return reply.json().at("items").as_array().size();
  };
  CHECK(listed("status=draft") == 1);
  CHECK(listed("status=active") == 0);
  CHECK(listed("status=draft&tender=" + api.tender_id) == 1);
  CHECK(listed("status=active&tender=" + api.tender_id) == 0);
  CHECK(listed("region=310115") == 1);
  CHECK(listed("region=310104") == 0);
  CHECK(listed("region=310104&tender=" + api.tender_id) == 0);
  CHECK(names_pointer(api.client.get("/api/v1/contracts?status=signed"), "/query/status"));
  CHECK(api.client.get("/api/v1/tenders/" + api.tender_id).json().at("status") == "contracted");
  CHECK(api.client.post("/api/v1/contracts", {{"tender_id", api.tender_id}}, api.purchaser_token).status == 409);
  // The tender's move to contracted is in its own audit history, not only in the contract's.
  const auto tender_history = api.audited_actions("tender", api.tender_id);
  REQUIRE_FALSE(tender_history.empty());
  CHECK(tender_history.back() == "tender.contract");
  CHECK(api.audited_actions("contract", std::string(contract.at("id").as_string())).front() == "contract.create");
}

/// The tender's OCDS record, after checking it with the official OCDS 1.1 schema and that no two
/// of its releases share an id.
json::value valid_record(bid_flow_fixture& api) {
  const auto fetched = api.client.get("/api/v1/ocds/records/ocds-procura-" + api.tender_id);
  REQUIRE(fetched.status == 200);
  temporary_directory scratch;
  const auto package = scratch.file("record.json");
  { std::ofstream(package) << fetched.body; }
  CHECK(std::system(("python3 " + std::string(PROCURA_OCDS_VALIDATOR) + " " + package + " >&2").c_str()) == 0);
  auto record = fetched.json();
  std::set<std::string> release_ids;
  const auto& releases = record.at("records").as_array().at(0).at("releases").as_array();
  for (const auto& release : releases) release_ids.insert(std::string(release.at("id").as_string()));
  CHECK(release_ids.size() == releases.size());
  return record;
}

/// The release with that id in a record package; fails the test when there is none.
json::object release_named(const json::value& record, const std::string& id) {
  for (const auto& release : record.at("records").as_array().at(0).at("releases").as_array())
    if (release.at("id") == json::value(id)) return release.as_object();
  FAIL("no release " << id);
  return {};
}

/// The ids of a record's releases.
std::set<std::string> release_ids_of(const json::value& record) {
  std::set<std::string> ids;
  for (const auto& release : record.at("records").as_array().at(0).at("releases").as_array())
    ids.insert(std::string(release.at("id").as_string()));
  return ids;
}

TEST_CASE("a drafted contract does not shorten the bidders' challenge window, and is not signed past a challenge",
          "[api][contracts][law]") {
  awarded_fixture api;
  const auto contract = api.create_contract();
  api.schedule(contract);  // so that only the open challenge stands in the way of signing
  const auto challenges = "/api/v1/tenders/" + api.tender_id + "/challenges";
  const auto filed = api.client.post(challenges, {{"text", "价格分计算有误"}}, api.suppliers[1].token);
  INFO(filed.body);
  REQUIRE(filed.status == 201);

  const auto refused = api.client.post(api.path(contract, "/sign"), json::object{}, api.purchaser_token);
  CHECK(refused.status == 409);
  CHECK(refused.header("content-type") == "application/problem+json");
  const auto unsigned_contract = api.client.get(api.path(contract), api.purchaser_token).json();
  CHECK(unsigned_contract.at("status") == "draft");
  CHECK(unsigned_contract.at("purchaser_signed_at").is_null());

  REQUIRE(api.client.post(challenges + "/" + std::string(filed.json().at("id").as_string()) + "/answer",
                          {{"answer", "复核无误，维持"}, {"upheld", false}}, api.purchaser_token).status == 200);
  CHECK(api.client.post(api.path(contract, "/sign"), json::object{}, api.purchaser_token).status == 200);

  // Past the 7 working days the window is closed, contract or not.
  api.advance(15 * 86400);
  CHECK(api.client.post(challenges, {{"text", "逾期异议"}}, api.suppliers[2].token).status == 409);
}

TEST_CASE("an upheld challenge stops the award from becoming a contract", "[api][contracts][law]") {
  awarded_fixture api;
  const auto challenges = "/api/v1/tenders/" + api.tender_id + "/challenges";
  const auto filed = api.client.post(challenges, {{"text", "中标人资格不符"}}, api.suppliers[1].token);
  REQUIRE(filed.status == 201);
  REQUIRE(api.client.post(challenges + "/" + std::string(filed.json().at("id").as_string()) + "/answer",
                          {{"answer", "质疑成立"}, {"upheld", true}}, api.purchaser_token).status == 200);
  const auto refused = api.client.post("/api/v1/contracts", {{"tender_id", api.tender_id}}, api.purchaser_token);
  CHECK(refused.status == 409);
  CHECK(std::string(refused.json().at("detail").as_string()).find("upheld") != std::string::npos);
  CHECK(api.client.get("/api/v1/tenders/" + api.tender_id).json().at("status") == "awarded");

  // The purchaser awards again, with the reason, and the new award has its own challenge window.
  const auto ranking = api.client.get("/api/v1/tenders/" + api.tender_id + "/ranking").json();
  const auto& entries = ranking.at("entries").as_array();
  REQUIRE(entries.size() >= 2);
  const std::string second(entries.at(1).at("bid_id").as_string());
  const auto award = "/api/v1/tenders/" + api.tender_id + "/award";
  const auto no_reason = api.client.post(award, {{"bid_id", second}}, api.purchaser_token);
  CHECK(no_reason.status == 422);
  CHECK(names_pointer(no_reason, "/reason"));
  api.advance(3600);
  const auto again = api.client.post(award, {{"bid_id", second}, {"reason", "质疑成立，改由排名第二的供应商中标"}},
                                     api.purchaser_token);
  INFO(again.body);
  REQUIRE(again.status == 200);
  CHECK(again.json().at("tender").at("award").at("bid_id") == json::value(second));
  // Once is enough: with no challenge of the new award upheld, it is not redone.
  CHECK(api.client.post(award, {{"bid_id", api.winner}, {"reason", "x"}}, api.purchaser_token).status == 409);
  const auto contract = api.create_contract();
  CHECK(contract.at("bid_id") == json::value(second));
  CHECK(contract.at("supplier_id") != json::value(api.suppliers[0].organization_id));

  // Open data keeps the first award, cancelled, under the id it was published with; the new
  // award has an id of its own, and the contract names it.
  const auto record = valid_record(api);
  const auto& compiled = record.at("records").as_array().at(0).at("compiledRelease");
  const auto& awards = compiled.at("awards").as_array();
  REQUIRE(awards.size() == 2);
  CHECK(awards.at(0).at("id") == json::value(api.tender_id + "-award"));
  CHECK(awards.at(0).at("status") == "cancelled");
  CHECK(awards.at(0).at("suppliers").at(0).at("id") == json::value(api.suppliers[0].organization_id));
  CHECK(awards.at(1).at("id") == json::value(api.tender_id + "-award-2"));
  CHECK(awards.at(1).at("status") == "active");
  CHECK(awards.at(1).at("suppliers").at(0).at("id") == contract.at("supplier_id"));
  CHECK(compiled.at("contracts").at(0).at("awardID") == awards.at(1).at("id"));
  const auto ids = release_ids_of(record);
  CHECK(ids.count(api.tender_id + "-award") == 1);
  CHECK(ids.count(api.tender_id + "-award-2") == 1);
  // The first award's release shows the tender as it stood then: awarded, that award alone and
  // in force; the second's shows the first replaced.
  const auto first_award = release_named(record, api.tender_id + "-award");
  CHECK(first_award.at("tender").at("status") == "complete");
  REQUIRE(first_award.at("awards").as_array().size() == 1);
  CHECK(first_award.at("awards").at(0).at("status") == "active");
  CHECK(first_award.at("awards").at(0).at("suppliers").at(0).at("id") ==
        json::value(api.suppliers[0].organization_id));
  const auto second_award = release_named(record, api.tender_id + "-award-2");
  REQUIRE(second_award.at("awards").as_array().size() == 2);
  CHECK(second_award.at("awards").at(0).at("status") == "cancelled");
  CHECK(second_award.at("awards").at(1).at("status") == "active");

  // A challenge of the new award upheld too: a third award, which sets the second's draft aside.
  const auto against_second = api.client.post(challenges, {{"text", "第二中标人业绩不实"}}, api.suppliers[2].token);
  REQUIRE(against_second.status == 201);
  REQUIRE(api.client.post(challenges + "/" + std::string(against_second.json().at("id").as_string()) + "/answer",
                          {{"answer", "质疑成立"}, {"upheld", true}}, api.purchaser_token).status == 200);
  api.advance(3600);
  const std::string third(entries.at(2).at("bid_id").as_string());
  const auto once_more = api.client.post(award, {{"bid_id", third}, {"reason", "再次质疑成立，改由排名第三的供应商中标"}},
                                         api.purchaser_token);
  INFO(once_more.body);
  REQUIRE(once_more.status == 200);
  CHECK(once_more.json().at("cancelled_contract").at("id") == contract.at("id"));
  const auto third_contract = api.create_contract();
  const auto after = valid_record(api);
  const auto& latest = after.at("records").as_array().at(0).at("compiledRelease");
  const auto& all_awards = latest.at("awards").as_array();
  REQUIRE(all_awards.size() == 3);
  CHECK(all_awards.at(0).at("id") == json::value(api.tender_id + "-award"));
  CHECK(all_awards.at(1).at("id") == json::value(api.tender_id + "-award-2"));
  CHECK(all_awards.at(2).at("id") == json::value(api.tender_id + "-award-3"));
  CHECK(all_awards.at(0).at("status") == "cancelled");
  CHECK(all_awards.at(1).at("status") == "cancelled");
  CHECK(all_awards.at(2).at("status") == "active");
  // The second award's own reason stays with it.
  CHECK(std::string(all_awards.at(1).at("description").as_string()).find("改由排名第二") != std::string::npos);
  const auto& all_contracts = latest.at("contracts").as_array();
  REQUIRE(all_contracts.size() == 2);
  CHECK(all_contracts.at(0).at("awardID") == all_awards.at(1).at("id"));
  CHECK(all_contracts.at(0).at("status") == "cancelled");
  CHECK(all_contracts.at(1).at("id") == third_contract.at("id"));
  CHECK(all_contracts.at(1).at("awardID") == all_awards.at(2).at("id"));
}

TEST_CASE("a draft contract makes way when an upheld challenge sends the award back", "[api][contracts][law]") {
  awarded_fixture api;
  const auto first_contract = api.create_contract();
  api.schedule(first_contract);
  // One signature before the challenge: still a draft, never in force.
  REQUIRE(api.client.post(api.path(first_contract, "/sign"), json::object{}, api.purchaser_token).status == 200);
  const auto challenges = "/api/v1/tenders/" + api.tender_id + "/challenges";
  const auto filed = api.client.post(challenges, {{"text", "中标人资格不符"}}, api.suppliers[1].token);
  REQUIRE(filed.status == 201);
  const auto award = "/api/v1/tenders/" + api.tender_id + "/award";
  const auto ranking = api.client.get("/api/v1/tenders/" + api.tender_id + "/ranking").json();
  const std::string second(ranking.at("entries").as_array().at(1).at("bid_id").as_string());
  // While the challenge is open the award stands, draft and all.
  CHECK(api.client.post(award, {{"bid_id", second}, {"reason", "改判"}}, api.purchaser_token).status == 409);
  REQUIRE(api.client.post(challenges + "/" + std::string(filed.json().at("id").as_string()) + "/answer",
                          {{"answer", "质疑成立"}, {"upheld", true}}, api.purchaser_token).status == 200);
  CHECK(api.client.post(api.path(first_contract, "/sign"), json::object{}, api.suppliers[0].token).status == 409);

  api.advance(3600);
  const auto again = api.client.post(award, {{"bid_id", second}, {"reason", "质疑成立，改由排名第二的供应商中标"}},
                                     api.purchaser_token);
  INFO(again.body);
  REQUIRE(again.status == 200);
  const auto answer = again.json();
  CHECK(answer.at("tender").at("status") == "awarded");
  CHECK(answer.at("tender").at("award").at("bid_id") == json::value(second));
  const auto& set_aside = answer.at("cancelled_contract");
  CHECK(set_aside.at("id") == first_contract.at("id"));
  CHECK(set_aside.at("status") == "cancelled");
  CHECK(std::string(set_aside.at("end_reason").as_string()).find("改由排名第二") != std::string::npos);

  // The old draft stays on record, cancelled, and can no longer be signed.
  const auto old = api.client.get(api.path(first_contract), api.purchaser_token).json();
  CHECK(old.at("status") == "cancelled");
  CHECK(api.client.post(api.path(first_contract, "/sign"), json::object{}, api.suppliers[0].token).status == 409);
  // Its history ends with the cancellation, recorded by whoever awarded again.
  const auto versions = api.client.get(api.path(first_contract, "/versions")).json().at("versions").as_array();
  REQUIRE(versions.size() == 4);  // created, scheduled, signed by the purchaser, cancelled
  CHECK(versions.back().at("action") == "contract.cancel");
  CHECK(versions.back().at("state").at("status") == "cancelled");
  CHECK(versions.back().at("state") == set_aside);
  CHECK(api.client.get("/api/v1/audit/verify", api.admin()).json().at("intact") == true);

  // The new award's contract goes to the second-ranked bid.
  const auto new_contract = api.create_contract();
  CHECK(new_contract.at("id") != first_contract.at("id"));
  CHECK(new_contract.at("bid_id") == json::value(second));
  CHECK(api.client.get("/api/v1/tenders/" + api.tender_id).json().at("status") == "contracted");
  CHECK(api.client.post("/api/v1/contracts", {{"tender_id", api.tender_id}}, api.purchaser_token).status == 409);

  // Both are the tender's contracts, oldest first.
  const auto of_tender = api.client.get("/api/v1/contracts?tender=" + api.tender_id).json().at("items").as_array();
  REQUIRE(of_tender.size() == 2);
  CHECK(of_tender.at(0).at("id") == first_contract.at("id"));
  CHECK(of_tender.at(1).at("id") == new_contract.at("id"));
  CHECK(api.client.get("/api/v1/contracts?tender=" + api.tender_id + "&supplier=" + api.suppliers[0].organization_id)
            .json().at("items").as_array().size() == 1);

  // Open data keeps the draft set aside, cancelled, under the award it was drawn from, which the
  // new award replaced; no release of either disappears.
  const auto record = valid_record(api);
  const auto& compiled = record.at("records").as_array().at(0).at("compiledRelease");
  const auto& published = compiled.at("contracts").as_array();
  REQUIRE(published.size() == 2);
  CHECK(published.at(0).at("id") == first_contract.at("id"));
  CHECK(published.at(0).at("status") == "cancelled");
  CHECK(published.at(1).at("id") == new_contract.at("id"));
  CHECK(published.at(1).at("status") == "pending");
  const auto& awards = compiled.at("awards").as_array();
  REQUIRE(awards.size() == 2);
  CHECK(awards.at(0).at("status") == "cancelled");
  CHECK(awards.at(0).at("id") == json::value(api.tender_id + "-award"));
  CHECK(awards.at(0).at("id") == published.at(0).at("awardID"));
  CHECK(awards.at(0).at("suppliers").at(0).at("id") == json::value(api.suppliers[0].organization_id));
  CHECK(awards.at(1).at("status") == "active");
  CHECK(awards.at(1).at("id") == published.at(1).at("awardID"));
  CHECK(awards.at(1).at("suppliers").at(0).at("id") == new_contract.at("supplier_id"));
  const auto ids = release_ids_of(record);
  const std::string old_id(first_contract.at("id").as_string());
  for (const auto& id : {api.tender_id + "-award", api.tender_id + "-award-2", old_id + "-contract", old_id + "-end",
                         std::string(new_contract.at("id").as_string()) + "-contract"})
    CHECK(ids.count(id) == 1);
}

TEST_CASE("a contract signed by both is not undone by a challenge upheld after signing", "[api][contracts][law]") {
  awarded_fixture api;
  const auto contract = api.signed_contract();
  const auto challenges = "/api/v1/tenders/" + api.tender_id + "/challenges";
  const auto filed = api.client.post(challenges, {{"text", "评分有误"}}, api.suppliers[1].token);
  REQUIRE(filed.status == 201);
  REQUIRE(api.client.post(challenges + "/" + std::string(filed.json().at("id").as_string()) + "/answer",
                          {{"answer", "质疑成立"}, {"upheld", true}}, api.purchaser_token).status == 200);
  const auto ranking = api.client.get("/api/v1/tenders/" + api.tender_id + "/ranking").json();
  const std::string second(ranking.at("entries").as_array().at(1).at("bid_id").as_string());
  const auto refused = api.client.post("/api/v1/tenders/" + api.tender_id + "/award",
                                       {{"bid_id", second}, {"reason", "改判"}}, api.purchaser_token);
  CHECK(refused.status == 409);
  CHECK(std::string(refused.json().at("detail").as_string()).find("signed by both") != std::string::npos);
  CHECK(api.client.get(api.path(contract), api.purchaser_token).json().at("status") == "active");
  CHECK(api.client.get("/api/v1/tenders/" + api.tender_id).json().at("award").at("bid_id") == json::value(api.winner));
}

TEST_CASE("a schedule is the purchaser's to set until a party signs the contract with it", "[api][contracts]") {
  awarded_fixture api;
  const auto contract = api.create_contract();
  const json::array thirds{{{"due_date", "2030-01-01"}, {"share_bp", 3000}},
                           {{"due_date", "2030-06-01"}, {"share_bp", 4000}},
                           {{"due_date", "2030-12-01"}, {"share_bp", 3000}}};
  const json::array back_loaded{{{"due_date", "2030-01-01"}, {"share_bp", 1000}},
                                {{"due_date", "2030-12-01"}, {"share_bp", 9000}}};
  const auto schedule = [&](const json::array& instalments) {
    return api.client.post(api.path(contract, "/instalments"), {{"instalments", instalments}}, api.purchaser_token);
  };
  REQUIRE(schedule(thirds).status == 200);
  REQUIRE(schedule(thirds).status == 200);  // unsigned, it may still change
  REQUIRE(api.client.post(api.path(contract, "/sign"), json::object{}, api.suppliers[0].token).status == 200);
  // The supplier signed the thirds: the purchaser cannot swap them before signing itself.
  CHECK(schedule(back_loaded).status == 409);
  CHECK(api.client.get(api.path(contract, "/instalments")).json().at("instalments").as_array().size() == 3);
}

TEST_CASE("neither party signs a contract before it has its payment schedule, and the refusal changes nothing",
          "[api][contracts]") {
  awarded_fixture api;
  const auto contract = api.create_contract();
  const auto before = api.client.get(api.path(contract), api.purchaser_token).json();
  const auto versions_before = api.client.get(api.path(contract, "/versions")).json();
  for (const auto* token : {&api.purchaser_token, &api.suppliers[0].token}) {
    const auto refused = api.client.post(api.path(contract, "/sign"), json::object{}, *token);
    INFO(refused.body);
    CHECK(refused.status == 409);
    CHECK(refused.header("content-type") == "application/problem+json");
    CHECK(std::string(refused.json().at("detail").as_string()).find("payment schedule") != std::string::npos);
  }
  CHECK(api.client.get(api.path(contract), api.purchaser_token).json() == before);
  CHECK(api.client.get(api.path(contract, "/versions")).json() == versions_before);
  // With its schedule set, the same contract is signed, and the schedule is what both signed.
  api.schedule(contract);
  // A signature sent with If-Match of the version read before the schedule was set (or changed)
  // is refused: the signer has not seen what it would sign.
  const auto stale = api.client.request("POST", api.path(contract, "/sign"), "{}", api.suppliers[0].token,
                                        {{"If-Match", "\"" + std::to_string(before.at("version").as_int64()) + "\""}});
  CHECK(stale.status == 412);
  CHECK(api.client.get(api.path(contract), api.purchaser_token).json().at("supplier_signed_at").is_null());
  const auto current = api.client.get(api.path(contract), api.purchaser_token).json().at("version").as_int64();
  REQUIRE(api.client.request("POST", api.path(contract, "/sign"), "{}", api.suppliers[0].token,
                             {{"If-Match", "\"" + std::to_string(current) + "\""}}).status == 200);
  // "*" matches whatever version is current (RFC 9110).
  REQUIRE(api.client.request("POST", api.path(contract, "/sign"), "{}", api.purchaser_token, {{"If-Match", "*"}}).status ==
          200);
  const auto signed_contract = api.client.get(api.path(contract), api.purchaser_token).json();
  CHECK(signed_contract.at("status") == "active");
  CHECK(signed_contract.at("instalments").as_array().size() == 2);
}

TEST_CASE("a draft the purchaser ends is cancelled and drawn up again", "[api][contracts]") {
  awarded_fixture api;
  const auto first_contract = api.create_contract();
  const auto ended = api.client.post(api.path(first_contract, "/terminate"), {{"reason", "违约金条款有误"}},
                                     api.purchaser_token);
  REQUIRE(ended.status == 200);
  CHECK(ended.json().at("status") == "cancelled");
  const auto redrawn = api.create_contract();
  CHECK(redrawn.at("id") != first_contract.at("id"));
  CHECK(redrawn.at("bid_id") == json::value(api.winner));
  CHECK(redrawn.at("status") == "draft");
  CHECK(api.client.post("/api/v1/contracts", {{"tender_id", api.tender_id}}, api.purchaser_token).status == 409);
  // Its history says what happened to it.
  const auto versions = api.client.get(api.path(first_contract, "/versions")).json().at("versions").as_array();
  CHECK(versions.back().at("action") == "contract.cancel");
  // The tender became contracted once; drawing the contract up again did not move it.
  const auto tender_history = api.audited_actions("tender", api.tender_id);
  CHECK(std::count(tender_history.begin(), tender_history.end(), "tender.contract") == 1);

  // The award stands: both contracts name it, the ended one cancelled.
  const auto record = valid_record(api);
  const auto& compiled = record.at("records").as_array().at(0).at("compiledRelease");
  REQUIRE(compiled.at("awards").as_array().size() == 1);
  CHECK(compiled.at("awards").at(0).at("status") == "active");
  const auto& published = compiled.at("contracts").as_array();
  REQUIRE(published.size() == 2);
  CHECK(published.at(0).at("status") == "cancelled");
  CHECK(published.at(1).at("id") == redrawn.at("id"));
  for (const auto& c : published) CHECK(c.at("awardID") == json::value(api.tender_id + "-award"));
}

TEST_CASE("an award is not redone while no challenge of it was upheld", "[api][contracts][law]") {
  awarded_fixture api;
  const auto award = "/api/v1/tenders/" + api.tender_id + "/award";
  const auto challenges = "/api/v1/tenders/" + api.tender_id + "/challenges";
  CHECK(api.client.post(award, {{"bid_id", api.winner}, {"reason", "再次授予"}}, api.purchaser_token).status == 409);
  const auto filed = api.client.post(challenges, {{"text", "评分不公"}}, api.suppliers[1].token);
  REQUIRE(filed.status == 201);
  // Open: not yet.
  CHECK(api.client.post(award, {{"bid_id", api.winner}, {"reason", "再次授予"}}, api.purchaser_token).status == 409);
  REQUIRE(api.client.post(challenges + "/" + std::string(filed.json().at("id").as_string()) + "/answer",
                          {{"answer", "维持"}, {"upheld", false}}, api.purchaser_token).status == 200);
  // Answered, not upheld: the award stands.
  CHECK(api.client.post(award, {{"bid_id", api.winner}, {"reason", "再次授予"}}, api.purchaser_token).status == 409);
  CHECK(api.client.get("/api/v1/tenders/" + api.tender_id).json().at("award").at("bid_id") == json::value(api.winner));
}

TEST_CASE("both parties sign; after 30 days a signature needs a reason", "[api][contracts][law]") {
  awarded_fixture api;
  const auto contract = api.create_contract();
  api.schedule(contract);
  CHECK(api.client.post(api.path(contract, "/sign"), json::object{}, api.suppliers[1].token).status == 404);
  REQUIRE(api.client.post(api.path(contract, "/sign"), json::object{}, api.purchaser_token).status == 200);
  api.advance(31 * 86400);
  const auto late = api.client.post(api.path(contract, "/sign"), json::object{}, api.suppliers[0].token);
  CHECK(late.status == 422);
  CHECK(names_pointer(late, "/late_reason"));
  const auto signed_late = api.client.post(api.path(contract, "/sign"), {{"late_reason", "法人代表出差"}}, api.suppliers[0].token);
  REQUIRE(signed_late.status == 200);
  CHECK(signed_late.json().at("status") == "active");
  CHECK(signed_late.json().at("signed_late") == true);
}

TEST_CASE("a schedule must sum to the price, warns of payroll shortfalls, and is released once", "[api][contracts][law]") {
  awarded_fixture api;
  const auto contract = api.create_contract();
  const json::array short_by_one_fen{{{"due_date", "2030-01-01"}, {"amount", {{"amount", 114'000'000}, {"currency", "CNY"}}}},
                                     {{"due_date", "2030-06-01"}, {"amount", {{"amount", 113'999'999}, {"currency", "CNY"}}}}};
  const auto refused = api.client.post(api.path(contract, "/instalments"), {{"instalments", short_by_one_fen}}, api.purchaser_token);
  CHECK(refused.status == 422);
  CHECK(std::string(refused.json().at("detail").as_string()).find("0.01 less than") != std::string::npos);

  const json::array thirds{{{"due_date", "2030-01-01"}, {"share_bp", 3000}},
                           {{"due_date", "2030-06-01"}, {"share_bp", 4000}},
                           {{"due_date", "2030-12-01"}, {"share_bp", 3000}}};
  const auto scheduled = api.client.post(api.path(contract, "/instalments"), {{"instalments", thirds}}, api.purchaser_token);
  INFO(scheduled.body);
  REQUIRE(scheduled.status == 200);
  CHECK(scheduled.json().as_object().contains("warnings"));
  CHECK_FALSE(scheduled.json().at("payroll_coverage").at("shortfalls").as_array().empty());
  CHECK(scheduled.json().at("payroll_coverage").at("benchmark").at("region") == "310115");
  api.sign_by_both(contract);
  // Signed by both, the schedule is not the purchaser's alone to replace: an amendment is.
  const json::array deferred{{{"due_date", "2031-12-01"}, {"share_bp", 10000}}};
  const auto replaced = api.client.post(api.path(contract, "/instalments"), {{"instalments", deferred}}, api.purchaser_token);
  CHECK(replaced.status == 409);
  CHECK(api.client.get(api.path(contract, "/instalments")).json().at("instalments").as_array().size() == 3);

  // Two concurrent releases of the same instalment: exactly one succeeds.
  const auto release = [&] {
    http_client own(api.server.port());
    return own.post(api.path(contract, "/instalments/1/release"), json::object{}, api.purchaser_token).status;
  };
  auto first = std::async(std::launch::async, release);
  auto second = std::async(std::launch::async, release);
  const auto statuses = std::multiset<unsigned>{first.get(), second.get()};
  CHECK(statuses == std::multiset<unsigned>{200, 409});
  const auto ledger = api.client.get(api.path(contract, "/instalments")).json();
  CHECK(ledger.at("released").at("amount") == 68'400'000);
  CHECK(ledger.at("outstanding").at("amount") == 228'000'000 - 68'400'000);
  CHECK(ledger.at("instalments").as_array()[0].at("released_late") == false);
}

TEST_CASE("amendments add at most 10% of the original price, agreed by the other party", "[api][contracts][law]") {
  awarded_fixture api;
  const auto contract = api.signed_contract();
  const auto over = api.client.post(api.path(contract, "/amend"),
                                    {{"reason", "扩大服务"}, {"added_value", {{"amount", 22'800'001}, {"currency", "CNY"}}}},
                                    api.purchaser_token);
  CHECK(over.status == 422);
  CHECK(std::string(over.json().at("detail").as_string()).find("228,000.00") != std::string::npos);
  const auto unscheduled = api.client.post(api.path(contract, "/amend"),
                                           {{"reason", "扩大服务"}, {"added_value", {{"amount", 22'800'000}, {"currency", "CNY"}}}},
                                           api.purchaser_token);
  CHECK(names_pointer(unscheduled, "/instalments"));
  const json::array new_schedule{{{"due_date", "2030-06-01"}, {"share_bp", 5000}}, {{"due_date", "2030-12-01"}, {"share_bp", 5000}}};
  const auto exact = api.client.post(api.path(contract, "/amend"),
                                     {{"reason", "扩大服务"}, {"added_value", {{"amount", 22'800'000}, {"currency", "CNY"}}},
                                      {"instalments", new_schedule}},
                                     api.purchaser_token);
  REQUIRE(exact.status == 200);
  CHECK(api.client.post(api.path(contract, "/amendments/1/agree"), json::object{}, api.purchaser_token).status == 409);
  const auto agreed = api.client.post(api.path(contract, "/amendments/1/agree"), json::object{}, api.suppliers[0].token);
  REQUIRE(agreed.status == 200);
  CHECK(agreed.json().at("price").at("amount") == 250'800'000);
  CHECK(agreed.json().at("amendment_headroom").at("amount") == 0);
  std::int64_t scheduled = 0;
  const auto agreed_body = agreed.json();
  for (const auto& i : agreed_body.at("instalments").as_array()) scheduled += i.at("amount").at("amount").as_int64();
  CHECK(scheduled == 250'800'000);  // the added value is scheduled too
  // Every version stays readable, with the action that made it.
  const auto versions = api.client.get(api.path(contract, "/versions")).json().at("versions").as_array();
  REQUIRE(versions.size() >= 6);  // create, schedule, two signatures, proposal, agreement
  CHECK(versions.front().at("state").at("price").at("amount") == 228'000'000);
  CHECK(versions.back().at("action") == "contract.amend.agree");
  CHECK(versions.back().at("state").at("price").at("amount") == 250'800'000);
}

TEST_CASE("payroll coverage is for the parties and overseers only", "[api][contracts]") {
  awarded_fixture api;
  const auto contract = api.create_contract();
  CHECK(api.client.get(api.path(contract, "/payroll-coverage"), api.purchaser_token).status == 200);
  CHECK(api.client.get(api.path(contract, "/payroll-coverage"), api.suppliers[0].token).status == 200);
  CHECK(api.client.get(api.path(contract, "/payroll-coverage"), api.suppliers[1].token).status == 404);
  CHECK(api.client.get(api.path(contract, "/payroll-coverage")).status == 401);
  CHECK(api.client.get(api.path(contract)).status == 200);  // the contract itself is public
  // The public version history does not carry the payroll position either.
  const json::array schedule{{{"due_date", "2030-01-01"}, {"share_bp", 10000}}};
  REQUIRE(api.client.post(api.path(contract, "/instalments"), {{"instalments", schedule}}, api.purchaser_token).status == 200);
  CHECK(api.client.get(api.path(contract, "/versions")).body.find("payroll") == std::string::npos);
}

namespace {

json::object report_body(const std::string& period_start, std::int64_t workers, std::int64_t clients) {
  return {{"period", "monthly"},
          {"period_start", period_start},
          {"workers", {{{"level", "social_worker"}, {"count", workers}, {"average_monthly_salary", {{"amount", 850'000}, {"currency", "CNY"}}}}}},
          {"counts", {{"clients_served", clients}, {"new_intakes", 10}, {"home_visits", 120}, {"no_relapse_one_year", 200}}}};
}

}  // namespace

TEST_CASE("service reports refuse impossible data and personal data, naming the field", "[api][contracts][reports]") {
  awarded_fixture api;
  const auto contract = api.signed_contract();
  REQUIRE(api.client.post("/api/v1/test/clock", {{"now", "2030-02-02T10:00:00+08:00"}}, api.admin()).status == 200);
  const auto reports = api.path(contract, "/reports");
  const auto& supplier = api.suppliers[0].token;

  auto abstinent = report_body("2030-01-01", 15, 250);
  abstinent["counts"].as_object()["no_relapse_one_year"] = 251;
  const auto more_abstinent = api.client.post(reports, abstinent, supplier);
  CHECK(more_abstinent.status == 422);
  CHECK(names_pointer(more_abstinent, "/counts/no_relapse_one_year"));

  auto negative = report_body("2030-01-01", 15, 250);
  negative["counts"].as_object()["home_visits"] = -1;
  CHECK(names_pointer(api.client.post(reports, negative, supplier), "/counts/home_visits"));

  auto personal = report_body("2030-01-01", 15, 250);
  personal["client_names"] = json::array{"张三"};
  const auto refused_personal = api.client.post(reports, personal, supplier);
  CHECK(refused_personal.status == 422);
  CHECK(names_pointer(refused_personal, "/client_names"));

  CHECK(names_pointer(api.client.post(reports, report_body("2029-11-01", 15, 250), supplier), "/period_start"));
  CHECK(api.client.post(reports, report_body("2030-01-01", 15, 250), api.suppliers[1].token).status == 404);
  CHECK(api.client.get(reports, api.purchaser_token).json().at("items").as_array().empty());
}

TEST_CASE("a report's salaries are held to the guide of the year the report covers", "[api][contracts][reports]") {
  bid_flow_fixture api;
  // A service from July 2030 to June 2031, whose second half falls under the 2031 guide.
  api.tender_id = api.publish_tender("跨年度项目",
                                     {{{"name", "price"}, {"kind", "price"}, {"points", 30}},
                                      {{"name", "plan"}, {"kind", "subjective"}, {"points", 70}}},
                                     "2030-07-01");
  api.bid_and_award();
  REQUIRE(api.client.post("/api/v1/salary-benchmarks",
                          {{"region", "310115"},
                           {"year", 2031},
                           {"monthly_salary",
                            {{"none", api.money(6800)}, {"assistant_social_worker", api.money(7900)},
                             {"social_worker", api.money(9800)}, {"senior_social_worker", api.money(12000)}}},
                           {"employer_rates",
                            {{"pension_bp", 1600}, {"medical_bp", 950}, {"unemployment_bp", 50}, {"work_injury_bp", 26},
                             {"housing_fund_bp", 700}}}},
                          api.admin())
              .status == 200);
  const auto created = api.client.post("/api/v1/contracts", {{"tender_id", api.tender_id}}, api.purchaser_token);
  REQUIRE(created.status == 201);
  const std::string contract = "/api/v1/contracts/" + std::string(created.json().at("id").as_string());
  const json::array whole_price{{{"due_date", "2031-06-01"}, {"share_bp", 10000}}};
  REQUIRE(api.client.post(contract + "/instalments", {{"instalments", whole_price}}, api.purchaser_token).status == 200);
  REQUIRE(api.client.post(contract + "/sign", json::object{}, api.purchaser_token).status == 200);
  REQUIRE(api.client.post(contract + "/sign", json::object{}, api.suppliers[0].token).status == 200);
  REQUIRE(api.client.post("/api/v1/test/clock", {{"now", "2031-02-02T10:00:00+08:00"}}, api.admin()).status == 200);
  // 9,500.00 a month: above 2030's 9,000.00 guide, below 2031's 9,800.00.
  const auto paid_9500 = [&](const std::string& month) {
    auto body = report_body(month, 15, 250);
    body["workers"].as_array()[0].as_object()["average_monthly_salary"] = api.money(9500);
    const auto reply = api.client.post(contract + "/reports", body, api.suppliers[0].token);
    INFO(reply.body);
    REQUIRE(reply.status == 201);
    return reply.json().as_object();
  };
  const auto december = paid_9500("2030-12-01");
  CHECK(december.at("salary_below_benchmark").as_array().empty());
  CHECK(december.at("salary_guide_year") == 2030);  // checked, and found to meet the guide
  const auto january = paid_9500("2031-01-01");
  CHECK(january.at("salary_guide_year") == 2031);
  const auto& below = january.at("salary_below_benchmark").as_array();
  REQUIRE(below.size() == 1);
  CHECK(std::string(below.at(0).as_string()).find("below the guide 9,800.00") != std::string::npos);
  // The guide checked against is kept with the report, as read back from the database.
  const auto listed = api.client.get(contract + "/reports", api.purchaser_token).json();
  const auto& items = listed.at("items").as_array();
  REQUIRE(items.size() == 2);
  CHECK(items.at(0).at("salary_guide_year") == 2030);
  CHECK(items.at(1).at("salary_guide_year") == 2031);
}

TEST_CASE("an accepted report showing missing posts becomes a deduction from the next instalment", "[api][contracts][reports]") {
  awarded_fixture api;
  // 5,000.00 per missing post-month
  const auto contract = api.signed_contract({{{"due_date", "2030-01-01"}, {"share_bp", 5000}},
                                             {{"due_date", "2030-03-01"}, {"share_bp", 4000}, {"condition", "report_accepted"}},
                                             {{"due_date", "2030-12-01"}, {"share_bp", 1000}}});
  REQUIRE(api.client.post("/api/v1/test/clock", {{"now", "2030-02-02T10:00:00+08:00"}}, api.admin()).status == 200);
  REQUIRE(api.client.post(api.path(contract, "/instalments/1/release"), json::object{}, api.purchaser_token).status == 200);
  // The conditioned instalment waits for an accepted report.
  CHECK(api.client.post(api.path(contract, "/instalments/2/release"), json::object{}, api.purchaser_token).status == 409);

  // 13 of the 15 contracted social workers employed in January (the bid also had no senior post).
  const auto submitted = api.client.post(api.path(contract, "/reports"), report_body("2030-01-01", 13, 250),
                                         api.suppliers[0].token);
  REQUIRE(submitted.status == 201);
  CHECK(submitted.json().at("salary_below_benchmark").as_array().size() == 1);  // 8,500 < 9,000
  const std::string report_id(submitted.json().at("id").as_string());
  const auto accepted = api.client.post(api.path(contract, "/reports/" + report_id + "/accept"), json::object{},
                                        api.purchaser_token);
  REQUIRE(accepted.status == 200);
  CHECK(accepted.json().at("deduction").at("amount") == 1'000'000);  // 2 posts × 1 month × 5,000.00
  // The same month cannot be reported again once accepted.
  const auto again = api.client.post(api.path(contract, "/reports"), report_body("2030-01-01", 15, 250), api.suppliers[0].token);
  CHECK(names_pointer(again, "/period_start"));

  const auto released = api.client.post(api.path(contract, "/instalments/2/release"), json::object{}, api.purchaser_token);
  REQUIRE(released.status == 200);
  const auto ledger = released.json().at("ledger");
  CHECK(ledger.at("deducted").at("amount") == 1'000'000);
  CHECK(ledger.at("instalments").as_array()[1].at("released_amount").at("amount") == 91'200'000 - 1'000'000);
  // The final instalment waits for the final evaluation.
  CHECK(api.client.post(api.path(contract, "/instalments/3/release"), json::object{}, api.purchaser_token).status == 409);
}

namespace {

/// Four instalments of 25% (570,000.00 yuan each), none with a condition; the fourth is the final one.
json::array four_quarters() {
  return {{{"due_date", "2030-01-01"}, {"share_bp", 2500}},
          {{"due_date", "2030-04-01"}, {"share_bp", 2500}},
          {{"due_date", "2030-07-01"}, {"share_bp", 2500}},
          {{"due_date", "2030-10-01"}, {"share_bp", 2500}}};
}

/// A contract of the awarded tender scheduled in `four_quarters` and signed by both parties:
/// active, price 2,280,000.00 yuan, service 2030-01-01 for 12 months.
json::value active_contract(awarded_fixture& api) { return api.signed_contract(four_quarters()); }

http_reply release(awarded_fixture& api, const json::value& contract, const std::string& number) {
  return api.client.post(api.path(contract, "/instalments/" + number + "/release"), json::object{}, api.purchaser_token);
}

/// Proposes an amendment adding `added_fen` with a schedule, by the purchaser; returns the reply.
http_reply propose(awarded_fixture& api, const json::value& contract, std::int64_t added_fen, const json::array& schedule) {
  return api.client.post(api.path(contract, "/amend"),
                         {{"reason", "增加服务对象"},
                          {"added_value", {{"amount", added_fen}, {"currency", "CNY"}}},
                          {"instalments", schedule}},
                         api.purchaser_token);
}

std::int64_t scheduled_total(const json::value& contract) {
  std::int64_t total = 0;
  for (const auto& i : contract.at("instalments").as_array()) total += i.at("amount").at("amount").as_int64();
  return total;
}

std::vector<std::int64_t> instalment_numbers(const json::value& contract) {
  std::vector<std::int64_t> numbers;
  for (const auto& i : contract.at("instalments").as_array()) numbers.push_back(i.at("number").as_int64());
  return numbers;
}

}  // namespace

TEST_CASE("a service report for a period not wholly inside the service period is refused and changes nothing",
          "[api][contracts][reports][law]") {
  awarded_fixture api;
  const auto contract = active_contract(api);  // service 2030-01-01 for 12 months: it ends before 2031-01-01
  REQUIRE(api.client.post("/api/v1/test/clock", {{"now", "2031-03-02T10:00:00+08:00"}}, api.admin()).status == 200);
  const auto reports = api.path(contract, "/reports");
  const auto& supplier = api.suppliers[0].token;

  const auto month_after_the_end = api.client.post(reports, report_body("2031-01-01", 15, 250), supplier);
  INFO(month_after_the_end.body);
  CHECK(month_after_the_end.status == 422);
  CHECK(month_after_the_end.header("content-type") == "application/problem+json");
  CHECK(names_pointer(month_after_the_end, "/period_start"));
  CHECK(month_after_the_end.body.find("outside the contract") != std::string::npos);

  // A quarter whose last month is past the end is partly outside, so refused as a whole.
  auto quarter_one_month_out = report_body("2030-11-01", 15, 250);
  quarter_one_month_out["period"] = "quarterly";
  const auto straddling = api.client.post(reports, quarter_one_month_out, supplier);
  CHECK(straddling.status == 422);
  CHECK(names_pointer(straddling, "/period_start"));

  CHECK(names_pointer(api.client.post(reports, report_body("2029-12-01", 15, 250), supplier), "/period_start"));
  CHECK(api.client.get(reports, api.purchaser_token).json().at("items").as_array().empty());

  // The last quarter and the last month inside the period are reported as usual.
  auto last_quarter = report_body("2030-10-01", 15, 250);
  last_quarter["period"] = "quarterly";
  const auto quarter = api.client.post(reports, last_quarter, supplier);
  REQUIRE(quarter.status == 201);
  // December is in that quarter, which awaits the purchaser: a second report for it is refused
  // until the quarter is returned.
  const auto december = api.client.post(reports, report_body("2030-12-01", 15, 250), supplier);
  CHECK(december.status == 422);
  CHECK(december.body.find("overlaps submitted report " + std::string(quarter.json().at("id").as_string())) !=
        std::string::npos);
  REQUIRE(api.client.post(reports + "/" + std::string(quarter.json().at("id").as_string()) + "/return",
                          {{"reason", "请按月报送"}}, api.purchaser_token).status == 200);
  CHECK(api.client.post(reports, report_body("2030-12-01", 15, 250), supplier).status == 201);
}

TEST_CASE("an amendment is neither proposed nor agreed on a contract that is not active, and nothing changes",
          "[api][contracts][law]") {
  awarded_fixture api;
  const json::array remaining{{{"due_date", "2030-12-01"}, {"share_bp", 10000}}};

  // A draft (unsigned) contract is not amended.
  const auto draft = api.create_contract();
  const auto on_draft = propose(api, draft, 10'000'000, remaining);
  CHECK(on_draft.status == 409);
  CHECK(on_draft.header("content-type") == "application/problem+json");
  api.schedule(draft, four_quarters());
  api.sign_by_both(draft);
  const auto& contract = draft;
  CHECK(api.client.get(api.path(contract)).json().at("amendments").as_array().empty());

  REQUIRE(propose(api, contract, 10'000'000, remaining).status == 200);
  REQUIRE(api.client.post(api.path(contract, "/terminate"), {{"reason", "服务机构严重违约"}}, api.purchaser_token).status == 200);
  const auto before = api.client.get(api.path(contract)).json();
  REQUIRE(before.at("status") == "terminated");

  const auto agreed = api.client.post(api.path(contract, "/amendments/1/agree"), json::object{}, api.suppliers[0].token);
  INFO(agreed.body);
  CHECK(agreed.status == 409);
  CHECK(agreed.header("content-type") == "application/problem+json");
  CHECK(std::string(agreed.json().at("detail").as_string()).find("terminated") != std::string::npos);
  CHECK(propose(api, contract, 5'000'000, remaining).status == 409);

  const auto after = api.client.get(api.path(contract)).json();
  CHECK(after == before);  // price, schedule, amendments and version alike
  CHECK(after.at("price").at("amount") == 228'000'000);
  CHECK(after.at("amendments").as_array().at(0).at("agreed_at").is_null());
  CHECK(scheduled_total(after) == 228'000'000);
}

TEST_CASE("an amendment agreed after out-of-order releases numbers its instalments after the kept ones",
          "[api][contracts]") {
  awarded_fixture api;
  const auto contract = active_contract(api);
  REQUIRE(release(api, contract, "1").status == 200);
  REQUIRE(release(api, contract, "3").status == 200);

  // Unreleased: 2,280,000.00 + 100,000.00 - 1,140,000.00 = 1,240,000.00, in two halves.
  const json::array halves{{{"due_date", "2030-09-01"}, {"share_bp", 5000}}, {{"due_date", "2030-12-01"}, {"share_bp", 5000}}};
  REQUIRE(propose(api, contract, 10'000'000, halves).status == 200);
  const auto agreed = api.client.post(api.path(contract, "/amendments/1/agree"), json::object{}, api.suppliers[0].token);
  INFO(agreed.body);
  REQUIRE(agreed.status == 200);
  const auto amended = agreed.json();
  CHECK(instalment_numbers(amended) == std::vector<std::int64_t>{1, 3, 4, 5});
  CHECK(amended.at("price").at("amount") == 238'000'000);
  CHECK(scheduled_total(amended) == 238'000'000);

  // The new instalments are released by their numbers; the highest is the final one, which waits
  // for the final evaluation.
  const auto fourth = release(api, contract, "4");
  INFO(fourth.body);
  CHECK(fourth.status == 200);
  CHECK(release(api, contract, "5").status == 409);

  // And the contract can be amended again.
  const json::array last{{{"due_date", "2030-12-01"}, {"share_bp", 10000}}};
  REQUIRE(propose(api, contract, 5'000'000, last).status == 200);
  const auto again = api.client.post(api.path(contract, "/amendments/2/agree"), json::object{}, api.suppliers[0].token);
  INFO(again.body);
  REQUIRE(again.status == 200);
  CHECK(instalment_numbers(again.json()) == std::vector<std::int64_t>{1, 3, 4, 5});
  CHECK(scheduled_total(again.json()) == 243'000'000);
  CHECK(again.json().at("price").at("amount") == 243'000'000);
}

TEST_CASE("a release while an amendment awaits agreement counts towards it: the schedule still sums to the price",
          "[api][contracts][law]") {
  awarded_fixture api;
  const auto contract = active_contract(api);
  REQUIRE(release(api, contract, "1").status == 200);

  // Unreleased at the proposal: 2,280,000.00 + 100,000.00 - 570,000.00 = 1,810,000.00, as
  // 543,000.00 + 543,000.00 + 724,000.00.
  const json::array three{{{"due_date", "2030-06-01"}, {"share_bp", 3000}},
                          {{"due_date", "2030-09-01"}, {"share_bp", 3000}},
                          {{"due_date", "2030-12-01"}, {"share_bp", 4000}}};
  REQUIRE(propose(api, contract, 10'000'000, three).status == 200);
  // The contract in force still applies until the supplier agrees: its instalment 2 is paid.
  REQUIRE(release(api, contract, "2").status == 200);

  const auto agreed = api.client.post(api.path(contract, "/amendments/1/agree"), json::object{}, api.suppliers[0].token);
  INFO(agreed.body);
  REQUIRE(agreed.status == 200);
  const auto amended = agreed.json();
  CHECK(amended.at("price").at("amount") == 238'000'000);
  CHECK(scheduled_total(amended) == 238'000'000);
  // The 570,000.00 released since the proposal pays its first instalment (543,000.00) and
  // 27,000.00 of the second; the last is as proposed.
  const auto& schedule = amended.at("instalments").as_array();
  REQUIRE(schedule.size() == 4);
  CHECK(instalment_numbers(amended) == std::vector<std::int64_t>{1, 2, 3, 4});
  CHECK(schedule[2].at("amount").at("amount") == 51'600'000);
  CHECK(schedule[2].at("due_date") == "2030-09-01");
  CHECK(schedule[3].at("amount").at("amount") == 72'400'000);
  const auto ledger = api.client.get(api.path(contract, "/instalments")).json();
  CHECK(ledger.at("scheduled").at("amount") == 238'000'000);
  CHECK(ledger.at("outstanding").at("amount") == 238'000'000 - 2 * 57'000'000);
}

TEST_CASE("an instalment or amendment number in the path is digits only: anything else is an unknown one",
          "[api][contracts]") {
  awarded_fixture api;
  const auto contract = active_contract(api);
  const auto ledger_before = api.client.get(api.path(contract, "/instalments")).json();

  for (const std::string junk : {"3x", "%204", "%203", "+3", "03", "3.0", "-1", "0", "99999999999999999999"}) {
    INFO(junk);
    const auto refused = release(api, contract, junk);
    CHECK(refused.status == 404);
    CHECK(refused.header("content-type") == "application/problem+json");
  }
  // The same answer as a well-formed number that names no instalment.
  CHECK(release(api, contract, "9").status == 404);
  CHECK(api.client.get(api.path(contract, "/instalments")).json() == ledger_before);

  const json::array remaining{{{"due_date", "2030-12-01"}, {"share_bp", 10000}}};
  REQUIRE(propose(api, contract, 10'000'000, remaining).status == 200);
  const auto before = api.client.get(api.path(contract)).json();
  for (const std::string junk : {"1x", "%201", "+1", "01"}) {
    INFO(junk);
    CHECK(api.client.post(api.path(contract, "/amendments/" + junk + "/agree"), json::object{}, api.suppliers[0].token)
              .status == 404);
  }
  CHECK(api.client.get(api.path(contract)).json() == before);
  CHECK(release(api, contract, "3").status == 200);  // a plain number still works
}

TEST_CASE("the OCDS record shows payments met with their date, unpaid ones of an ended contract not met, and true periods",
          "[api][contracts][ocds]") {
  awarded_fixture api;
  const auto contract = api.signed_contract({{{"due_date", "2030-01-01"}, {"share_bp", 3000}},
                                             {{"due_date", "2030-06-01"}, {"share_bp", 4000}},
                                             {{"due_date", "2030-12-01"}, {"share_bp", 3000}}});
  const auto released = api.client.post(api.path(contract, "/instalments/1/release"), json::object{}, api.purchaser_token);
  REQUIRE(released.status == 200);

  const auto record_of = [&] {
    const auto reply = api.client.get("/api/v1/ocds/records/ocds-procura-" + api.tender_id);
    REQUIRE(reply.status == 200);
    return reply.json().at("records").as_array().at(0).at("compiledRelease");
  };
  const auto milestone_status = [](const json::value& section) {
    std::vector<std::string> statuses;
    for (const auto& m : section.at("milestones").as_array())
      if (m.at("type") == "payment") statuses.emplace_back(m.at("status").as_string());
    return statuses;
  };
  auto compiled = record_of();
  auto section = compiled.at("contracts").as_array().at(0);
  CHECK(milestone_status(section) == std::vector<std::string>{"met", "scheduled", "scheduled"});
  const auto& first = section.at("milestones").as_array().at(0);
  REQUIRE(first.as_object().contains("dateMet"));
  CHECK(first.at("dateMet") == api.client.get(api.path(contract, "/instalments"), api.purchaser_token)
                                   .json().at("instalments").as_array().at(0).at("released_at"));
  // 12 months from 2030-01-01: 365 days to the end of 2030, not 12 × 30.
  CHECK(section.at("period").at("durationInDays") == 365);
  CHECK(section.at("period").at("endDate") == "2030-12-31T23:59:59+08:00");
  CHECK(compiled.at("tender").at("contractPeriod").at("durationInDays") == 365);
  CHECK(compiled.at("tender").at("awardCriteria") == "ratedCriteria");  // price 30, plan 70

  REQUIRE(api.client.post(api.path(contract, "/terminate"), {{"reason", "服务机构严重违约"}}, api.purchaser_token).status == 200);
  section = record_of().at("contracts").as_array().at(0);
  CHECK(milestone_status(section) == std::vector<std::string>{"met", "notMet", "notMet"});

  // One release per event, each with its own id and date: the opening, the payment, the end.
  const auto record = api.client.get("/api/v1/ocds/records/ocds-procura-" + api.tender_id).json();
  std::map<std::string, std::string> tag_by_id;
  for (const auto& release : record.at("records").as_array().at(0).at("releases").as_array())
    tag_by_id[std::string(release.at("id").as_string())] = std::string(release.at("tag").as_array().at(0).as_string());
  const std::string contract_id(contract.at("id").as_string());
  CHECK(tag_by_id[api.tender_id + "-opening"] == "tenderUpdate");
  CHECK(tag_by_id[contract_id + "-payment-1"] == "implementation");
  CHECK(tag_by_id[contract_id + "-end"] == "contractTermination");
  CHECK_FALSE(tag_by_id.contains(contract_id + "-payment-2"));
}

TEST_CASE("each OCDS release shows the tender as it stood at its own date; the compiled release as it is now",
          "[api][contracts][ocds]") {
  bid_flow_fixture api;
  std::vector<std::string> bids;
  for (std::size_t i = 0; i < 4; ++i)
    bids.push_back(api.submit_ok(i, 2'280'000 + static_cast<std::int64_t>(i) * 10'000));
  api.pass_deadline();
  REQUIRE(api.open().status == 200);
  api.advance(60);
  REQUIRE(api.confirm_qualification().status == 200);
  api.seat_panel();
  api.score_all({{bids[0], 60}, {bids[1], 60}, {bids[2], 60}, {bids[3], 60}});
  api.advance(60);
  REQUIRE(api.client.post("/api/v1/tenders/" + api.tender_id + "/award", {{"bid_id", bids[0]}}, api.purchaser_token)
              .status == 200);
  api.advance(60);
  const auto created = api.client.post("/api/v1/contracts", {{"tender_id", api.tender_id}}, api.purchaser_token);
  REQUIRE(created.status == 201);
  const std::string contract = "/api/v1/contracts/" + std::string(created.json().at("id").as_string());
  api.advance(60);
  const json::array halves{{{"due_date", "2030-01-01"}, {"share_bp", 5000}},
                           {{"due_date", "2030-12-01"}, {"share_bp", 5000}}};
  REQUIRE(api.client.post(contract + "/instalments", {{"instalments", halves}}, api.purchaser_token).status == 200);
  REQUIRE(api.client.post(contract + "/sign", json::object{}, api.purchaser_token).status == 200);
  REQUIRE(api.client.post(contract + "/sign", json::object{}, api.suppliers[0].token).status == 200);
  api.advance(60);
  REQUIRE(api.client.post(contract + "/instalments/1/release", json::object{}, api.purchaser_token).status == 200);
  api.advance(60);
  const json::array rest{{{"due_date", "2030-12-01"}, {"share_bp", 10000}}};
  REQUIRE(api.client.post(contract + "/amend",
                          {{"reason", "扩大服务"}, {"added_value", {{"amount", 10'000'000}, {"currency", "CNY"}}},
                           {"instalments", rest}},
                          api.purchaser_token).status == 200);
  api.advance(60);
  REQUIRE(api.client.post(contract + "/amendments/1/agree", json::object{}, api.suppliers[0].token).status == 200);

  const auto record = valid_record(api).at("records").at(0);
  std::map<std::string, json::object> release_by_id;
  for (const auto& release : record.at("releases").as_array())
    release_by_id.emplace(std::string(release.at("id").as_string()), release.as_object());
  const std::string contract_id(created.json().at("id").as_string());
  const auto release = [&](const std::string& id) -> const json::object& {
    INFO(id);
    REQUIRE(release_by_id.contains(id));
    return release_by_id.at(id);
  };
  const auto roles = [](const json::object& r) {
    std::set<std::string> all;
    for (const auto& party : r.at("parties").as_array())
      for (const auto& role : party.at("roles").as_array()) all.emplace(role.as_string());
    return all;
  };

  // Published: no bids, awards or contracts yet, and only the buyer among the parties.
  const auto& published = release(api.tender_id + "-tender");
  CHECK(published.at("tender").at("status") == "active");
  CHECK_FALSE(published.contains("bids"));
  CHECK_FALSE(published.at("tender").as_object().contains("numberOfTenderers"));
  CHECK_FALSE(published.contains("awards"));
  CHECK_FALSE(published.contains("contracts"));
  CHECK(roles(published) == std::set<std::string>{"buyer", "procuringEntity"});

  // Opened: the bids, each pending until the panel's report; no award.
  const auto& opened = release(api.tender_id + "-opening");
  REQUIRE(opened.contains("bids"));
  CHECK(opened.at("bids").at("details").as_array().size() == 4);
  for (const auto& b : opened.at("bids").at("details").as_array()) CHECK(b.at("status") == "pending");
  CHECK(roles(opened).contains("tenderer"));
  CHECK_FALSE(roles(opened).contains("supplier"));
  CHECK_FALSE(opened.contains("awards"));

  // Awarded: the award, the bids as the panel qualified them, no contract yet.
  const auto& awarded = release(api.tender_id + "-award");
  REQUIRE(awarded.contains("awards"));
  CHECK(awarded.at("awards").as_array().size() == 1);
  CHECK(awarded.at("tender").at("status") == "complete");
  for (const auto& b : awarded.at("bids").at("details").as_array()) CHECK(b.at("status") != "pending");
  CHECK(roles(awarded).contains("supplier"));
  CHECK_FALSE(awarded.contains("contracts"));

  // Signed: the contract in force at its original price, nothing paid, no amendment.
  const auto& signed_release = release(contract_id + "-contract");
  const auto& at_signing = signed_release.at("contracts").at(0);
  CHECK(at_signing.at("status") == "active");
  CHECK(at_signing.at("value").at("amount").to_number<double>() == 2'280'000.0);
  CHECK(at_signing.at("implementation").at("transactions").as_array().empty());
  CHECK_FALSE(at_signing.as_object().contains("amendments"));

  // The payment: one transaction, its milestone met; the amendment agreed later is not there.
  const auto& paid = release(contract_id + "-payment-1").at("contracts").at(0);
  REQUIRE(paid.at("implementation").at("transactions").as_array().size() == 1);
  CHECK(paid.at("value").at("amount").to_number<double>() == 2'280'000.0);
  CHECK_FALSE(paid.as_object().contains("amendments"));

  // The amendment: the added value, with the payment before it.
  const auto& amended = release(contract_id + "-amendment-1").at("contracts").at(0);
  CHECK(amended.at("value").at("amount").to_number<double>() == 2'380'000.0);
  CHECK(amended.at("amendments").as_array().size() == 1);
  CHECK(amended.at("implementation").at("transactions").as_array().size() == 1);

  // The compiled release is the tender as it is now, and equals the latest release's body.
  const auto& compiled = record.at("compiledRelease").as_object();
  CHECK(compiled.at("contracts").at(0).at("value").at("amount").to_number<double>() == 2'380'000.0);
  auto latest = release_by_id.at(contract_id + "-amendment-1");
  auto now = compiled;
  for (auto* r : {&latest, &now}) {
    r->erase("id");
    r->erase("tag");
  }
  CHECK(json::serialize(latest) == json::serialize(now));
}

TEST_CASE("a tender scored on price alone is published with awardCriteria priceOnly", "[api][tenders][ocds]") {
  bid_flow_fixture api;
  const auto id =
      api.publish_tender("最低价项目", {{{"name", "price"}, {"kind", "price"}, {"points", 100}}}, "2030-03-01");
  const auto record = api.client.get("/api/v1/ocds/records/ocds-procura-" + id).json();
  const auto& section = record.at("records").as_array().at(0).at("compiledRelease").at("tender");
  CHECK(section.at("awardCriteria") == "priceOnly");
  // Whole months from the first of the start month (as contracts count them): March 2030 to the
  // end of February 2031.
  CHECK(section.at("contractPeriod").at("endDate") == "2031-02-28T23:59:59+08:00");
  CHECK(section.at("contractPeriod").at("durationInDays") == 365);
}

namespace {

http_reply end_amendment(awarded_fixture& api, const json::value& contract, const std::string& number,
                         const std::string& how, const json::object& body, const std::string& token) {
  return api.client.post(api.path(contract, "/amendments/" + number + "/" + how), body, token);
}

/// The contract as everyone reads it, less the flag computed at reading.
json::value contract_now(awarded_fixture& api, const json::value& contract) {
  auto body = api.client.get(api.path(contract)).json();
  body.as_object().erase("flagged_for_termination");
  return body;
}

}  // namespace

TEST_CASE("the other party declines a pending amendment with a reason: it stays listed, changes nothing, and makes way "
          "for the next",
          "[api][contracts][law]") {
  awarded_fixture api;
  const auto contract = active_contract(api);
  const json::array remaining{{{"due_date", "2030-12-01"}, {"share_bp", 10000}}};
  REQUIRE(propose(api, contract, 10'000'000, remaining).status == 200);
  const auto before = contract_now(api, contract);
  const auto& supplier = api.suppliers[0].token;

  // The proposer does not decline its own proposal (it withdraws it); a reason is required.
  const auto by_proposer = end_amendment(api, contract, "1", "decline", {{"reason", "不再需要"}}, api.purchaser_token);
  CHECK(by_proposer.status == 409);
  CHECK(by_proposer.header("content-type") == "application/problem+json");
  const auto missing = end_amendment(api, contract, "1", "decline", json::object{}, supplier);
  CHECK(missing.status == 422);
  CHECK(missing.header("content-type") == "application/problem+json");
  CHECK(names_pointer(missing, "/reason"));
  const auto empty = end_amendment(api, contract, "1", "decline", {{"reason", ""}}, supplier);
  CHECK(empty.status == 422);
  CHECK(empty.header("content-type") == "application/problem+json");
  CHECK(names_pointer(empty, "/reason"));
  CHECK(end_amendment(api, contract, "1", "decline", {{"reason", "x"}}, api.suppliers[1].token).status == 404);
  CHECK(end_amendment(api, contract, "2", "decline", {{"reason", "x"}}, supplier).status == 404);
  CHECK(contract_now(api, contract) == before);

  const auto declined = end_amendment(api, contract, "1", "decline", {{"reason", "人手不足，无法增加服务对象"}}, supplier);
  INFO(declined.body);
  REQUIRE(declined.status == 200);
  const auto after = declined.json();
  const auto& amendment = after.at("amendments").as_array().at(0);
  CHECK(amendment.at("status") == "declined");
  CHECK(amendment.at("ended_by") == json::value(api.suppliers[0].organization_id));
  CHECK(amendment.at("end_reason") == "人手不足，无法增加服务对象");
  CHECK(amendment.at("ended_at").is_string());
  CHECK(amendment.at("agreed_at").is_null());
  CHECK(after.at("price") == before.at("price"));
  CHECK(after.at("instalments") == before.at("instalments"));
  CHECK(after.at("amendment_headroom") == before.at("amendment_headroom"));
  CHECK(after.at("version").as_int64() == before.at("version").as_int64() + 1);
  CHECK(contract_now(api, contract) == after);

  // Declined for good: neither agreed nor declined again, nor withdrawn.
  const auto agreed = api.client.post(api.path(contract, "/amendments/1/agree"), json::object{}, supplier);
  CHECK(agreed.status == 409);
  CHECK(std::string(agreed.json().at("detail").as_string()).find("declined") != std::string::npos);
  CHECK(end_amendment(api, contract, "1", "decline", {{"reason", "again"}}, supplier).status == 409);
  CHECK(end_amendment(api, contract, "1", "withdraw", {{"reason", "late"}}, api.purchaser_token).status == 409);
  CHECK(contract_now(api, contract) == after);

  // Audited as a version of the contract.
  const auto versions = api.client.get(api.path(contract, "/versions")).json().at("versions").as_array();
  CHECK(versions.back().at("action") == "contract.amend.decline");
  CHECK(versions.back().at("state").at("amendments").at(0).at("status") == "declined");

  // A new proposal is numbered after the declined one, and agreed as usual.
  const auto next = propose(api, contract, 10'000'000, remaining);
  INFO(next.body);
  REQUIRE(next.status == 200);
  const auto proposed_again = next.json();
  const auto& listed = proposed_again.at("amendments").as_array();
  REQUIRE(listed.size() == 2);
  CHECK(listed.at(0).at("status") == "declined");
  CHECK(listed.at(1).at("number") == 2);
  CHECK(listed.at(1).at("status") == "pending");
  const auto agreed_next = api.client.post(api.path(contract, "/amendments/2/agree"), json::object{}, supplier);
  REQUIRE(agreed_next.status == 200);
  CHECK(agreed_next.json().at("price").at("amount") == 238'000'000);
  CHECK(agreed_next.json().at("amendments").at(1).at("status") == "agreed");
}

TEST_CASE("the proposer withdraws a pending amendment with a reason; the other party cannot", "[api][contracts]") {
  awarded_fixture api;
  const auto contract = active_contract(api);
  const json::array remaining{{{"due_date", "2030-12-01"}, {"share_bp", 10000}}};
  REQUIRE(propose(api, contract, 10'000'000, remaining).status == 200);
  const auto before = contract_now(api, contract);

  const auto by_other = end_amendment(api, contract, "1", "withdraw", {{"reason", "x"}}, api.suppliers[0].token);
  CHECK(by_other.status == 409);
  CHECK(by_other.header("content-type") == "application/problem+json");
  const auto unexplained = end_amendment(api, contract, "1", "withdraw", json::object{}, api.purchaser_token);
  CHECK(unexplained.status == 422);
  CHECK(unexplained.header("content-type") == "application/problem+json");
  CHECK(names_pointer(unexplained, "/reason"));
  CHECK(names_pointer(end_amendment(api, contract, "1", "withdraw", {{"reason", ""}}, api.purchaser_token), "/reason"));
  CHECK(contract_now(api, contract) == before);

  const auto withdrawn = end_amendment(api, contract, "1", "withdraw", {{"reason", "预算未获批准"}}, api.purchaser_token);
  INFO(withdrawn.body);
  REQUIRE(withdrawn.status == 200);
  const auto after = withdrawn.json();
  const auto& amendment = after.at("amendments").as_array().at(0);
  CHECK(amendment.at("status") == "withdrawn");
  CHECK(amendment.at("ended_by") == json::value(api.purchaser));
  CHECK(amendment.at("end_reason") == "预算未获批准");
  CHECK(after.at("price") == before.at("price"));
  CHECK(after.at("instalments") == before.at("instalments"));
  CHECK(api.client.get(api.path(contract, "/versions")).json().at("versions").as_array().back().at("action") ==
        "contract.amend.withdraw");

  CHECK(api.client.post(api.path(contract, "/amendments/1/agree"), json::object{}, api.suppliers[0].token).status == 409);
  CHECK(end_amendment(api, contract, "1", "decline", {{"reason", "x"}}, api.suppliers[0].token).status == 409);
  const auto next = propose(api, contract, 5'000'000, remaining);
  REQUIRE(next.status == 200);
  CHECK(next.json().at("amendments").at(1).at("number") == 2);
}

TEST_CASE("open data publishes agreed amendments only, not declined or withdrawn ones nor their papers",
          "[api][contracts][ocds]") {
  awarded_fixture api;
  const auto contract = active_contract(api);
  const std::string contract_id(contract.at("id").as_string());
  const json::array remaining{{{"due_date", "2030-12-01"}, {"share_bp", 10000}}};
  const auto& supplier = api.suppliers[0].token;

  // The amendment agreement of each proposal, attached by the purchaser.
  const auto paper_of = [&](const std::string& number) {
    const auto uploaded = api.client.request("POST", "/api/v1/documents", "%PDF-1.4 amendment " + number,
                                             api.purchaser_token,
                                             {{"Content-Type", "application/pdf"}, {"X-File-Name", "amendment.pdf"}});
    REQUIRE(uploaded.status == 201);
    const std::string id(uploaded.json().at("id").as_string());
    const auto attached = api.client.post("/api/v1/documents/" + id + "/attachments",
                                          {{"target", "contract_amendment"}, {"target_id", contract_id}, {"part", number},
                                           {"document_type", "amendment_agreement"}},
                                          api.purchaser_token);
    INFO(attached.body);
    REQUIRE(attached.status == 201);
    return id;
  };
  REQUIRE(propose(api, contract, 10'000'000, remaining).status == 200);
  const auto declined_paper = paper_of("1");
  REQUIRE(end_amendment(api, contract, "1", "decline", {{"reason", "不同意"}}, supplier).status == 200);
  REQUIRE(propose(api, contract, 10'000'000, remaining).status == 200);
  const auto withdrawn_paper = paper_of("2");
  REQUIRE(end_amendment(api, contract, "2", "withdraw", {{"reason", "撤回"}}, api.purchaser_token).status == 200);
  REQUIRE(propose(api, contract, 10'000'000, remaining).status == 200);
  const auto agreed_paper = paper_of("3");
  REQUIRE(api.client.post(api.path(contract, "/amendments/3/agree"), json::object{}, supplier).status == 200);
  // Nothing more goes with a declined or withdrawn proposal.
  for (const auto& [ended, outcome] : {std::pair{"1", "declined"}, std::pair{"2", "withdrawn"}}) {
    const auto late = api.client.post("/api/v1/documents/" + agreed_paper + "/attachments",
                                      {{"target", "contract_amendment"}, {"target_id", contract_id}, {"part", ended},
                                       {"document_type", "amendment_agreement"}},
                                      api.purchaser_token);
    CHECK(late.status == 409);
    CHECK(late.header("content-type") == "application/problem+json");
    CHECK(std::string(late.json().at("detail").as_string()).find(outcome) != std::string::npos);
  }

  const auto record = api.client.get("/api/v1/ocds/records/ocds-procura-" + api.tender_id).json().at("records").at(0);
  const auto& section = record.at("compiledRelease").at("contracts").at(0);
  const auto& amendments = section.at("amendments").as_array();
  REQUIRE(amendments.size() == 1);
  CHECK(amendments.at(0).at("id") == json::value(contract_id + "-amendment-3"));
  std::set<std::string> papers;
  for (const auto& d : section.at("documents").as_array()) papers.emplace(d.at("id").as_string());
  CHECK(papers.contains(agreed_paper));
  CHECK_FALSE(papers.contains(declined_paper));
  CHECK_FALSE(papers.contains(withdrawn_paper));
  std::set<std::string> releases;
  for (const auto& release : record.at("releases").as_array()) releases.emplace(release.at("id").as_string());
  CHECK(releases.contains(contract_id + "-amendment-3"));
  CHECK_FALSE(releases.contains(contract_id + "-amendment-1"));
  CHECK_FALSE(releases.contains(contract_id + "-amendment-2"));
  // The contract itself lists all three, each with its outcome.
  const auto listed = api.client.get(api.path(contract)).json().at("amendments").as_array();
  REQUIRE(listed.size() == 3);
  CHECK(listed.at(0).at("status") == "declined");
  CHECK(listed.at(1).at("status") == "withdrawn");
  CHECK(listed.at(2).at("status") == "agreed");
}

TEST_CASE("a contract is not completed by hand before it is paid in full and its period is over", "[api][contracts]") {
  awarded_fixture api;
  const auto contract = active_contract(api);
  const auto refused = api.client.post(api.path(contract, "/complete"), json::object{}, api.purchaser_token);
  CHECK(refused.status == 409);
  CHECK(refused.header("content-type") == "application/problem+json");
  CHECK(std::string(refused.json().at("detail").as_string()).find("instalment 1 is not released") != std::string::npos);
  CHECK(api.client.post(api.path(contract, "/complete"), json::object{}, api.suppliers[0].token).status >= 400);
  CHECK(api.client.get(api.path(contract), api.purchaser_token).json().at("status") == "active");
  CHECK(api.audited_actions("contract", std::string(contract.at("id").as_string())).back() != "contract.complete");
}
