#include "cli_support.hpp"

#include <boost/json.hpp>

#include <filesystem>

namespace procura::app {

principal cli_principal() { return principal{"cli", "", role::admin}; }

void require_existing(const std::string& db) {
  if (!std::filesystem::exists(db)) throw command_error("no database at " + db + " (run `procura init --db " + db + "`)");
}

namespace {

[[noreturn]] void refused(const std::string& method, const std::string& target, const api::gateway::reply& reply) {
  boost::json::error_code parse_error;
  const auto parsed = boost::json::parse(reply.body, parse_error);
  std::string message = method + " " + target + " answered " + std::to_string(reply.status);
  if (!parse_error && parsed.is_object()) {
    const auto& problem = parsed.as_object();
    if (const auto* detail = problem.if_contains("detail"); detail && detail->is_string())
      message += ": " + std::string(detail->get_string());
    if (const auto* errors = problem.if_contains("errors"); errors && errors->is_array())
      for (const auto& item : errors->get_array())
        message += "\n  " + std::string(item.at("pointer").as_string()) + ": " +
                   std::string(item.at("message").as_string());
  }
  throw command_error(message);
}

}  // namespace

boost::json::value call_expecting(api::gateway& api, unsigned expected_status, const std::string& method,
                                  const std::string& target, const std::string& body,
                                  const std::optional<principal>& as) {
  const auto reply = api.call(method, target, body, as);
  boost::json::error_code parse_error;
  auto parsed = boost::json::parse(reply.body, parse_error);
  if (reply.status == expected_status && !parse_error) return parsed;
  refused(method, target, reply);
}

void require_status(api::gateway& api, unsigned expected_status, const std::string& method, const std::string& target,
                    const std::string& body, const std::optional<principal>& as) {
  const auto reply = api.call(method, target, body, as);
  if (reply.status != expected_status) refused(method, target, reply);
}

std::optional<std::string> platform_organization_id(api::gateway& api) {
  const auto found =
      call_expecting(api, 200, "GET", "/api/v1/organizations?kind=platform&limit=1", "", std::nullopt);
  const auto& items = found.at("items").as_array();
  if (items.empty()) return std::nullopt;
  return std::string(items.front().at("id").as_string());
}

boost::json::object money_of(std::int64_t yuan) { return {{"amount", yuan * 100}, {"currency", "CNY"}}; }

}  // namespace procura::app
