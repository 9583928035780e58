#pragma once
#include <boost/json/value.hpp>

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http_message.hpp"
#include "procura/api/ports.hpp"
#include "procura/api/publication.hpp"
#include "procura/core/clock.hpp"
#include "procura/core/principal.hpp"
#include "procura/transparency/red_flags.hpp"

namespace procura::api {

class schema_registry;
class metrics;
class rate_limiter;
class response_cache;
struct route;

/// What every handler may use; immutable after start except through its own locking.
struct services {
  store& database;
  adjustable_clock& clock;
  const schema_registry& schemas;
  bool test_clock_enabled = false;
  transparency::thresholds red_flag_thresholds{};
  metrics* counters = nullptr;  ///< absent for in-process calls
  document_store* documents = nullptr;  ///< absent for in-process calls (no uploads there)
  rate_limiter* limiter = nullptr;      ///< per-account request rate; absent = unlimited
  std::size_t document_limit = std::size_t{50} * 1024 * 1024;
  /// Under --test-clock only: a named moment at which the server aborts, so that tests can
  /// crash it exactly there ("document-file-written": after a file is stored, before its row).
  std::string test_crash_point;
  /// Rendered public responses kept while provably fresh; absent for in-process calls and when
  /// the operator turned it off.
  response_cache* responses = nullptr;
  /// The ocid prefix, publisher and public address of the open data.
  publication open_data{};
};

/// One request on its way through a handler.
struct request_context {
  const http_request& request;
  const route& matched;
  services& app;
  std::string request_id;
  std::map<std::string, std::string, std::less<>> params;  ///< from the path pattern
  std::optional<principal> caller;                        ///< absent for anonymous callers
  boost::json::value body;                                ///< parsed and schema-checked
  timestamp now;                                          ///< read once per request

  [[nodiscard]] const std::string& param(std::string_view name) const { return params.find(name)->second; }
  [[nodiscard]] bool has_role(std::initializer_list<role> roles) const {
    if (!caller) return false;
    for (const role r : roles)
      if (caller->role == r) return true;
    return false;
  }
};

using handler_function = http_response (*)(request_context&);

/// Who may call a route at all; ownership is checked by the handler through access.hpp.
struct audience {
  bool anyone = false;       ///< public: no token needed
  std::vector<role> roles;   ///< otherwise one of these roles
};

/// One entry of the route table (routes.cpp): the API declared as data.
struct route {
  std::string_view method;
  std::string_view pattern;  ///< "/api/v1/organizations/{id}"
  handler_function handler;
  audience who;
  std::string_view summary;
  std::string_view tag;
  std::string_view request_schema;  ///< schemas/json/<name>.json, empty when there is no body
  bool creates = false;             ///< honours Idempotency-Key
  bool requires_if_match = false;   ///< an update: If-Match with the current ETag
  bool accepts_if_match = false;    ///< If-Match optional: when sent, it must name the current version
  std::size_t body_limit = 0;       ///< 0 = the server default
  bool upload = false;              ///< a raw document body: limited by services::document_limit
  bool test_clock_only = false;     ///< exists only under --test-clock
  std::string_view success_status = "200";
  std::vector<std::string_view> query_parameters = {};
  std::string_view read_conflict = {};  ///< when a GET answers 409 (the object is not yet in a state to show it)
};

/// The route table.
const std::vector<route>& routes();

}  // namespace procura::api
