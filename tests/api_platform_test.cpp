// End-to-end tests of the platform over real HTTP against a real `procura serve`.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

#include "api_fixture.hpp"

using namespace procura::testing;
namespace json = boost::json;

TEST_CASE("healthz reports the database and its schema version", "[api]") {
  api_fixture api;
  const auto reply = api.client.get("/healthz");
  CHECK(reply.status == 200);
  CHECK(reply.json().at("database") == "reachable");
  CHECK(reply.json().at("schema_version").as_int64() >= 2);
}

TEST_CASE("unknown paths are 404 and wrong verbs 405 with Allow, both as problem+json", "[api]") {
  api_fixture api;
  const auto missing = api.client.get("/api/v1/nothing-here");
  CHECK(missing.status == 404);
  CHECK(missing.header("content-type") == "application/problem+json");
  CHECK(missing.json().at("status") == 404);

  const auto wrong_verb = api.client.request("DELETE", "/api/v1/organizations");
  CHECK(wrong_verb.status == 405);
  CHECK(wrong_verb.header("allow") == "GET, HEAD, POST");
}

TEST_CASE("HEAD is served for GET routes with the headers and no body", "[api]") {
  api_fixture api;
  const auto get = api.client.get("/healthz");
  const auto head = api.client.request("HEAD", "/healthz");
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(head.header("content-length") == std::to_string(get.body.size()));
}

