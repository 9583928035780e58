// The route table: the whole HTTP surface, declared as data. The router, the OpenAPI document
// and the authorisation tests all read this one list.
#include "context.hpp"
#include "handlers.hpp"

namespace procura::api {
namespace {

using enum role;
namespace h = handlers;

const audience anyone{true, {}};
const audience admins{false, {admin}};
const audience overseers{false, {admin, auditor}};
const audience any_account{false, {admin, auditor, purchaser, supplier, expert, evaluator}};
const audience suppliers{false, {supplier}};

}  // namespace

const std::vector<route>& routes() {
  static const std::vector<route> table = {
      {.method = "GET", .pattern = "/healthz", .handler = h::health, .who = anyone,
       .summary = "Database reachability and schema version", .tag = "platform"},
      {.method = "GET", .pattern = "/openapi.json", .handler = h::openapi_document, .who = anyone,
       .summary = "This API's OpenAPI 3.1 document", .tag = "platform"},
      {.method = "POST", .pattern = "/api/v1/test/clock", .handler = h::set_test_clock, .who = admins,
       .summary = "Move the server clock (only under --test-clock)", .tag = "platform",
       .request_schema = "test-clock", .test_clock_only = true},
      {.method = "GET", .pattern = "/api/v1/session", .handler = h::current_session, .who = any_account,
       .summary = "Who the bearer token stands for", .tag = "platform"},

      {.method = "GET", .pattern = "/api/v1/organizations", .handler = h::list_organizations, .who = anyone,
       .summary = "List registered organizations", .tag = "organizations",
       .query_parameters = {"kind", "region", "limit", "cursor"}},
      {.method = "POST", .pattern = "/api/v1/organizations", .handler = h::register_organization, .who = admins,
       .summary = "Register an organization", .tag = "organizations", .request_schema = "organization-create",
       .creates = true, .success_status = "201"},
      {.method = "GET", .pattern = "/api/v1/organizations/{id}", .handler = h::get_organization, .who = anyone,
       .summary = "One organization", .tag = "organizations"},
      {.method = "GET", .pattern = "/api/v1/organizations/{id}/profile", .handler = h::get_profile,
       .who = any_account, .summary = "A supplier's qualification profile (latest, or ?version=N)",
       .tag = "organizations", .query_parameters = {"version"}},
      {.method = "PUT", .pattern = "/api/v1/organizations/{id}/profile", .handler = h::put_profile,
       .who = suppliers, .summary = "Record a new version of the supplier's own profile", .tag = "organizations",
       .request_schema = "profile-put"},
      {.method = "POST", .pattern = "/api/v1/organizations/{id}/tokens", .handler = h::issue_token, .who = admins,
       .summary = "Create an account and its bearer token (shown once)", .tag = "organizations",
       .request_schema = "token-create", .success_status = "201"},
      {.method = "POST", .pattern = "/api/v1/tokens/{id}/revoke", .handler = h::revoke_token, .who = admins,
       .summary = "Revoke a token", .tag = "organizations", .request_schema = "empty"},

      {.method = "GET", .pattern = "/api/v1/audit", .handler = h::list_audit, .who = overseers,
       .summary = "The audit chain, oldest first", .tag = "audit", .query_parameters = {"limit", "cursor"}},
      {.method = "GET", .pattern = "/api/v1/audit/verify", .handler = h::verify_audit, .who = overseers,
       .summary = "Recompute the audit chain and name the first broken entry", .tag = "audit"},
  };
  return table;
}

}  // namespace procura::api
