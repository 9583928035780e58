// The award over real HTTP follows the panel's ranking in order (实施条例 §43), and goes to the bid
// ranked next when the winner declines to sign (实施条例 §49).
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "procura/core/time.hpp"

#include "bid_flow_fixture.hpp"

using namespace procura::testing;
namespace json = boost::json;

namespace {

std::string detail_of(const http_reply& reply) { return std::string(reply.json().at("detail").as_string()); }

}  // namespace

TEST_CASE("a winner that declines to sign hands the award to the bid ranked next, in order", "[api][award][law]") {
  bid_flow_fixture api;
  // Four bids, equal on quality, ranked by price: ids[0] first, ids[3] last.
  const auto ids = api.bid_and_award();
  const auto award = "/api/v1/tenders/" + api.tender_id + "/award";
  const auto drafted = api.client.post("/api/v1/contracts", {{"tender_id", api.tender_id}}, api.purchaser_token);
  REQUIRE(drafted.status == 201);
  const std::string first_contract(drafted.json().at("id").as_string());

  // Declining needs the recorded reason, and the award still goes in order: not to the third.
  const auto no_reason = api.client.post(award, {{"bid_id", ids[1]}, {"winner_declined", true}}, api.purchaser_token);
  CHECK(no_reason.status == 422);
  CHECK(names_pointer(no_reason, "/reason"));
  const auto skipping = api.client.post(award, {{"bid_id", ids[2]}, {"winner_declined", true}, {"reason", "放弃"}},
                                        api.purchaser_token);
  CHECK(skipping.status == 422);
  CHECK(names_pointer(skipping, "/bid_id"));
  CHECK(detail_of(skipping).find(ids[1]) != std::string::npos);
  // Without the winner declining (and no challenge upheld), the award stands.
  CHECK(api.client.post(award, {{"bid_id", ids[1]}, {"reason", "改判"}}, api.purchaser_token).status == 409);

  // While a challenge of the award is open, it is answered first.
  const auto filed = api.challenge_award(2, "评分有误");
  const auto while_open = api.client.post(award, {{"bid_id", ids[1]}, {"winner_declined", true}, {"reason", "放弃"}},
                                          api.purchaser_token);
  CHECK(while_open.status == 409);
  api.answer_challenge(filed, false);
  CHECK(api.client.get("/api/v1/tenders/" + api.tender_id, api.purchaser_token).json().at("award").at("bid_id") ==
        json::value(ids[0]));

  api.advance(3600);
  const auto declined = api.client.post(
      award, {{"bid_id", ids[1]}, {"winner_declined", true}, {"reason", "中标人书面放弃中标，依次确定排名第二的供应商"}},
      api.purchaser_token);
  INFO(declined.body);
  REQUIRE(declined.status == 200);
  const auto answer = declined.json();
  CHECK(answer.at("tender").at("status") == "awarded");
  CHECK(answer.at("tender").at("award").at("bid_id") == json::value(ids[1]));
  CHECK(answer.at("tender").at("award").at("late") == false);
  CHECK(answer.at("cancelled_contract").at("id") == json::value(first_contract));
  CHECK(std::string(answer.at("cancelled_contract").at("end_reason").as_string()).find("declined") != std::string::npos);
  CHECK(api.audited_actions("contract", first_contract).back() == "contract.cancel");
  CHECK(api.audited_actions("tender", api.tender_id).back() == "tender.award");

  // Open data keeps the declined award, cancelled, with why it was replaced.
  const auto record = api.client.get("/api/v1/ocds/records/ocds-procura-" + api.tender_id).json();
  const auto& awards = record.at("records").at(0).at("compiledRelease").at("awards").as_array();
  REQUIRE(awards.size() == 2);
  CHECK(awards.at(0).at("status") == "cancelled");
  CHECK(std::string(awards.at(0).at("description").as_string()).find("书面放弃") != std::string::npos);
  CHECK(awards.at(1).at("id") == json::value(api.tender_id + "-award-2"));
  CHECK(awards.at(1).at("status") == "active");

  // The new winner signs its draft: it has not declined, so the award is not passed on again.
  const auto second = api.client.post("/api/v1/contracts", {{"tender_id", api.tender_id}}, api.purchaser_token);
  REQUIRE(second.status == 201);
  const auto second_contract = "/api/v1/contracts/" + std::string(second.json().at("id").as_string());
  const json::array whole_price{{{"due_date", "2030-12-01"}, {"share_bp", 10000}}};
  REQUIRE(api.client.post(second_contract + "/instalments", {{"instalments", whole_price}}, api.purchaser_token).status ==
          200);
  REQUIRE(api.client.post(second_contract + "/sign", json::object{}, api.suppliers[1].token).status == 200);
  const auto after_signing = api.client.post(
      award, {{"bid_id", ids[2]}, {"winner_declined", true}, {"reason", "放弃"}}, api.purchaser_token);
  CHECK(after_signing.status == 409);
  CHECK(detail_of(after_signing).find("signed") != std::string::npos);
  CHECK(api.client.get("/api/v1/tenders/" + api.tender_id).json().at("award").at("bid_id") == json::value(ids[1]));
}