TEST_CASE("a request id is echoed when given and generated when not", "[api]") {
  api_fixture api;
  const auto given = api.client.request("GET", "/healthz", {}, {}, {{"X-Request-Id", "trace-abc-123"}});
  CHECK(given.header("x-request-id") == "trace-abc-123");
  const auto generated = api.client.get("/healthz");
  CHECK(generated.header("x-request-id").size() >= 8);
  // Request lines are written in batches (about every 20 ms): wait for ours, up to 10 s.
  bool logged = false;
  for (int attempt = 0; attempt < 1000 && !logged; ++attempt) {
    logged = api.server.log().find("\"request_id\":\"trace-abc-123\"") != std::string::npos;
    if (!logged) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(logged);
}

TEST_CASE("malformed JSON is a 400 that says where it broke", "[api]") {
  api_fixture api;
  const auto reply = api.client.request("POST", "/api/v1/organizations", "{\"kind\": \"supplier\",\n  \"name\": }",
                                        api.admin());
  CHECK(reply.status == 400);
  CHECK(reply.header("content-type") == "application/problem+json");
  const std::string detail(reply.json().at("detail").as_string());
  CHECK(detail.find("line 2") != std::string::npos);
}

TEST_CASE("a body that breaks its schema lists every violation by JSON pointer", "[api]") {
  api_fixture api;
  const auto reply = api.client.post("/api/v1/organizations",
                                     {{"kind", "bank"}, {"name", 7}, {"region", "310000"}, {"surprise", true}},
                                     api.admin());
  CHECK(reply.status == 422);
  CHECK(names_pointer(reply, "/kind"));
  CHECK(names_pointer(reply, "/name"));
  CHECK(names_pointer(reply, "/surprise"));
  // A missing field is named itself, not the object that lacks it.
  CHECK(names_pointer(reply, "/credit_code"));
  CHECK_FALSE(names_pointer(reply, ""));
  CHECK(reply.body.find("required field is missing") != std::string::npos);
}

TEST_CASE("a body that is not JSON is 415 and one over the limit is 413", "[api]") {
  api_fixture api;
  const auto text = api.client.request("POST", "/api/v1/organizations", "kind=supplier", api.admin(),
                                       {{"Content-Type", "application/x-www-form-urlencoded"}});
  CHECK(text.status == 415);
  const std::string huge(2 * 1024 * 1024, ' ');
  const auto large = api.client.request("POST", "/api/v1/organizations", huge, api.admin(), {{"X-Request-Id", "proxy-413"}});
  CHECK(large.status == 413);
  CHECK(large.header("content-type") == "application/problem+json");
  // The header was read: the refusal keeps the proxy's request id, in the response and its body.
  CHECK(large.header("x-request-id") == "proxy-413");
  CHECK(large.json().at("request_id") == "proxy-413");
}

TEST_CASE("a wrong credit code check character is refused with 422 naming the field", "[api][law]") {
  api_fixture api;
  const auto reply = api.client.post(
      "/api/v1/organizations",
      {{"kind", "purchaser"}, {"name", "禁毒办"}, {"credit_code", "91350100M000100Y44"}, {"region", "350100"}},
      api.admin());
  CHECK(reply.status == 422);
  CHECK(names_pointer(reply, "/credit_code"));
  const auto listed = api.client.get("/api/v1/organizations?kind=purchaser");
  CHECK(listed.json().at("items").as_array().empty());
}

TEST_CASE("no token is 401, a bad token 401, a known role without the right 403", "[api]") {
  api_fixture api;
  const json::object body{{"kind", "purchaser"}, {"name", "x"}, {"credit_code", "91350100M000100Y43"}, {"region", "1"}};
  CHECK(api.client.post("/api/v1/organizations", body).status == 401);
  CHECK(api.client.post("/api/v1/organizations", body, "prc_not_a_real_token").status == 401);
  const auto purchaser = api.create_organization("purchaser", "禁毒办", "91350100M000100Y43");
  const auto purchaser_token = api.issue_token(purchaser, "purchaser");
  CHECK(api.client.post("/api/v1/organizations", body, purchaser_token).status == 403);
  CHECK(api.client.get("/api/v1/audit", purchaser_token).status == 403);
  CHECK(api.client.get("/api/v1/session", purchaser_token).json().at("role") == "purchaser");
}

TEST_CASE("a revoked token stops working at once", "[api]") {
  api_fixture api;
  const auto purchaser = api.create_organization("purchaser", "禁毒办", "91350100M000100Y43");
  const auto issued = api.client.post("/api/v1/organizations/" + purchaser + "/tokens",
                                      {{"role", "purchaser"}, {"display_name", "clerk"}}, api.admin());
  REQUIRE(issued.status == 201);
  const std::string secret(issued.json().at("token").as_string());
  const std::string token_id(issued.json().at("token_id").as_string());
  CHECK(api.client.get("/api/v1/session", secret).status == 200);
  CHECK(api.client.post("/api/v1/tokens/" + token_id + "/revoke", json::object{}, api.admin()).status == 200);
  CHECK(api.client.get("/api/v1/session", secret).status == 401);
  CHECK(api.client.post("/api/v1/tokens/" + token_id + "/revoke", json::object{}, api.admin()).status == 409);
}

TEST_CASE("a revoked token is renewed for the same account, which keeps its identity", "[api]") {
  api_fixture api;
  const auto purchaser = api.create_organization("purchaser", "禁毒办", "91350100M000100Y43");
  const auto other = api.create_organization("purchaser", "徐汇区禁毒办", valid_credit_code("11310104MB2F00003"));
  const auto tokens = "/api/v1/organizations/" + purchaser + "/tokens";
  const auto issued = api.client.post(tokens, {{"role", "purchaser"}, {"display_name", "clerk"}}, api.admin()).json();
  const std::string account(issued.at("account").at("id").as_string());
  const std::string old_secret(issued.at("token").as_string());
  REQUIRE(api.client.post("/api/v1/tokens/" + std::string(issued.at("token_id").as_string()) + "/revoke", json::object{},
                          api.admin())
              .status == 200);
  const auto renewed = api.client.post(tokens, {{"account_id", account}, {"valid_days", 30}}, api.admin());
  INFO(renewed.body);
  REQUIRE(renewed.status == 201);
  CHECK(renewed.json().at("account").at("id") == json::value(account));
  const std::string new_secret(renewed.json().at("token").as_string());
  const auto session = api.client.get("/api/v1/session", new_secret);
  REQUIRE(session.status == 200);
  CHECK(session.json().at("account_id") == json::value(account));  // what panels, score sheets and inputs are held by
  CHECK(session.json().at("display_name") == "clerk");
  CHECK(api.client.get("/api/v1/session", old_secret).status == 401);  // the revoked one stays revoked
  // A renewal keeps the role, and the account must be the organization's own.
  const auto other_role = api.client.post(tokens, {{"account_id", account}, {"role", "auditor"}}, api.admin());
  CHECK(other_role.status == 422);
  CHECK(names_pointer(other_role, "/role"));
  const auto foreign = api.client.post("/api/v1/organizations/" + other + "/tokens", {{"account_id", account}}, api.admin());
  CHECK(foreign.status == 422);
  CHECK(names_pointer(foreign, "/account_id"));
  CHECK(api.client.post(tokens, json::object{{"valid_days", 30}}, api.admin()).status == 422);  // neither kind of request
}

TEST_CASE("the raw token is never stored: only its hash is in the database file", "[api]") {
  api_fixture api;
  const auto purchaser = api.create_organization("purchaser", "禁毒办", "91350100M000100Y43");
  const auto secret = api.issue_token(purchaser, "purchaser");
  REQUIRE(api.client.get("/api/v1/session", secret).status == 200);
  REQUIRE(api.server.stop() == 0);  // folds the WAL into the file
  const std::string secret_part = secret.substr(4);
  for (const auto& file : {api.server.database(), api.server.database() + "-wal"}) {
    const auto bytes = read_file(file);
    CHECK(bytes.find(secret_part) == std::string::npos);
    CHECK(bytes.find(secret_part.substr(0, 32)) == std::string::npos);
  }
}

TEST_CASE("a supplier reads and versions only its own profile, with If-Match", "[api]") {
  api_fixture api;
  const auto supplier = api.create_organization("supplier", "阳光社工", valid_credit_code("52310000MJ4A00001"));
  const auto other = api.create_organization("supplier", "月光社工", valid_credit_code("52310000MJ4A00002"));
  const auto token = api.issue_token(supplier, "supplier");
  const auto other_token = api.issue_token(other, "supplier");
  json::object profile{{"registration_date", "2015-03-01"},
                       {"registered_region", "310000"},
                       {"staff", {{"none", 2}, {"assistant_social_worker", 10}, {"social_worker", 5},
                                  {"senior_social_worker", 1}}},
                       {"tax_compliant", true},
                       {"social_insurance_compliant", true},
                       {"serious_violation_last_three_years", false}};
  const std::string path = "/api/v1/organizations/" + supplier + "/profile";

  CHECK(api.client.request("PUT", path, json::serialize(profile), other_token).status == 403);
  const auto first = api.client.request("PUT", path, json::serialize(profile), token);
  REQUIRE(first.status == 200);
  CHECK(first.header("etag") == "\"1\"");

  profile["staff"].as_object()["social_worker"] = 8;
  CHECK(api.client.request("PUT", path, json::serialize(profile), token).status == 428);
  CHECK(api.client.request("PUT", path, json::serialize(profile), token, {{"If-Match", "\"7\""}}).status == 412);
  const auto second = api.client.request("PUT", path, json::serialize(profile), token, {{"If-Match", "\"1\""}});
  REQUIRE(second.status == 200);
  CHECK(second.json().at("version") == 2);
  // The stale version can no longer be used.
  CHECK(api.client.request("PUT", path, json::serialize(profile), token, {{"If-Match", "\"1\""}}).status == 412);

  CHECK(api.client.get(path, token).json().at("staff").at("social_worker") == 8);
  CHECK(api.client.get(path + "?version=1", token).json().at("staff").at("social_worker") == 5);
  CHECK(api.client.get(path, other_token).status == 403);
  CHECK(api.client.get(path).status == 401);
}

TEST_CASE("an impossible profile is refused naming each field", "[api]") {
  api_fixture api;
  const auto supplier = api.create_organization("supplier", "阳光社工", valid_credit_code("52310000MJ4A00001"));
  const auto token = api.issue_token(supplier, "supplier");
  const json::object profile{{"registration_date", "2999-01-01"},
                             {"registered_region", "310000"},
                             {"staff", {{"none", 1}, {"assistant_social_worker", 0}, {"social_worker", 0},
                                        {"senior_social_worker", 0}}},
                             {"education", {{"bachelor", 5}}},
                             {"tax_compliant", true},
                             {"social_insurance_compliant", true},
                             {"serious_violation_last_three_years", false}};
  const auto reply =
      api.client.request("PUT", "/api/v1/organizations/" + supplier + "/profile", json::serialize(profile), token);
  CHECK(reply.status == 422);
  CHECK(names_pointer(reply, "/registration_date"));
  CHECK(names_pointer(reply, "/education"));
}

TEST_CASE("Idempotency-Key replays the first response and refuses a different body", "[api]") {
  api_fixture api;
  const json::object body{{"kind", "purchaser"}, {"name", "禁毒办"}, {"credit_code", "91350100M000100Y43"}, {"region", "1"}};
  const std::map<std::string, std::string> key{{"Idempotency-Key", "create-office-1"}};
  const auto first = api.client.post("/api/v1/organizations", body, api.admin(), key);
  const auto again = api.client.post("/api/v1/organizations", body, api.admin(), key);
  REQUIRE(first.status == 201);
  CHECK(again.status == 201);
  CHECK(again.body == first.body);
  CHECK(again.header("idempotent-replayed") == "true");
  CHECK(api.client.get("/api/v1/organizations?kind=purchaser").json().at("items").as_array().size() == 1);

  json::object other = body;
  other["name"] = "another office";
  const auto conflicting = api.client.post("/api/v1/organizations", other, api.admin(), key);
  CHECK(conflicting.status == 422);
}

TEST_CASE("lists are cursor-paged with a limit between 1 and 500", "[api]") {
  api_fixture api;
  for (int i = 0; i < 5; ++i)
    api.create_organization("evaluator", "评估中心 " + std::to_string(i),
                            valid_credit_code("5231000000000000" + std::to_string(i)));
  std::vector<std::string> seen;
  std::string target = "/api/v1/organizations?kind=evaluator&limit=2";
  for (int guard = 0; guard < 10; ++guard) {
    const auto page = api.client.get(target).json();
    for (const auto& item : page.at("items").as_array()) seen.emplace_back(item.at("id").as_string());
    if (page.at("next_cursor").is_null()) break;
    target = "/api/v1/organizations?kind=evaluator&limit=2&cursor=" + std::string(page.at("next_cursor").as_string());
  }
  CHECK(seen.size() == 5);
  CHECK(std::is_sorted(seen.begin(), seen.end()));
  CHECK(api.client.get("/api/v1/organizations?limit=501").status == 422);
  CHECK(api.client.get("/api/v1/organizations?limit=0").status == 422);
  CHECK(api.client.get("/api/v1/organizations?cursor=garbage").status == 422);
}

TEST_CASE("every change is in the audit chain, which verifies, and a 500 never leaks", "[api][audit]") {
  api_fixture api;
  api.create_organization("purchaser", "禁毒办", "91350100M000100Y43");
  const auto entries = api.client.get("/api/v1/audit?limit=500", api.admin()).json().at("items").as_array();
  REQUIRE(entries.size() >= 3);  // platform organization, admin token, this organization
  CHECK(entries.back().at("action") == "organization.register");
  const auto verified = api.client.get("/api/v1/audit/verify", api.admin()).json();
  CHECK(verified.at("intact") == true);
  CHECK(verified.at("entries_checked").as_int64() == static_cast<std::int64_t>(entries.size()));
}

TEST_CASE("the test clock moves the server's time, and exists only under --test-clock", "[api]") {
  api_fixture api;
  const auto moved = api.client.post("/api/v1/test/clock", {{"now", "2030-01-01T00:00:00+08:00"}}, api.admin());
  REQUIRE(moved.status == 200);
  CHECK(moved.json().at("now").as_string().starts_with("2029-12-31T16:00:0"));
  CHECK(api.client.get("/healthz").json().at("time").as_string().starts_with("2029-12-31T16:"));

  server_process plain(server_process::options{.test_clock = false});
  http_client client(plain.port());
  CHECK(client.post("/api/v1/test/clock", {{"advance_seconds", 60}}, plain.admin_token()).status == 404);
}

TEST_CASE("the OpenAPI document lists every route", "[api]") {
  api_fixture api;
  const auto document = api.client.get("/openapi.json").json();
  CHECK(document.at("openapi") == "3.1.0");
  const auto& paths = document.at("paths").as_object();
  for (const char* path : {"/healthz", "/api/v1/organizations", "/api/v1/organizations/{id}/profile",
                           "/api/v1/organizations/{id}/tokens", "/api/v1/audit/verify"})
    CHECK(paths.contains(path));
  CHECK_FALSE(paths.contains("/api/v1/test/clock"));
  // The statuses a route really answers are listed: a GET refused by state (409), a bad query
  // (422), a bad token sent to a public route (401), a rate-limited token (429).
  const auto responses = [&](const char* path, const char* method) {
    return paths.at(path).at(method).at("responses").as_object();
  };
  CHECK(responses("/api/v1/tenders/{id}/ranking", "get").contains("409"));
  CHECK(responses("/api/v1/tenders/{id}/bids", "get").contains("409"));
  CHECK(responses("/api/v1/tenders", "get").contains("422"));
  CHECK(responses("/api/v1/tenders", "get").contains("401"));
  CHECK(responses("/api/v1/tenders", "post").contains("429"));
  const auto& public_security = paths.at("/api/v1/tenders").at("get").at("security").as_array();
  CHECK(std::find(public_security.begin(), public_security.end(), json::value(json::object{})) != public_security.end());
  CHECK(responses("/api/v1/documents/{id}/content", "get").at("200").at("content").as_object().contains(
      "application/octet-stream"));
  const auto& profile_parameters = paths.at("/api/v1/organizations/{id}/profile").at("put").at("parameters").as_array();
  CHECK(std::any_of(profile_parameters.begin(), profile_parameters.end(),
                    [](const json::value& p) { return p.at("name") == "If-Match"; }));
}

TEST_CASE("metrics count requests by route and status, write transactions, connections and the audit chain", "[api]") {
  api_fixture api;
  api.create_organization("purchaser", "禁毒办", "91350100M000100Y43");
  api.client.get("/api/v1/organizations/org_NOPE");
  // Counts by route grow with every sealed bid: an operator's, not the public's (SPEC §3.4).
  CHECK(api.client.get("/metrics").status == 401);
  const auto scraped = api.client.get("/metrics", api.admin());
  CHECK(scraped.status == 200);
  CHECK(scraped.header("content-type").starts_with("text/plain"));
  const auto& text = scraped.body;
  CHECK(text.find("procura_requests_total{route=\"/api/v1/organizations\",method=\"POST\",status=\"201\"} 1") != std::string::npos);
  CHECK(text.find("procura_requests_total{route=\"/api/v1/organizations/{id}\",method=\"GET\",status=\"404\"} 1") != std::string::npos);
  CHECK(text.find("procura_write_transaction_seconds_count") != std::string::npos);
  CHECK(text.find("procura_open_connections 1") != std::string::npos);
  CHECK(text.find("procura_audit_chain_length 3") != std::string::npos);  // platform org, admin token, this org
  CHECK(text.find("\nprocura_storage_failures_total 0\n") != std::string::npos);
  CHECK(text.find("procura_request_duration_seconds_bucket{route=\"/api/v1/organizations\",method=\"POST\",le=\"+Inf\"} 1") !=
        std::string::npos);
}
