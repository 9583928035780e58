#include "use_case.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>

#include "json_support.hpp"
#include "metrics.hpp"

#include <chrono>
#include "problem.hpp"
#include "procura/core/crypto.hpp"

namespace procura::api {
namespace {

constexpr std::size_t max_idempotency_key_length = 255;

bool is_acceptable_key(std::string_view key) {
  if (key.empty() || key.size() > max_idempotency_key_length) return false;
  for (const char c : key)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}

http_response replay(const idempotency::stored_response& stored) {
  http_response response;
  response.status = static_cast<unsigned>(stored.status);
  response.body = stored.body;
  if (!stored.location.empty()) response.with_header("Location", stored.location);
  response.with_header("Idempotent-Replayed", "true");
  return response;
}

}  // namespace

http_response error_response(const request_context& context, const error& failure) {
  return problem_response(failure, context.request_id);
}

std::uint64_t commit_to_await(const http_response& response, store& database) {
  return std::max({response.commit_ticket, response.awaits_ticket, database.last_committed()});
}

http_response undurable_write_response(const http_response& written, const std::string& request_id) {
  auto response = problem_response(error::make(error_kind::internal, ""), request_id);
  // Unlike other internal errors this detail hides nothing and tells the client what to do:
  // nothing was stored, under its Idempotency-Key either, so the same request may be sent again.
  auto body = boost::json::parse(response.body).as_object();
  body["detail"] = "the change could not be saved (the server's log says why), so none of it was kept; send it again";
  response.body = boost::json::serialize(body);
  response.route = written.route;
  return response;
}

namespace {

/// What a replay must match: the method, the path and the body, canonical JSON for a JSON body;
/// an upload's raw bytes with the headers that name and type them (its JSON body is empty).
std::string hash_of_request(const request_context& context) {
  const auto& request = context.request;
  std::string content = request.method + " " + request.path + "\n";
  if (context.matched.upload) {
    for (const auto* header : {"content-type", "x-file-name", "content-disposition"})
      content += std::string(request.header(header).value_or("")) + "\n";
    content += request.body;
  } else {
    content += canonical_json(context.body);
  }
  return crypto::sha256_hex(content);
}

}  // namespace

http_response run_write(request_context& context,
                        const std::function<result<write_outcome>(unit_of_work&)>& use_case) {
  std::optional<std::string> key;
  if (context.matched.creates && context.caller) {
    if (const auto header = context.request.header("idempotency-key")) {
      if (!is_acceptable_key(*header))
        return error_response(context, error::rule("/headers/Idempotency-Key",
                                                   "Idempotency-Key must be 1 to 255 visible ASCII characters"));
      key = std::string(*header);
    }
  }
  const std::string request_hash = key ? hash_of_request(context) : std::string();

  std::optional<http_response> response;
  const auto began = std::chrono::steady_clock::now();
  const auto ticket = context.app.database.execute([&](unit_of_work& work) {
    if (key) {
      if (const auto stored = work.idempotency().find(context.caller->account_id, *key)) {
        if (stored->request_hash != request_hash) {
          response = error_response(
              context, error::rule("/headers/Idempotency-Key",
                                   "this Idempotency-Key was already used with a different request"));
        } else {
          response = replay(*stored);
        }
        return false;
      }
    }
    auto outcome = use_case(work);
    if (!outcome) {
      response = error_response(context, outcome.failure());
      return false;
    }
    audit::record entry{context.caller ? context.caller->account_id : std::string("anonymous"),
                        outcome->action,
                        outcome->entity_type,
                        outcome->entity_id,
                        canonical_json(outcome->audit_state ? *outcome->audit_state : outcome->body),
                        outcome->sealed_by};
    work.audit().append(entry, context.now);
    for (const auto& change : outcome->related)
      work.audit().append({entry.actor, change.action, change.entity_type, change.entity_id, canonical_json(change.state),
                           std::nullopt},
                          context.now);
    http_response made = json_response(outcome->status, outcome->body);
    if (!outcome->location.empty()) made.with_header("Location", outcome->location);
    if (!outcome->etag.empty()) made.with_header("ETag", outcome->etag);
    if (key)
      work.idempotency().save(context.caller->account_id, *key,
                              {request_hash, static_cast<int>(made.status), made.body, outcome->location, context.now});
    response = std::move(made);
    return true;
  });
  // Even a refusal or a replay waits: it may rest on a change of the group not yet durable.
  response->commit_ticket = ticket;
  response->write_began = began;
  return std::move(*response);
}

http_response run_read(request_context& context,
                       const std::function<result<http_response>(unit_of_work&)>& query) {
  std::optional<http_response> response;
  context.app.database.read([&](unit_of_work& work) {
    auto outcome = query(work);
    response = outcome ? std::move(*outcome) : error_response(context, outcome.failure());
  });
  return std::move(*response);
}

result<std::int64_t> required_if_match(const request_context& context) {
  const auto header = context.request.header("if-match");
  if (!header)
    return error::make(error_kind::precondition_required,
                       "send If-Match with the ETag you read, so that a concurrent change is not overwritten");
  std::string_view text = *header;
  if (text.starts_with("W/")) text.remove_prefix(2);
  std::int64_t version = 0;
  if (text.size() < 3 || text.front() != '"' || text.back() != '"')
    return error::make(error_kind::precondition_failed, "If-Match does not name a current version");
  const auto digits = text.substr(1, text.size() - 2);
  const auto [end, status] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (status != std::errc{} || end != digits.data() + digits.size())
    return error::make(error_kind::precondition_failed, "If-Match does not name a current version");
  return version;
}

std::optional<error> stale_if_match(const request_context& context, std::int64_t current, std::string_view what) {
  const auto header = context.request.header("if-match");
  if (!header || *header == "*") return std::nullopt;
  const auto named = required_if_match(context);
  if (!named) return named.failure();
  if (*named == current) return std::nullopt;
  return error::make(error_kind::precondition_failed, "the " + std::string(what) + " changed since you read it (version " +
                                                          std::to_string(current) + " now, If-Match names " +
                                                          std::to_string(*named) + "): read it again before acting");
}

std::string etag_of(std::int64_t version) { return "\"" + std::to_string(version) + "\""; }

}  // namespace procura::api
