#include "problem.hpp"

#include <boost/json.hpp>

namespace procura::api {
namespace {

struct kind_row {
  error_kind kind;
  unsigned status;
  std::string_view slug;
  std::string_view title;
};

constexpr kind_row kinds[] = {
    {error_kind::malformed, 400, "malformed", "Malformed request"},
    {error_kind::unauthenticated, 401, "unauthenticated", "Authentication required"},
    {error_kind::forbidden, 403, "forbidden", "Not allowed"},
    {error_kind::not_found, 404, "not-found", "Not found"},
    {error_kind::method_not_allowed, 405, "method-not-allowed", "Method not allowed"},
    {error_kind::conflict, 409, "conflict", "Wrong state for this action"},
    {error_kind::precondition_failed, 412, "stale", "The resource changed since it was read"},
    {error_kind::too_large, 413, "too-large", "Request body too large"},
    {error_kind::unsupported_media, 415, "unsupported-media-type", "Unsupported media type"},
    {error_kind::rule_violated, 422, "rule-violated", "The request breaks a rule"},
    {error_kind::precondition_required, 428, "if-match-required", "If-Match required"},
    {error_kind::too_many_requests, 429, "too-many-requests", "Too many requests"},
    {error_kind::header_too_large, 431, "header-too-large", "Request header fields too large"},
    {error_kind::unavailable, 503, "unavailable", "Server busy"},
    {error_kind::internal, 500, "internal", "Internal error"},
};

const kind_row& row_of(error_kind kind) {
  for (const auto& row : kinds)
    if (row.kind == kind) return row;
  return kinds[std::size(kinds) - 1];
}

}  // namespace

unsigned status_of(error_kind kind) { return row_of(kind).status; }

http_response problem_response(const error& failure, std::string_view request_id) {
  const auto& row = row_of(failure.kind);
  boost::json::object body;
  body["type"] = "/problems/" + std::string(row.slug);
  body["title"] = row.title;
  body["status"] = row.status;
  if (failure.kind == error_kind::internal) {
    body["detail"] = "an internal error occurred; quote the request id when reporting it";
  } else {
    body["detail"] = failure.detail;
  }
  body["request_id"] = request_id;
  if (!failure.fields.empty()) {
    boost::json::array errors;
    for (const auto& field : failure.fields) errors.push_back({{"pointer", field.pointer}, {"message", field.message}});
    body["errors"] = std::move(errors);
  }
  http_response response;
  response.status = row.status;
  response.content_type = "application/problem+json";
  response.body = boost::json::serialize(body);
  return response;
}

}  // namespace procura::api