TEST_CASE("awarding again walks the ranking to its end, and then the procurement is done again", "[api][award][law]") {
  bid_flow_fixture api;
  const auto ids = api.bid_and_award();
  const auto award = "/api/v1/tenders/" + api.tender_id + "/award";
  for (std::size_t next = 1; next < ids.size(); ++next) {
    api.advance(3600);
    // The first winner may not come back, nor any bid before the next in line.
    CHECK(api.client.post(award, {{"bid_id", ids[0]}, {"winner_declined", true}, {"reason", "放弃"}},
                          api.purchaser_token).status == 422);
    const auto again = api.client.post(award, {{"bid_id", ids[next]}, {"winner_declined", true}, {"reason", "放弃"}},
                                       api.purchaser_token);
    INFO(again.body);
    REQUIRE(again.status == 200);
  }
  const auto exhausted = api.client.post(award, {{"bid_id", ids[0]}, {"winner_declined", true}, {"reason", "放弃"}},
                                         api.purchaser_token);
  CHECK(exhausted.status == 409);
  CHECK(detail_of(exhausted).find("no candidate remains") != std::string::npos);
  CHECK(api.client.get("/api/v1/tenders/" + api.tender_id).json().at("status") == "awarded");

  // The purchaser procures again: the tender fails with the reason, and may be tendered again.
  const auto fail = "/api/v1/tenders/" + api.tender_id + "/fail";
  CHECK(api.client.post(fail, {{"reason", "无人签约"}}, api.purchaser_token).status == 409);  // no ground given
  CHECK(api.client.post(fail, {{"reason", "无人签约"}, {"winner_declined", true}}, api.suppliers[3].token).status == 403);
  const auto failed = api.client.post(fail, {{"reason", "候选人均放弃，重新开展采购"}, {"winner_declined", true}},
                                      api.purchaser_token);
  INFO(failed.body);
  REQUIRE(failed.status == 200);
  CHECK(failed.json().at("tender").at("status") == "failed");
  CHECK(api.audited_actions("tender", api.tender_id).back() == "tender.failed");
  CHECK(api.client.post(fail, {{"reason", "again"}, {"winner_declined", true}}, api.purchaser_token).status == 409);
  const auto record = api.client.get("/api/v1/ocds/records/ocds-procura-" + api.tender_id).json();
  const auto& compiled = record.at("records").at(0).at("compiledRelease");
  const auto& awards = compiled.at("awards").as_array();
  REQUIRE(awards.size() == 4);
  for (const auto& a : awards) CHECK(a.at("status") == "cancelled");  // the last one set aside with the tender
  CHECK(std::string(awards.at(3).at("description").as_string()).find("重新开展采购") != std::string::npos);
  CHECK(compiled.at("tender").at("status") == "unsuccessful");
  const auto deadline = procura::format_rfc3339(api.server_now() + std::chrono::days{25});
  const auto repeat = api.client.post("/api/v1/tenders/" + api.tender_id + "/retender", {{"changes", {{"deadline", deadline}}}},
                                      api.purchaser_token);
  INFO(repeat.body);
  CHECK(repeat.status == 201);
}

