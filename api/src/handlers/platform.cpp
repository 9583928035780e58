#include <boost/json.hpp>

#include "../handlers.hpp"
#include "../json_support.hpp"
#include "../metrics.hpp"
#include "../openapi.hpp"
#include "../use_case.hpp"

namespace procura::api::handlers {

http_response health(request_context& context) {
  boost::json::object body;
  try {
    const int version = context.app.database.schema_version();
    body = {{"status", "ok"}, {"database", "reachable"}, {"schema_version", version}};
  } catch (const std::exception&) {
    body = {{"status", "unavailable"}, {"database", "unreachable"}};
    return json_response(503, body);
  }
  body["time"] = format_rfc3339(context.now);
  // The web pages link to OCDS records by ocid, whose prefix is the operator's.
  body["ocid_prefix"] = context.app.open_data.ocid_prefix;
  return json_response(200, body);
}

http_response openapi_document(request_context& context) {
  auto response = json_response(200, build_openapi(context.app.schemas));
  return response;
}

http_response set_test_clock(request_context& context) {
  const auto& body = context.body.as_object();
  if (const auto* advance = body.if_contains("advance_seconds")) {
    context.app.clock.advance(std::chrono::seconds{advance->to_number<std::int64_t>()});
  } else if (const auto* now = body.if_contains("now")) {
    const auto parsed = parse_rfc3339(now->as_string());
    if (!parsed) return error_response(context, error::rule("/now", "now must be an RFC 3339 date-time"));
    context.app.clock.set(*parsed);
  } else {
    return error_response(context, error::rule("", "send advance_seconds or now"));
  }
  return json_response(200, boost::json::object{{"now", format_rfc3339(context.app.clock.now())}});
}

http_response prometheus_metrics(request_context& context) {
  std::int64_t audit_length = 0;
  context.app.database.read([&](unit_of_work& work) { audit_length = work.audit().length(); });
  http_response response;
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  response.body = context.app.counters ? context.app.counters->render(audit_length) : std::string();
  return response;
}

http_response current_session(request_context& context) {
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    const auto holder = work.accounts().find_account(context.caller->account_id);
    const auto organization = work.organizations().find(context.caller->organization_id);
    boost::json::object body{{"account_id", context.caller->account_id},
                             {"organization_id", context.caller->organization_id},
                             {"role", to_string(context.caller->role)}};
    if (holder) body["display_name"] = holder->display_name;
    if (organization) body["organization_name"] = organization->name;
    return json_response(200, body);
  });
}

}  // namespace procura::api::handlers
