#include "api_fixture.hpp"

#include <catch2/catch.hpp>

#include "procura/core/credit_code.hpp"

namespace procura::testing {

std::string api_fixture::create_organization(const std::string& kind, const std::string& name,
                                             const std::string& credit_code, const std::string& region) {
  const auto reply = client.post("/api/v1/organizations",
                                 {{"kind", kind}, {"name", name}, {"credit_code", credit_code}, {"region", region}},
                                 admin());
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  return std::string(reply.json().at("id").as_string());
}

std::string api_fixture::issue_token(const std::string& organization_id, const std::string& role,
                                     const boost::json::array& recent_employers) {
  boost::json::object body{{"role", role}, {"display_name", role + " account"}, {"valid_days", 3650}};
  if (!recent_employers.empty()) body["recent_employer_ids"] = recent_employers;
  const auto reply = client.post("/api/v1/organizations/" + organization_id + "/tokens", body, admin());
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  return std::string(reply.json().at("token").as_string());
}

std::string valid_credit_code(const std::string& first_seventeen) {
  return first_seventeen + procura::credit_code_check_character(first_seventeen);
}

std::string observable(const http_reply& reply, const std::string& id) {
  std::string text = std::to_string(reply.status) + "\n";
  for (const auto& [name, value] : reply.headers)
    if (name != "date" && name != "x-request-id") text += name + ": " + value + "\n";
  std::string body = reply.body;
  if (reply.header("content-type") == "application/problem+json" && !body.empty()) {
    auto parsed = boost::json::parse(body).as_object();
    parsed.erase("request_id");
    body = boost::json::serialize(parsed);
  }
  text += body;
  if (!id.empty())
    for (auto at = text.find(id); at != std::string::npos; at = text.find(id)) text.replace(at, id.size(), "<id>");
  return text;
}

bool names_pointer(const http_reply& reply, const std::string& pointer) {
  const auto body = reply.json();
  const auto* errors = body.as_object().if_contains("errors");
  if (errors == nullptr) return false;
  for (const auto& item : errors->as_array())
    if (item.at("pointer").as_string() == pointer) return true;
  return false;
}

std::vector<std::string> api_fixture::audited_actions(const std::string& entity_type, const std::string& entity_id) {
  std::vector<std::string> actions;
  std::string target = "/api/v1/audit?limit=500";
  for (;;) {
    const auto reply = client.get(target, admin());
    REQUIRE(reply.status == 200);
    const auto page = reply.json();
    for (const auto& entry : page.at("items").as_array())
      if (entry.at("entity_type") == boost::json::value(entity_type) && entry.at("entity_id") == boost::json::value(entity_id))
        actions.emplace_back(entry.at("action").as_string());
    if (page.at("next_cursor").is_null()) break;
    target = "/api/v1/audit?limit=500&cursor=" + std::string(page.at("next_cursor").as_string());
  }
  return actions;
}

}  // namespace procura::testing
