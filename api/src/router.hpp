#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "context.hpp"
#include "http_message.hpp"

namespace procura::api {

/// Finds the route for a request, authenticates, checks content type, parses and validates the
/// body, calls the handler and turns anything unexpected into a 500. The session never knows
/// routes; it hands every request here (Beast's handle_request seam).
class router {
 public:
  router(services& app, std::size_t default_body_limit);

  /// What the session must know before it reads a body: the limit of the route the request is
  /// for (the default when none matches), so that an oversized body is refused unread, and
  /// whether the route takes large bodies (a document, a salary table). Those are handled on
  /// the blocking pool: hashing megabytes and syncing a file would stall an I/O thread.
  struct body_rules {
    std::size_t limit = 0;
    bool large = false;
  };
  [[nodiscard]] body_rules rules_for_body(std::string_view method, std::string_view path) const;

  /// `acting_as`, when given, stands in for the bearer token (in-process calls by the CLI).
  http_response handle(const http_request& request, const std::string& request_id,
                       const std::optional<principal>& acting_as = std::nullopt);

 private:
  services& app_;
  std::size_t default_body_limit_;
  /// The routes a path of this many segments can match, in table order; empty past the longest.
  [[nodiscard]] const std::vector<std::size_t>& routes_with_segments(std::size_t count) const;

  /// The pattern of routes()[i], split into segments once.
  std::vector<std::vector<std::string_view>> patterns_;
  /// routes_with_segments(n) for each n: a request is matched against these only (a tenth of
  /// the table), not every route (docs/performance.md, round 4).
  std::vector<std::vector<std::size_t>> by_segment_count_;
};

/// Splits and decodes a request target into path and query (Boost.URL); false when malformed.
bool parse_target(std::string_view target, http_request& into);

}  // namespace procura::api
