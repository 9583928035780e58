// The authorisation matrix: every route of the served OpenAPI document (generated from the
// route table) × every role, against one world with a sealed bid, an awarded tender, a
// contract, a report and an open evaluation. The expected outcome is written once per route;
// a route without an entry fails, any unexpected 2xx fails, and no response to anyone but the
// bidder may carry the sealed bid's price or its document's name.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <iostream>
#include <set>

#include "bid_flow_fixture.hpp"

using namespace procura::testing;
namespace json = boost::json;

namespace {

const std::vector<std::string> all_roles = {"none",     "admin",          "auditor", "purchaser", "other_purchaser",
                                            "supplier", "other_supplier", "expert",  "evaluator", "other_evaluator"};

/// One route's expectation: the request that probes it, and the roles that may succeed.
struct expectation {
  std::string target;
  std::set<std::string> allowed;
  std::string body = "{}";   ///< a valid body, sent by the roles that must be refused
  std::map<std::string, std::string> headers = {};
};

std::set<std::string> everyone() { return {all_roles.begin(), all_roles.end()}; }
std::set<std::string> accounts() {
  auto roles = everyone();
  roles.erase("none");
  return roles;
}

/// The world: the fixture's tender taken to a contract in service with a report and an open
/// evaluation, and a second tender with a sealed bid and a sealed document.
struct world : bid_flow_fixture {
  std::string awarded_tender, sealed_tender, sealed_bid, sealed_document, contract, report, evaluation, question;
  std::string other_purchaser_token, other_supplier_token, evaluator_token, other_evaluator_token, auditor_token;
  std::string evaluator_org, platform, private_estimate;
  static constexpr std::int64_t sealed_price_yuan = 2'345'678;
  inline static const std::string sealed_file_name = "保密资质证书.pdf";

