#pragma once
#include <boost/beast/http/message.hpp>

#include <string>

#include "http_message.hpp"

namespace procura::api {

/// The header fields every response carries, set on a Beast message: used for file bodies,
/// which Beast writes, and by the test that holds render_response_head to Beast's bytes.
template <class Body>
void set_response_fields(boost::beast::http::response<Body>& message, const http_response& response,
                         const std::string& request_id, bool keep_alive) {
  namespace http = boost::beast::http;
  message.set(http::field::server, "procura");
  message.set(http::field::content_type, response.content_type);
  message.set("X-Request-Id", request_id);
  message.set(http::field::cache_control, "no-store");
  for (const auto& [name, value] : response.headers) message.set(name, value);
  message.keep_alive(keep_alive);
}

}  // namespace procura::api
