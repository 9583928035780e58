#include "procura/api/gateway.hpp"

#include "request_ids.hpp"
#include "router.hpp"
#include "schema_registry.hpp"
#include "use_case.hpp"

namespace procura::api {

struct gateway::state {
  schema_registry schemas;
  services app;
  api::router routes;
  state(store& database, adjustable_clock& clock, document_store* documents)
      : app{database, clock, schemas, false}, routes(app, std::size_t{64} * 1024 * 1024) {
    app.documents = documents;
  }
};

gateway::gateway(store& database, adjustable_clock& clock, document_store* documents)
    : state_(std::make_unique<state>(database, clock, documents)) {}
gateway::~gateway() = default;

gateway::reply gateway::call(const std::string& method, const std::string& target, const std::string& body,
                             const std::optional<principal>& as, const std::map<std::string, std::string>& headers) {
  http_request request;
  request.method = method;
  request.target = target;
  request.body = body;
  for (const auto& [name, value] : headers) request.headers[name] = value;
  if (!body.empty() && !request.headers.contains("content-type")) request.headers["content-type"] = "application/json";
  reply out;
  if (!parse_target(target, request)) {
    out.status = 400;
    return out;
  }
  auto response = state_->routes.handle(request, "local-" + next_request_id(), as);
  // As the server does (deliver in server.cpp): the caller hears of nothing that is not durable,
  // and the next call, which may read on another connection, sees this one's change.
  if (!state_->app.database.wait_durable(commit_to_await(response, state_->app.database)) &&
      (response.commit_ticket != 0 || response.awaits_ticket != 0))
    response = undurable_write_response(response, "local");
  out.status = response.status;
  out.body = response.body;
  for (const auto& [name, value] : response.headers) out.headers[name] = value;
  return out;
}

}  // namespace procura::api
