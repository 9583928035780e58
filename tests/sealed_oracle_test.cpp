// Sealed-bid oracles: before opening, a foreign bid (and its document) answers exactly like a
// random id on every bid path for every role, headers included; and no public or overseer view
// changes when a sealed bid arrives.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <iostream>

#include "bid_flow_fixture.hpp"

using namespace procura::testing;
namespace json = boost::json;

namespace {

/// An id of the same shape and length as `real` that names nothing.
std::string random_like(const std::string& real) { return real.substr(0, real.size() - 8) + "ZZZZZZZZ"; }

}  // namespace

TEST_CASE("sealed-bid oracles: every bid path and role answers a foreign bid like a random id, headers included",
          "[security][sealed]") {
  bid_flow_fixture flow(3);
  auto& client = flow.client;
  const auto auditor = flow.issue_token(
      std::string(client.get("/api/v1/organizations?kind=platform").json().at("items").at(0).at("id").as_string()),
      "auditor");
  const auto other_purchaser_org = flow.create_organization("purchaser", "徐汇区禁毒办", valid_credit_code("11310104MB2F00004"));
  const auto other_purchaser = flow.issue_token(other_purchaser_org, "purchaser");
  const auto evaluator_org = flow.create_organization("evaluator", "评估中心", valid_credit_code("52310000MJ4B00021"));
  const auto evaluator = flow.issue_token(evaluator_org, "evaluator");

  // What the public and the overseers see before the sealed bid arrives.
  const std::vector<std::pair<std::string, std::string>> views = {
      {"/api/v1/tenders/" + flow.tender_id, ""},
      {"/api/v1/tenders?limit=100", ""},
      {"/api/v1/tenders/" + flow.tender_id + "/questions", ""},
      {"/api/v1/indicators?region=310115", ""},
      {"/api/v1/indicators?purchaser=" + flow.purchaser, ""},
      {"/api/v1/red-flags?tender=" + flow.tender_id, ""},
      {"/api/v1/red-flags?purchaser=" + flow.purchaser, ""},
      {"/api/v1/red-flags?supplier=" + flow.suppliers[0].organization_id, ""},
      {"/api/v1/suppliers/" + flow.suppliers[0].organization_id + "/track-record", ""},
      {"/api/v1/organizations/" + flow.suppliers[0].organization_id, ""},
      {"/api/v1/ocds/records/ocds-procura-" + flow.tender_id, ""},
      {"/api/v1/contracts?supplier=" + flow.suppliers[0].organization_id, ""},
      {"/api/v1/tenders/" + flow.tender_id, flow.purchaser_token},
      {"/api/v1/tenders/" + flow.tender_id + "/bids", flow.purchaser_token},
      {"/api/v1/tenders/" + flow.tender_id + "/bids", flow.suppliers[1].token},
      {"/api/v1/tenders/" + flow.tender_id + "/bids", flow.admin()},
      {"/api/v1/tenders/" + flow.tender_id + "/qualification", flow.admin()},
      {"/api/v1/tenders/" + flow.tender_id + "/panel", flow.purchaser_token},
      {"/api/v1/tenders/" + flow.tender_id + "/ranking", ""},
  };
  const auto look = [&] {
    std::vector<std::string> seen;
    for (const auto& [target, token] : views) {
      auto reply = client.get(target, token);
      // Release packages stamp their publication time; the rest must be identical.
      auto text = observable(reply);
      if (target.starts_with("/api/v1/ocds/")) {
        auto package = json::parse(reply.body).as_object();
        package.erase("publishedDate");
        text = std::to_string(reply.status) + json::serialize(package);
      }
      seen.push_back(text);
    }
    return seen;
  };
  const auto before = look();

  const std::string pdf = "%PDF-1.4 sealed certificate";
  const auto uploaded = client.request("POST", "/api/v1/documents", pdf, flow.suppliers[0].token,
                                       {{"Content-Type", "application/pdf"}, {"X-File-Name", "cert.pdf"}});
  REQUIRE(uploaded.status == 201);
  const std::string document(uploaded.json().at("id").as_string());
  auto body = bid_flow_fixture::bid_body(2'400'000);
  body["attachments"] = json::array{{{"document_id", document}, {"document_type", "qualification_certificate"}}};
  const auto placed = client.post("/api/v1/tenders/" + flow.tender_id + "/bids", body, flow.suppliers[0].token);
  REQUIRE(placed.status == 201);
  const std::string bid(placed.json().at("id").as_string());

  const auto after = look();
  for (std::size_t i = 0; i < views.size(); ++i) {
    INFO(views[i].first << (views[i].second.empty() ? " (anonymous)" : " (with a token)"));
    CHECK(after[i] == before[i]);
  }

  const std::string fake_bid = random_like(bid);
  const std::string fake_document = random_like(document);
  const std::string base = "/api/v1/tenders/" + flow.tender_id + "/bids/";
  const std::string bid_body = json::serialize(bid_flow_fixture::bid_body(1'000'000));
  struct probe {
    std::string method;
    std::string path;  ///< with {bid} or {doc}
    std::string body;
  };
  const std::vector<probe> probes = {
      {"GET", base + "{bid}", ""},
      {"HEAD", base + "{bid}", ""},
      {"PUT", base + "{bid}", bid_body},
      {"DELETE", base + "{bid}", ""},
      {"POST", base + "{bid}/abnormal-price", R"({"explanation":"x","accepted":true})"},
      {"GET", "/api/v1/attachments?target=bid&target_id={bid}", ""},
      {"GET", "/api/v1/documents/{doc}", ""},
      {"GET", "/api/v1/documents/{doc}/content", ""},
      {"HEAD", "/api/v1/documents/{doc}/content", ""},
      {"POST", "/api/v1/documents/{doc}/attachments",
       R"({"target":"tender","target_id":")" + flow.tender_id + R"(","document_type":"tender_file"})"},
  };
  const std::vector<std::pair<std::string, std::string>> roles = {
      {"anonymous", ""},          {"admin", flow.admin()},        {"auditor", auditor},
      {"purchaser", flow.purchaser_token}, {"other purchaser", other_purchaser},
      {"other supplier", flow.suppliers[1].token}, {"expert", flow.expert_tokens[0]}, {"evaluator", evaluator}};
  std::size_t compared = 0;
  for (const auto& [role, token] : roles) {
    for (const auto& p : probes) {
      INFO(role << " " << p.method << " " << p.path);
      const auto fill = [&](const std::string& bid_id, const std::string& document_id) {
        std::string path = p.path;
        if (const auto at = path.find("{bid}"); at != std::string::npos) path.replace(at, 5, bid_id);
        if (const auto at = path.find("{doc}"); at != std::string::npos) path.replace(at, 5, document_id);
        return path;
      };
      // The bid's version, as a careful client replacing it would send: the refusal must come from
      // the sealing, not from a missing If-Match.
      const std::map<std::string, std::string> version_one{{"If-Match", "\"1\""}};
      const auto real = client.request(p.method, fill(bid, document), p.body, token, version_one);
      const auto fake = client.request(p.method, fill(fake_bid, fake_document), p.body, token, version_one);
      CHECK(real.status >= 400);
      CHECK(observable(real, p.path.find("{doc}") != std::string::npos ? document : bid) ==
            observable(fake, p.path.find("{doc}") != std::string::npos ? fake_document : fake_bid));
      ++compared;
    }
  }
  // The bidder still has it all.
  CHECK(client.get(base + bid, flow.suppliers[0].token).status == 200);
  CHECK(client.get("/api/v1/documents/" + document + "/content", flow.suppliers[0].token).body == pdf);
  std::cout << "sealed-oracle figures: " << compared << " foreign-vs-random comparisons over " << roles.size()
            << " roles, " << views.size() << " public and overseer views unchanged by a sealed bid\n";
}
