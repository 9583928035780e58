#pragma once
#include <boost/json/value.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "context.hpp"
#include "procura/core/result.hpp"

namespace procura::api {

/// Another entity a use case changed beside its own, in the same transaction: it gets an audit
/// entry of its own, so that its history (e.g. `GET /contracts/{id}/versions`) shows the change.
struct related_change {
  std::string action;       ///< e.g. "contract.cancel"
  std::string entity_type;
  std::string entity_id;
  boost::json::value state;  ///< the entity's representation after the change
};

/// What a writing handler returns: the response body and what the audit entry records.
/// The audit state is the canonical JSON of `body`, so the hash in the chain is the hash of
/// the representation the client received.
struct write_outcome {
  unsigned status = 200;
  boost::json::value body;
  std::string action;        ///< e.g. "organization.register"
  std::string entity_type;   ///< e.g. "organization"
  std::string entity_id;
  std::optional<std::string> sealed_by;  ///< tender id, for entries about sealed bids
  std::string location;      ///< Location header for 201
  std::string etag;          ///< ETag header, when the resource is versioned
  /// What the audit entry records when it must differ from `body`: a token's secret is shown
  /// once in the response and never stored, not even hashed into the chain; a bid submission
  /// records its receipt and an opening what it made public, not the documents again (decision 47).
  std::optional<boost::json::value> audit_state = std::nullopt;
  /// Recorded after the entry above, in the order given.
  std::vector<related_change> related = {};
};

/// Runs one writing use case in one IMMEDIATE transaction: the change, its audit entry and,
/// for creating routes with an Idempotency-Key, the stored first response all commit together
/// or not at all. An error result rolls everything back.
http_response run_write(request_context& context, const std::function<result<write_outcome>(unit_of_work&)>& use_case);

/// Runs a query on a read snapshot and maps an error to problem+json.
http_response run_read(request_context& context, const std::function<result<http_response>(unit_of_work&)>& query);

/// The version named by a required `If-Match: "N"` header: 428 when missing, 412 when malformed.
result<std::int64_t> required_if_match(const request_context& context);

/// 412 when the request carries an If-Match that does not name `current`, the version of the
/// resource it acts on (RFC 9110 §13.1.1; "*" matches any): an action sent on a resource the client
/// read is refused if it changed since. Without the header, nothing is checked.
std::optional<error> stale_if_match(const request_context& context, std::int64_t current, std::string_view what);

/// A strong ETag for a version number: "\"N\"".
std::string etag_of(std::int64_t version);

/// The response for an error.
http_response error_response(const request_context& context, const error& failure);

/// The commit a response must wait for before it goes out: its own write's transaction, or the
/// newest commit its reads may have seen (decision 46). The server's session and the in-process
/// gateway both wait for it.
std::uint64_t commit_to_await(const http_response& response, store& database);

/// What the client of a write gets instead of `written` when its group's commit failed.
http_response undurable_write_response(const http_response& written, const std::string& request_id);

}  // namespace procura::api
