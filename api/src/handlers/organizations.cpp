#include <boost/json.hpp>

#include "../access.hpp"
#include "../handlers.hpp"
#include "../json_support.hpp"
#include "../parties_json.hpp"
#include "../tender_lookup.hpp"
#include "../use_case.hpp"
#include "procura/core/crypto.hpp"

namespace procura::api::handlers {

http_response list_organizations(request_context& context) {
  auto page = read_page_request(context.request);
  if (!page) return error_response(context, page.failure());
  procurement::organization_filter filter;
  if (const auto kind = context.request.query.find("kind"); kind != context.request.query.end()) {
    filter.kind = procurement::parse_organization_kind(kind->second);
    if (!filter.kind) return error_response(context, error::rule("/query/kind", "unknown organization kind"));
  }
  if (const auto region = context.request.query.find("region"); region != context.request.query.end())
    filter.region = region->second;
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    const auto found = work.organizations().list(filter, *page);
    boost::json::array items;
    for (const auto& organization : found.items) items.push_back(to_json(organization));
    return json_response(200, page_json(std::move(items), found.next_key));
  });
}

http_response register_organization(request_context& context) {
  const auto& body = context.body.as_object();
  const procurement::organization_input input{string_field(body, "kind"), string_field(body, "name"),
                                              string_field(body, "credit_code"), string_field(body, "region")};
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto created = procurement::register_organization(work.organizations(), input, context.now);
    if (!created) return created.failure();
    return write_outcome{201, to_json(*created), "organization.register", "organization", created->id, std::nullopt,
                         "/api/v1/organizations/" + created->id, {}};
  });
}

http_response get_organization(request_context& context) {
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    const auto found = work.organizations().find(context.param("id"));
    if (!found) return error::not_found("no organization " + context.param("id"));
    return json_response(200, to_json(*found));
  });
}

http_response get_profile(request_context& context) {
  const auto& organization_id = context.param("id");
  std::optional<std::int64_t> wanted_version;
  if (const auto version = context.request.query.find("version"); version != context.request.query.end()) {
    wanted_version = parse_positive_integer(version->second);
    if (!wanted_version) return error_response(context, error::rule("/query/version", "version must be a positive integer"));
  }
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    if (!access::may_read_profile(context.caller, organization_id) && !may_review_bidder(context, work, organization_id))
      return error::forbidden("a profile is read by the supplier itself, the platform's overseers, and the purchaser "
                              "and panel of a tender it bid on, once opened");
    const auto found = wanted_version ? work.profiles().version(organization_id, *wanted_version)
                                      : work.profiles().latest(organization_id);
    if (!found) return error::not_found("no profile version for organization " + organization_id);
    auto response = json_response(200, to_json(*found));
    response.with_header("ETag", etag_of(found->version));
    return response;
  });
}

http_response put_profile(request_context& context) {
  const auto& organization_id = context.param("id");
  if (!access::may_write_profile(context.caller, organization_id))
    return error_response(context, error::forbidden("only the supplier's own accounts change its profile"));
  const auto expected = context.request.header("if-match");
  // The first version has nothing to match: "If-Match: \"0\"" or no header at all creates it.
  std::int64_t expected_version = 0;
  if (expected) {
    const auto version = required_if_match(context);
    if (!version) return error_response(context, version.failure());
    expected_version = *version;
  }
  auto proposed = profile_from_json(context.body.as_object(), organization_id);
  proposed.created_by = context.caller->account_id;
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    if (!expected && work.profiles().latest(organization_id))
      return error::make(error_kind::precondition_required,
                         "the profile exists: send If-Match with the ETag you read to replace it");
    auto saved = procurement::update_profile(work.organizations(), work.profiles(), proposed, expected_version,
                                             context.now);
    if (!saved) return saved.failure();
    return write_outcome{200, to_json(*saved), "profile.update", "supplier_profile", organization_id, std::nullopt, {},
                         etag_of(saved->version)};
  });
}

http_response issue_token(request_context& context) {
  const auto& body = context.body.as_object();
  procurement::token_request request;
  request.role = string_field(body, "role");
  request.display_name = string_field(body, "display_name");
  request.valid_days = integer_field(body, "valid_days", 90);
  request.account_id = string_field(body, "account_id");
  if (const auto* employers = body.if_contains("recent_employer_ids"))
    for (const auto& id : employers->as_array()) request.recent_employer_ids.emplace_back(id.as_string());
  std::string secret = "prc_" + crypto::random_hex(32);
  std::string secret_hash = crypto::sha256_hex(secret);
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto issued = procurement::issue_token(work.organizations(), work.accounts(), context.param("id"), request, secret,
                                           secret_hash, context.now);
    if (!issued) return issued.failure();
    boost::json::object shown{{"token_id", issued->stored.id},
                              {"account", to_json(issued->holder)},
                              {"expires_at", format_rfc3339(issued->stored.expires_at)}};
    write_outcome outcome{201, shown, "token.issue", "token", issued->stored.id, std::nullopt, {}, {}, shown};
    // The secret is shown once, in this response only; the audit entry records the state without it.
    outcome.body.as_object()["token"] = issued->secret;
    return outcome;
  });
}

http_response revoke_token(request_context& context) {
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto revoked = procurement::revoke_token(work.accounts(), context.param("id"), context.now);
    if (!revoked) return revoked.failure();
    boost::json::object body{{"token_id", revoked->id},
                             {"account_id", revoked->account_id},
                             {"revoked_at", format_rfc3339(*revoked->revoked_at)}};
    return write_outcome{200, body, "token.revoke", "token", revoked->id, std::nullopt, {}, {}};
  });
}

}  // namespace procura::api::handlers