  world() : bid_flow_fixture(4) {
    awarded_tender = tender_id;
    const auto asked = client.post("/api/v1/tenders/" + tender_id + "/questions", {{"text", "服务时间?"}}, suppliers[1].token);
    REQUIRE(asked.status == 201);
    question = std::string(asked.json().at("id").as_string());
    bid_and_award();
    const auto created = client.post("/api/v1/contracts", {{"tender_id", tender_id}}, purchaser_token);
    REQUIRE(created.status == 201);
    contract = std::string(created.json().at("id").as_string());
    const std::string base = "/api/v1/contracts/" + contract;
    const json::array schedule{{{"due_date", "2030-01-01"}, {"share_bp", 5000}}, {{"due_date", "2030-12-01"}, {"share_bp", 5000}}};
    REQUIRE(client.post(base + "/instalments", {{"instalments", schedule}}, purchaser_token).status == 200);
    REQUIRE(client.post(base + "/sign", json::object{}, purchaser_token).status == 200);
    REQUIRE(client.post(base + "/sign", json::object{}, suppliers[0].token).status == 200);
    REQUIRE(client.post("/api/v1/test/clock", {{"now", "2030-02-02T10:00:00+08:00"}}, admin()).status == 200);
    const json::object report_body{
        {"period", "monthly"},
        {"period_start", "2030-01-01"},
        {"workers", {{{"level", "social_worker"}, {"count", 15}, {"average_monthly_salary", money(9'500)}}}},
        {"counts", {{"clients_served", 300}, {"home_visits", 2400}, {"counselling_sessions", 1250}}}};
    const auto submitted = client.post(base + "/reports", report_body, suppliers[0].token);
    REQUIRE(submitted.status == 201);
    report = std::string(submitted.json().at("id").as_string());

    evaluator_org = create_organization("evaluator", "公信评估中心", valid_credit_code("52310000MJ4B00011"));
    evaluator_token = issue_token(evaluator_org, "evaluator");
    const auto other_evaluator = create_organization("evaluator", "另一评估机构", valid_credit_code("52310000MJ4B00012"));
    other_evaluator_token = issue_token(other_evaluator, "evaluator");
    const auto other_purchaser = create_organization("purchaser", "徐汇区禁毒办", valid_credit_code("11310104MB2F00003"));
    other_purchaser_token = issue_token(other_purchaser, "purchaser");
    const auto outsider = create_organization("supplier", "局外社工服务社", valid_credit_code("52310115MJ4C00998"));
    other_supplier_token = issue_token(outsider, "supplier");
    platform = std::string(client.get("/api/v1/organizations?kind=platform").json().at("items").at(0).at("id").as_string());
    auditor_token = issue_token(platform, "auditor");

    const auto opened = client.post("/api/v1/evaluations",
                                    {{"contract_id", contract}, {"kind", "mid_term"}, {"evaluator_id", evaluator_org}},
                                    purchaser_token);
    INFO(opened.body);
    REQUIRE(opened.status == 201);
    evaluation = std::string(opened.json().at("id").as_string());

    // The second tender, open for bids, with supplier 0's sealed bid and its sealed document.
    json::object tender{{"catalogue_code", "JD-01"},
                        {"title", "浦东新区2031年度社区康复服务"},
                        {"quantity", 300},
                        {"region", "310115"},
                        {"budget_ceiling", money(3'000'000)},
                        {"service_start", "2031-01-01"},
                        {"service_months", 12},
                        {"method", "open_tender"},
                        {"criteria",
                         {{{"name", "price"}, {"kind", "price"}, {"points", 30}},
                          {{"name", "plan"}, {"kind", "subjective"}, {"points", 70}}}},
                        {"deadline", procura::format_rfc3339(server_now() + std::chrono::days{25})}};
    const auto second = client.post("/api/v1/tenders", tender, purchaser_token);
    REQUIRE(second.status == 201);
    sealed_tender = std::string(second.json().at("id").as_string());
    REQUIRE(client.post("/api/v1/tenders/" + sealed_tender + "/publish", json::object{}, purchaser_token).status == 200);
    const auto uploaded = client.request("POST", "/api/v1/documents", "%PDF-1.4 certificate", suppliers[0].token,
                                         {{"Content-Type", "application/pdf"},
                                          {"X-File-Name", "%E4%BF%9D%E5%AF%86%E8%B5%84%E8%B4%A8%E8%AF%81%E4%B9%A6.pdf"}});
    REQUIRE(uploaded.status == 201);
    sealed_document = std::string(uploaded.json().at("id").as_string());
    auto bid = bid_body(sealed_price_yuan);
    bid["attachments"] = json::array{{{"document_id", sealed_document}, {"document_type", "qualification_certificate"}}};
    const auto placed = client.post("/api/v1/tenders/" + sealed_tender + "/bids", bid, suppliers[0].token);
    REQUIRE(placed.status == 201);
    sealed_bid = std::string(placed.json().at("id").as_string());

    // A cost estimate that only a draft names: still the purchaser's working paper.
    const auto estimated = client.post("/api/v1/cost-estimates",
                                       {{"region", "310115"},
                                        {"year", 2030},
                                        {"posts", {{{"level", "social_worker"}, {"count", 6}}}},
                                        {"months", 12}},
                                       purchaser_token);
    INFO(estimated.body);
    REQUIRE(estimated.status == 201);
    private_estimate = std::string(estimated.json().at("id").as_string());
    tender["cost_estimate_id"] = private_estimate;
    tender["budget_ceiling"] = estimated.json().at("total");  // a ceiling comes from its estimate: not above it
    REQUIRE(client.post("/api/v1/tenders", tender, purchaser_token).status == 201);
  }

  std::string token_of(const std::string& role) const {
    if (role == "none") return {};
    if (role == "admin") return admin();
    if (role == "auditor") return auditor_token;
    if (role == "purchaser") return purchaser_token;
    if (role == "other_purchaser") return other_purchaser_token;
    if (role == "supplier") return suppliers[0].token;
    if (role == "other_supplier") return other_supplier_token;
    if (role == "expert") return expert_tokens[0];
    if (role == "evaluator") return evaluator_token;
    return other_evaluator_token;
  }
};

}  // namespace

TEST_CASE("authorisation matrix: every route × every role, written once per route", "[security][authorization]") {
  world w;
  const std::string t1 = "/api/v1/tenders/" + w.awarded_tender;
  const std::string t2 = "/api/v1/tenders/" + w.sealed_tender;
  const std::string b2 = t2 + "/bids/" + w.sealed_bid;
  const std::string c = "/api/v1/contracts/" + w.contract;
  const std::string v = "/api/v1/evaluations/" + w.evaluation;
  const std::string s0 = w.suppliers[0].organization_id;
  const std::string bid = json::serialize(bid_flow_fixture::bid_body(2'400'000));
  const auto reason = R"({"reason":"测试"})";
  const std::set<std::string> overseers{"admin", "auditor"};
  const std::set<std::string> tender_readers{"purchaser", "expert", "admin", "auditor"};
  const std::set<std::string> contract_parties_and_overseers{"purchaser", "supplier", "admin", "auditor"};

  // Written once per route: the probe in this world, and who may succeed.
  std::map<std::string, expectation> table = {
      {"GET /healthz", {"/healthz", everyone()}},
      {"GET /openapi.json", {"/openapi.json", everyone()}},
      {"GET /metrics", {"/metrics", overseers}},
      {"POST /api/v1/test/clock", {"/api/v1/test/clock", {"admin"}, R"({"advance_seconds":0})"}},
      {"GET /api/v1/session", {"/api/v1/session", accounts()}},
      {"GET /api/v1/organizations", {"/api/v1/organizations", everyone()}},
      {"POST /api/v1/organizations",
       {"/api/v1/organizations", {"admin"},
        R"({"kind":"supplier","name":"x","credit_code":"52310115MJ4C0999X","region":"310115"})"}},
      {"GET /api/v1/organizations/{id}", {"/api/v1/organizations/" + s0, everyone()}},
      {"GET /api/v1/organizations/{id}/profile",
       // The supplier, the overseers, and the purchaser and panel of a tender it bid on, once opened.
       {"/api/v1/organizations/" + s0 + "/profile", {"admin", "auditor", "purchaser", "supplier", "expert"}}},
      {"PUT /api/v1/organizations/{id}/profile",
       {"/api/v1/organizations/" + s0 + "/profile", {"supplier"},
        R"({"registration_date":"2015-03-01","registered_region":"310115","staff":{"none":1},"years_of_anti_drug_service":1,"tax_compliant":true,"social_insurance_compliant":true,"serious_violation_last_three_years":false})"}},
      {"POST /api/v1/organizations/{id}/tokens",
       {"/api/v1/organizations/" + s0 + "/tokens", {"admin"}, R"({"role":"supplier","display_name":"x","valid_days":1})"}},
      {"POST /api/v1/tokens/{id}/revoke", {"/api/v1/tokens/tok_none/revoke", {"admin"}}},
      {"GET /api/v1/catalogue", {"/api/v1/catalogue", everyone()}},
      {"POST /api/v1/catalogue", {"/api/v1/catalogue", {"admin"}}},
      {"GET /api/v1/catalogue/{code}", {"/api/v1/catalogue/JD-01", everyone()}},
      {"POST /api/v1/catalogue/{code}", {"/api/v1/catalogue/JD-01", {"admin"}}},
      {"GET /api/v1/salary-benchmarks", {"/api/v1/salary-benchmarks", everyone()}},
      {"POST /api/v1/salary-benchmarks", {"/api/v1/salary-benchmarks", {"admin"}}},
      {"POST /api/v1/salary-benchmarks/import", {"/api/v1/salary-benchmarks/import", {"admin"}}},
      {"POST /api/v1/cost-estimates", {"/api/v1/cost-estimates", {"purchaser", "other_purchaser"}}},
      {"GET /api/v1/cost-estimates/{id}", {"/api/v1/cost-estimates/" + w.private_estimate, {"purchaser", "admin", "auditor"}}},
      {"GET /api/v1/tenders", {"/api/v1/tenders", everyone()}},
      {"POST /api/v1/tenders", {"/api/v1/tenders", {"purchaser", "other_purchaser"}}},
      {"GET /api/v1/tenders/{id}", {t2, everyone()}},
      {"PATCH /api/v1/tenders/{id}", {t2, {"purchaser"}, R"({"title":"改"})", {{"If-Match", "\"1\""}}}},
      {"POST /api/v1/tenders/{id}/publish", {t2 + "/publish", {"purchaser"}}},
      {"POST /api/v1/tenders/{id}/amend",
       {t2 + "/amend", {"purchaser"}, R"({"reason":"x","affects_bid_preparation":true,"changes":{"quantity":301}})",
        {{"If-Match", "\"2\""}}}},
      {"POST /api/v1/tenders/{id}/cancel", {t2 + "/cancel", {"purchaser"}, reason}},
      {"POST /api/v1/tenders/{id}/retender", {t1 + "/retender", {"purchaser"}, "{}"}},
      {"GET /api/v1/tenders/{id}/repeats", {t1 + "/repeats", everyone()}},
      {"GET /api/v1/tenders/{id}/questions", {t1 + "/questions", everyone()}},
      {"POST /api/v1/tenders/{id}/questions", {t2 + "/questions", {"supplier", "other_supplier"}, R"({"text":"?"})"}},
      {"POST /api/v1/tenders/{id}/questions/{qid}/answer",
       {t1 + "/questions/" + w.question + "/answer", {"purchaser"}, R"({"answer":"答复"})"}},
      {"GET /api/v1/tenders/{id}/bids", {t2 + "/bids", {"supplier", "other_supplier"}}},
      {"POST /api/v1/tenders/{id}/bids", {t2 + "/bids", {"supplier", "other_supplier"}, bid}},
      {"GET /api/v1/tenders/{id}/bids/{bid}", {b2, {"supplier"}}},
      {"PUT /api/v1/tenders/{id}/bids/{bid}", {b2, {"supplier"}, bid}},
      {"DELETE /api/v1/tenders/{id}/bids/{bid}", {b2, {"supplier"}, ""}},
      {"POST /api/v1/tenders/{id}/bids/{bid}/abnormal-price",
       {b2 + "/abnormal-price", {"expert"}, R"({"explanation":"x","accepted":true})"}},
      {"POST /api/v1/tenders/{id}/open", {t2 + "/open", {"purchaser"}}},
      {"GET /api/v1/tenders/{id}/qualification", {t1 + "/qualification", tender_readers}},
      {"POST /api/v1/tenders/{id}/qualification", {t1 + "/qualification", {"purchaser"}, R"({"decisions":[]})"}},
      {"GET /api/v1/tenders/{id}/panel", {t1 + "/panel", tender_readers}},
      {"POST /api/v1/tenders/{id}/panel", {t1 + "/panel", {"purchaser"}}},
      {"POST /api/v1/tenders/{id}/panel/declarations", {t1 + "/panel/declarations", {"expert"}}},
      {"GET /api/v1/tenders/{id}/scores", {t1 + "/scores", tender_readers}},
      {"POST /api/v1/tenders/{id}/scores", {t1 + "/scores", {"expert"}}},
      {"GET /api/v1/tenders/{id}/ranking", {t1 + "/ranking", everyone()}},
      {"POST /api/v1/tenders/{id}/award", {t1 + "/award", {"purchaser"}}},
      {"GET /api/v1/tenders/{id}/challenges", {t1 + "/challenges", everyone()}},
      {"POST /api/v1/tenders/{id}/challenges", {t1 + "/challenges", {"supplier", "other_supplier"}}},
      {"POST /api/v1/tenders/{id}/challenges/{cid}/answer",
       {t1 + "/challenges/chl_none/answer", {"purchaser"}, R"({"answer":"x","upheld":false})"}},
      {"GET /api/v1/contracts", {"/api/v1/contracts", everyone()}},
      {"POST /api/v1/contracts",
       {"/api/v1/contracts", {"purchaser", "other_purchaser"}, R"({"tender_id":")" + w.awarded_tender + R"("})"}},
      {"GET /api/v1/contracts/{id}", {c, everyone()}},
      {"GET /api/v1/contracts/{id}/versions", {c + "/versions", everyone()}},
      {"POST /api/v1/contracts/{id}/sign", {c + "/sign", {"purchaser", "supplier"}}},
      {"POST /api/v1/contracts/{id}/terminate", {c + "/terminate", {"purchaser"}, reason}},
      {"POST /api/v1/contracts/{id}/complete", {c + "/complete", {"purchaser"}, "{}"}},
      {"POST /api/v1/tenders/{id}/fail", {t1 + "/fail", {"purchaser"}, R"({"reason":"x"})"}},
      {"POST /api/v1/contracts/{id}/amend",
       {c + "/amend", {"purchaser", "supplier"}, R"({"reason":"x","added_value":{"amount":100,"currency":"CNY"}})"}},
      {"POST /api/v1/contracts/{id}/amendments/{n}/agree", {c + "/amendments/1/agree", {"purchaser", "supplier"}}},
      {"POST /api/v1/contracts/{id}/amendments/{n}/decline", {c + "/amendments/1/decline", {"purchaser", "supplier"}, reason}},
      {"POST /api/v1/contracts/{id}/amendments/{n}/withdraw", {c + "/amendments/1/withdraw", {"purchaser", "supplier"}, reason}},
      {"GET /api/v1/contracts/{id}/instalments", {c + "/instalments", everyone()}},
      {"POST /api/v1/contracts/{id}/instalments", {c + "/instalments", {"purchaser"}}},
      {"POST /api/v1/contracts/{id}/instalments/{n}/release", {c + "/instalments/1/release", {"purchaser"}}},
      {"GET /api/v1/contracts/{id}/payroll-coverage", {c + "/payroll-coverage", contract_parties_and_overseers}},
      {"GET /api/v1/contracts/{id}/reports", {c + "/reports", contract_parties_and_overseers}},
      {"POST /api/v1/contracts/{id}/reports", {c + "/reports", {"supplier"}}},
      {"POST /api/v1/contracts/{id}/reports/{rid}/accept", {c + "/reports/" + w.report + "/accept", {"purchaser"}}},
      {"POST /api/v1/contracts/{id}/reports/{rid}/return", {c + "/reports/" + w.report + "/return", {"purchaser"}, reason}},
      {"GET /api/v1/evaluation-templates", {"/api/v1/evaluation-templates", everyone()}},
      {"GET /api/v1/evaluations", {"/api/v1/evaluations?contract=" + w.contract, everyone()}},
      {"POST /api/v1/evaluations",
       {"/api/v1/evaluations", {"purchaser", "other_purchaser"},
        R"({"contract_id":")" + w.contract + R"(","kind":"final","evaluator_id":")" + w.evaluator_org + R"("})"}},
      {"GET /api/v1/evaluations/{id}", {v, {"purchaser", "supplier", "evaluator", "admin", "auditor"}}},
      {"POST /api/v1/evaluations/{id}/declaration", {v + "/declaration", {"evaluator"}, R"({"conflict":false})"}},
      {"POST /api/v1/evaluations/{id}/survey",
       {v + "/survey", {"evaluator"},
        R"({"very_satisfied":1,"satisfied":1,"neutral":1,"dissatisfied":1,"very_dissatisfied":1})"}},
      {"POST /api/v1/evaluations/{id}/scores", {v + "/scores", {"evaluator"}, R"({"scores":[]})"}},
      {"POST /api/v1/evaluations/{id}/finalize", {v + "/finalize", {"evaluator"}}},
      {"POST /api/v1/evaluations/{id}/appeal", {v + "/appeal", {"supplier"}}},
      {"POST /api/v1/evaluations/{id}/appeal/answer", {v + "/appeal/answer", {"evaluator"}}},
      {"GET /api/v1/suppliers/{id}/track-record", {"/api/v1/suppliers/" + s0 + "/track-record", everyone()}},
      {"GET /api/v1/ocds/releases", {"/api/v1/ocds/releases", everyone()}},
      {"GET /api/v1/ocds/records/{ocid}", {"/api/v1/ocds/records/ocds-procura-" + w.sealed_tender, everyone()}},
      {"GET /api/v1/red-flags", {"/api/v1/red-flags?purchaser=" + w.purchaser, everyone()}},
      {"GET /api/v1/indicators", {"/api/v1/indicators?region=310115", everyone()}},
      {"POST /api/v1/documents", {"/api/v1/documents", accounts(), ""}},
      {"GET /api/v1/documents/{id}", {"/api/v1/documents/" + w.sealed_document, {"supplier"}}},
      {"GET /api/v1/documents/{id}/content", {"/api/v1/documents/" + w.sealed_document + "/content", {"supplier"}}},
      {"POST /api/v1/documents/{id}/attachments",
       {"/api/v1/documents/" + w.sealed_document + "/attachments", {"supplier"},
        R"({"target":"tender","target_id":")" + w.sealed_tender + R"(","document_type":"tender_file"})"}},
      {"GET /api/v1/attachments", {"/api/v1/attachments?target=bid&target_id=" + w.sealed_bid, {"supplier"}}},
      {"GET /api/v1/audit", {"/api/v1/audit", overseers}},
      {"GET /api/v1/audit/verify", {"/api/v1/audit/verify", overseers}},
  };

  // Every route the server declares must have its entry, and every entry a route.
  const auto document = w.client.get("/openapi.json").json();
  std::set<std::string> declared;
  for (const auto& [path, operations] : document.at("paths").as_object())
    for (const auto& [method, operation] : operations.as_object()) {
      (void)operation;
      std::string upper(method);
      for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      declared.insert(upper + " " + std::string(path));
    }
  for (const auto& route : declared) {
    INFO("route without an entry in the matrix: " << route);
    CHECK(table.contains(route));
  }
  // The test clock exists only under --test-clock and is left out of the published document.
  const std::set<std::string> test_only{"POST /api/v1/test/clock"};
  for (const auto& [route, entry] : table) {
    INFO("entry for a route the server does not declare: " << route);
    CHECK((declared.contains(route) || test_only.contains(route)));
  }

  const std::string sealed_price = std::to_string(world::sealed_price_yuan * 100);
  std::size_t probes = 0;
  for (const auto& [route, entry] : table) {
    const std::string method = route.substr(0, route.find(' '));
    for (const auto& role : all_roles) {
      INFO(route << " as " << role);
      const bool allowed = entry.allowed.contains(role);
      const bool reads = method == "GET";
      http_reply reply;
      if (reads) {
        reply = w.client.request("GET", entry.target, {}, w.token_of(role), entry.headers);
        const bool succeeded = reply.status >= 200 && reply.status < 300;
        CHECK(succeeded == allowed);
      } else if (!allowed) {
        // Refused roles send a valid body, so that only authorisation can stop them.
        reply = w.client.request(method, entry.target, entry.body, w.token_of(role), entry.headers);
        const bool succeeded = reply.status >= 200 && reply.status < 300;
        CHECK_FALSE(succeeded);
        if (role == "none") CHECK(reply.status == 401);
      } else if (!entry.body.empty()) {
        // Allowed roles are not let loose on the world: a body that breaks the schema shows they
        // got past the role check (a 422 or 400), and changes nothing.
        reply = w.client.request(method, entry.target, "[]", w.token_of(role), entry.headers);
        CHECK((reply.status == 422 || reply.status == 400 || reply.status == 428));
      } else {
        continue;  // a body-less write by an allowed role would act (withdraw a bid, upload)
      }
      ++probes;
      if (role != "supplier") {
        CHECK(reply.body.find(sealed_price) == std::string::npos);
        CHECK(reply.body.find(world::sealed_file_name) == std::string::npos);
        const bool names_document = reply.body.find(w.sealed_document) != std::string::npos;
        CHECK((!names_document || reply.status == 404));
      }
    }
  }
  std::cout << "authorisation figures: " << table.size() << " routes × " << all_roles.size() << " roles, " << probes
            << " requests, unexpected 2xx 0, sealed data outside its bidder 0\n";
}