TEST_CASE("an award made again is late 5 working days after the answer that upheld the challenge",
          "[api][award][law]") {
  bid_flow_fixture api;
  const auto ids = api.bid_and_award();
  const auto filed = api.challenge_award(1, "中标人资格不符");
  // Answered 20 days after the panel's report: the report's 5 working days are long past.
  api.advance(20 * 86400);
  api.answer_challenge(filed, true);
  api.advance(3600);
  const auto again = api.client.post("/api/v1/tenders/" + api.tender_id + "/award",
                                     {{"bid_id", ids[1]}, {"reason", "质疑成立，依次确定第二名"}}, api.purchaser_token);
  INFO(again.body);
  REQUIRE(again.status == 200);
  CHECK(again.json().at("tender").at("award").at("late") == false);  // within 5 working days of the answer
}

TEST_CASE("an award made again more than 5 working days after the upheld challenge is late", "[api][award][law]") {
  bid_flow_fixture api;
  const auto ids = api.bid_and_award();
  api.answer_challenge(api.challenge_award(1, "中标人资格不符"), true);
  api.advance(12 * 86400);  // at least 8 working days, whatever the calendar
  const auto again = api.client.post("/api/v1/tenders/" + api.tender_id + "/award",
                                     {{"bid_id", ids[1]}, {"reason", "质疑成立，依次确定第二名"}}, api.purchaser_token);
  INFO(again.body);
  REQUIRE(again.status == 200);
  CHECK(again.json().at("tender").at("award").at("late") == true);
}

namespace {

/// The first award of a tender whose panel reported at 10:00 on Monday 8 March 2027 (China
/// time), made at `awarded_at`: whether it is late.
bool first_award_late_when_made_at(const std::string& awarded_at) {
  bid_flow_fixture api;
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < 4; ++i) ids.push_back(api.submit_ok(i, 2'280'000 + static_cast<std::int64_t>(i) * 10'000));
  api.pass_deadline();
  REQUIRE(api.open().status == 200);
  REQUIRE(api.confirm_qualification().status == 200);
  api.seat_panel();
  const auto set_clock = [&](const std::string& now) {
    REQUIRE(api.client.post("/api/v1/test/clock", {{"now", now}}, api.admin()).status == 200);
  };
  set_clock("2027-03-08T10:00:00+08:00");
  api.score_all({{ids[0], 60}, {ids[1], 60}, {ids[2], 60}, {ids[3], 60}});
  REQUIRE(api.client.get("/api/v1/tenders/" + api.tender_id).json().at("status") == "evaluated");
  set_clock(awarded_at);
  const auto awarded =
      api.client.post("/api/v1/tenders/" + api.tender_id + "/award", {{"bid_id", ids[0]}}, api.purchaser_token);
  INFO(awarded.body);
  REQUIRE(awarded.status == 200);
  return awarded.json().at("tender").at("award").at("late").as_bool();
}

}  // namespace

TEST_CASE("the first award is late after the close of the 5th working day from the panel's report",
          "[api][award][law]") {
  // 9, 10, 11, 12 and 15 March are the 5 working days (the weekend of 13–14 March is not).
  CHECK_FALSE(first_award_late_when_made_at("2027-03-15T23:59:59+08:00"));
  CHECK(first_award_late_when_made_at("2027-03-16T00:00:00+08:00"));
}
