#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace procura::api {

/// A request as the router and handlers see it: no Beast types, so that handlers compile fast
/// and stay testable.
struct http_request {
  std::string method;  ///< "GET", "POST", …
  std::string target;  ///< path and query as received
  std::string path;    ///< decoded path without the query
  std::map<std::string, std::string> query;    ///< decoded query parameters (last one wins)
  std::map<std::string, std::string> headers;  ///< lower-case names
  std::string body;

  [[nodiscard]] std::optional<std::string_view> header(std::string_view lower_case_name) const {
    const auto found = headers.find(std::string(lower_case_name));
    if (found == headers.end()) return std::nullopt;
    return found->second;
  }
};

/// A byte range of a file to send as the body (downloads), instead of `body`.
struct file_part {
  std::string path;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

struct http_response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<file_part> file;  ///< when set, the body is this part of a file
  std::string route = "unmatched";  ///< the route pattern that served it (for metrics; not sent)
  /// The transaction holding the change this response reports (0: it reports none); the
  /// server sends it only once that transaction is durable (store::when_durable).
  std::uint64_t commit_ticket = 0;
  /// A transaction this response's outcome was read from without being its own change (the
  /// token lookup on the writer sees the open group): the server sends it only once that
  /// transaction is durable too (0: none).
  std::uint64_t awaits_ticket = 0;
  /// When its use case began, for the write-transaction latency (until durable).
  std::chrono::steady_clock::time_point write_began{};

  http_response& with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

}  // namespace procura::api
