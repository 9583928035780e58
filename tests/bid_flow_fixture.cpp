#include "bid_flow_fixture.hpp"

#include <catch2/catch.hpp>

namespace procura::testing {
namespace json = boost::json;

bid_flow_fixture::bid_flow_fixture(int supplier_count, const server_process::options& settings)
    : api_fixture(settings) {
  now = server_now();
  purchaser = create_organization("purchaser", "浦东新区禁毒办", valid_credit_code("11310115MB2F00002"));
  purchaser_token = issue_token(purchaser, "purchaser");
  REQUIRE(client.post("/api/v1/catalogue",
                      {{"code", "JD-01"},
                       {"name", "社区戒毒社区康复社会工作服务"},
                       {"category", "rehabilitation"},
                       {"unit", "client_year"},
                       {"staffing_standard", 20},
                       {"qualification", {{"minimum_years_established", 2}, {"minimum_certified_share_bp", 5000}}}},
                      admin())
              .status == 201);
  REQUIRE(client.post("/api/v1/salary-benchmarks",
                      {{"region", "310115"},
                       {"year", 2030},
                       {"monthly_salary",
                        {{"none", money(6500)}, {"assistant_social_worker", money(7500)},
                         {"social_worker", money(9000)}, {"senior_social_worker", money(11500)}}},
                       {"employer_rates",
                        {{"pension_bp", 1600}, {"medical_bp", 950}, {"unemployment_bp", 50}, {"work_injury_bp", 26},
                         {"housing_fund_bp", 700}}}},
                      admin())
              .status == 200);
  for (int i = 0; i < supplier_count; ++i) {
    const std::string number = std::to_string(10 + i);
    const std::string stem = "52310115MJ4C" + std::string(5 - number.size(), '0') + number;
    const auto id = create_organization("supplier", "社工服务社 " + std::to_string(i), valid_credit_code(stem));
    const auto token = issue_token(id, "supplier");
    REQUIRE(client.request("PUT", "/api/v1/organizations/" + id + "/profile", json::serialize(supplier_profile()), token)
                .status == 200);
    suppliers.push_back({id, token});
  }
  const auto platform = client.get("/api/v1/organizations?kind=platform").json().at("items").as_array().at(0);
  const std::string platform_id(platform.at("id").as_string());
  for (int i = 0; i < 5; ++i) {
    const auto issued = client.post("/api/v1/organizations/" + platform_id + "/tokens",
                                    {{"role", "expert"}, {"display_name", "专家 " + std::to_string(i)}, {"valid_days", 3650}},
                                    admin());
    REQUIRE(issued.status == 201);
    expert_ids.emplace_back(issued.json().at("account").at("id").as_string());
    expert_tokens.emplace_back(issued.json().at("token").as_string());
  }
  tender_id = publish_tender("浦东新区社区戒毒社区康复社会工作服务",
                             {{{"name", "price"}, {"kind", "price"}, {"points", 30}},
                              {{"name", "plan"}, {"kind", "subjective"}, {"points", 70}}});
}

std::string bid_flow_fixture::publish_tender(const std::string& title, const json::array& criteria,
                                             const std::string& service_start) {
  const json::object tender{{"catalogue_code", "JD-01"},
                            {"title", title},
                            {"quantity", 300},
                            {"region", "310115"},
                            {"budget_ceiling", money(3'000'000)},
                            {"service_start", service_start},
                            {"service_months", 12},
                            {"method", "open_tender"},
                            {"criteria", criteria},
                            {"deadline", format_rfc3339(server_now() + std::chrono::days{21})}};
  const auto created = client.post("/api/v1/tenders", tender, purchaser_token);
  INFO(created.body);
  REQUIRE(created.status == 201);
  const std::string id(created.json().at("id").as_string());
  REQUIRE(client.post("/api/v1/tenders/" + id + "/publish", json::object{}, purchaser_token).status == 200);
  return id;
}

procura::timestamp bid_flow_fixture::server_now() {
  return *parse_rfc3339(client.get("/healthz").json().at("time").as_string());
}

void bid_flow_fixture::advance(std::int64_t seconds) {
  REQUIRE(client.post("/api/v1/test/clock", {{"advance_seconds", seconds}}, admin()).status == 200);
  now = server_now();
}

void bid_flow_fixture::pass_deadline() {
  const auto tender = client.get("/api/v1/tenders/" + tender_id).json();
  const auto deadline = *parse_rfc3339(tender.at("deadline").as_string());
  REQUIRE(client.post("/api/v1/test/clock", {{"now", format_rfc3339(deadline + std::chrono::seconds{1})}}, admin()).status == 200);
  now = server_now();
}

json::object bid_flow_fixture::money(std::int64_t yuan) { return {{"amount", yuan * 100}, {"currency", "CNY"}}; }

json::object bid_flow_fixture::supplier_profile(const std::string& registration_date) {
  return {{"registration_date", registration_date},
          {"registered_region", "310115"},
          {"staff", {{"none", 4}, {"assistant_social_worker", 10}, {"social_worker", 6}, {"senior_social_worker", 2}}},
          {"years_of_anti_drug_service", 8},
          {"tax_compliant", true},
          {"social_insurance_compliant", true},
          {"serious_violation_last_three_years", false}};
}

json::object bid_flow_fixture::bid_body(std::int64_t price_yuan, std::int64_t posts) {
  return {{"price", money(price_yuan)},
          {"staffing", {{{"level", "social_worker"}, {"count", posts}, {"monthly_salary", money(9500)}, {"months", 12}}}},
          {"technical_proposal",
           {{"sections", {{{"title", "服务方案"}, {"text", "个案管理、家庭探访、同伴支持。"}}}},
            {"document_hashes", json::array{}}}},
          {"declarations",
           {{"no_serious_violation", true}, {"tax_compliant", true}, {"social_insurance_compliant", true},
            {"accepts_terms", true}}},
          {"salary_reserve", money(100'000)}};
}

http_reply bid_flow_fixture::submit(std::size_t supplier, std::int64_t price_yuan,
                                    const std::map<std::string, std::string>& headers) {
  return client.post("/api/v1/tenders/" + tender_id + "/bids", bid_body(price_yuan), suppliers.at(supplier).token,
                     headers);
}

std::string bid_flow_fixture::submit_ok(std::size_t supplier, std::int64_t price_yuan) {
  const auto reply = submit(supplier, price_yuan);
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  return std::string(reply.json().at("id").as_string());
}

http_reply bid_flow_fixture::open() {
  return client.post("/api/v1/tenders/" + tender_id + "/open", json::object{}, purchaser_token);
}

http_reply bid_flow_fixture::confirm_qualification() {
  const auto review = client.get("/api/v1/tenders/" + tender_id + "/qualification", purchaser_token).json();
  json::array decisions;
  for (const auto& b : review.at("bids").as_array())
    decisions.push_back({{"bid_id", b.at("id")}, {"qualified", b.at("qualification").at("automatic_pass")}});
  return client.post("/api/v1/tenders/" + tender_id + "/qualification", {{"decisions", decisions}}, purchaser_token);
}

void bid_flow_fixture::seat_panel() {
  json::array ids;
  for (const auto& id : expert_ids) ids.emplace_back(id);
  REQUIRE(client.post("/api/v1/tenders/" + tender_id + "/panel", {{"expert_account_ids", ids}}, purchaser_token).status == 200);
  for (const auto& token : expert_tokens)
    REQUIRE(client.post("/api/v1/tenders/" + tender_id + "/panel/declarations", {{"conflicts", json::array{}}}, token)
                .status == 200);
}

void bid_flow_fixture::score_all(const std::map<std::string, std::int64_t>& plan_points_by_bid) {
  for (const auto& token : expert_tokens) {
    json::array sheet;
    for (const auto& [bid, points] : plan_points_by_bid)
      sheet.push_back({{"bid_id", bid}, {"criterion", 1}, {"points", points}});
    const auto reply = client.post("/api/v1/tenders/" + tender_id + "/scores", {{"scores", sheet}}, token);
    INFO(reply.body);
    REQUIRE(reply.status == 200);
  }
}

std::string bid_flow_fixture::challenge_award(std::size_t supplier, const std::string& text) {
  const auto filed =
      client.post("/api/v1/tenders/" + tender_id + "/challenges", {{"text", text}}, suppliers.at(supplier).token);
  INFO(filed.body);
  REQUIRE(filed.status == 201);
  return std::string(filed.json().at("id").as_string());
}

void bid_flow_fixture::answer_challenge(const std::string& id, bool upheld) {
  const auto answered = client.post("/api/v1/tenders/" + tender_id + "/challenges/" + id + "/answer",
                                    {{"answer", upheld ? "质疑成立" : "维持原结果"}, {"upheld", upheld}}, purchaser_token);
  INFO(answered.body);
  REQUIRE(answered.status == 200);
}

std::vector<std::string> bid_flow_fixture::bid_and_rank(const std::vector<std::int64_t>& prices_yuan,
                                                        std::int64_t plan_points) {
  std::vector<std::string> ids;
  for (const auto price : prices_yuan) ids.push_back(submit_ok(ids.size(), price));
  pass_deadline();
  REQUIRE(open().status == 200);
  REQUIRE(confirm_qualification().status == 200);
  seat_panel();
  std::map<std::string, std::int64_t> points;
  for (const auto& id : ids) points[id] = plan_points;
  score_all(points);
  return ids;
}

std::vector<std::string> bid_flow_fixture::bid_and_award() {
  const auto ids = bid_and_rank({2'280'000, 2'290'000, 2'300'000, 2'310'000}, 60);
  REQUIRE(client.post("/api/v1/tenders/" + tender_id + "/award", {{"bid_id", ids[0]}}, purchaser_token).status == 200);
  return ids;
}

}  // namespace procura::testing
