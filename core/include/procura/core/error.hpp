#pragma once
#include <string>
#include <utility>
#include <vector>

namespace procura {

/// The kinds of failure a use case can report. The API maps each kind to one HTTP status in a
/// single table (api/src/problem.cpp); the domain never speaks HTTP.
enum class error_kind {
  malformed,              ///< the input cannot be read at all (400)
  unauthenticated,        ///< no or bad credentials (401)
  forbidden,              ///< known caller, not allowed (403)
  not_found,              ///< unknown, or not visible to this caller (404)
  method_not_allowed,     ///< the resource exists, the verb does not (405)
  conflict,               ///< the object is in the wrong state for this action (409)
  precondition_failed,    ///< stale If-Match (412)
  precondition_required,  ///< If-Match missing on an update (428)
  rule_violated,          ///< a business or legal rule refuses the input (422)
  too_large,              ///< body over the limit (413)
  unsupported_media,      ///< not JSON (415)
  too_many_requests,      ///< rate limit (429)
  header_too_large,       ///< request header fields over the limit (431)
  unavailable,            ///< the server cannot take the request now: too many connections (503)
  internal,               ///< a defect or an environment failure (500)
};

/// One field that broke a rule, named by JSON Pointer (RFC 6901) into the request body.
struct field_error {
  std::string pointer;
  std::string message;
};

/// A failure with a human-readable detail and, for validation, every offending field.
struct error {
  error_kind kind = error_kind::internal;
  std::string detail;
  std::vector<field_error> fields;

  static error make(error_kind kind, std::string detail) { return {kind, std::move(detail), {}}; }
  static error rule(std::string pointer, std::string message) {
    std::string detail = message;
    return {error_kind::rule_violated, std::move(detail), {{std::move(pointer), std::move(message)}}};
  }
  static error not_found(std::string what) { return {error_kind::not_found, std::move(what), {}}; }
  static error conflict(std::string detail) { return {error_kind::conflict, std::move(detail), {}}; }
  static error forbidden(std::string detail) { return {error_kind::forbidden, std::move(detail), {}}; }
};

/// Collects field errors so that one response can name every violation at once.
class validation_errors {
 public:
  void add(std::string pointer, std::string message) {
    fields_.push_back({std::move(pointer), std::move(message)});
  }
  [[nodiscard]] bool empty() const { return fields_.empty(); }
  /// The collected errors as one rule_violated error; call only when not empty.
  [[nodiscard]] error to_error(std::string detail = "the request breaks one or more rules") const {
    return {error_kind::rule_violated, std::move(detail), fields_};
  }

 private:
  std::vector<field_error> fields_;
};

}  // namespace procura
