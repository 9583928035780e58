#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "http_message.hpp"

namespace procura::api {

/// What the head of a response depends on besides the handler's response itself.
struct response_framing {
  unsigned version = 11;        ///< the request's HTTP version: 10 or 11
  bool keep_alive = true;       ///< whether the connection stays open after this response
  std::size_t content_length = 0;
};

/// The status line and header fields of `response`, ending with the blank line, in one text that
/// goes out in the same write as the body. The bytes are what Beast's serializer wrote for the
/// same message (a test compares them): Server, Content-Type, X-Request-Id and Cache-Control
/// first, then the response's own fields (a later field replaces an earlier one of the same name,
/// case-insensitively, and moves to the end), then Connection when keep-alive needs saying, then
/// Content-Length. Beast's serializer walked a chain of buffer views for each write and was a
/// fifth of a GET's instructions (docs/performance.md).
std::string render_response_head(const http_response& response, std::string_view request_id,
                                 const response_framing& framing);

}  // namespace procura::api
