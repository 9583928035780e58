#include <catch2/catch.hpp>

#include <boost/beast/http.hpp>

#include <sstream>
#include <string>

#include "beast_fields.hpp"
#include "response_head.hpp"

using procura::api::http_response;
using procura::api::render_response_head;
using procura::api::response_framing;

namespace {

namespace http = boost::beast::http;

/// The response as Beast's serializer writes it, with the fields the server sets on file
/// responses: the reference the hand-rendered bytes must equal.
std::string written_by_beast(const http_response& response, const std::string& request_id, unsigned version,
                             bool keep_alive, bool head_request) {
  http::response<http::string_body> message(static_cast<http::status>(response.status), version);
  procura::api::set_response_fields(message, response, request_id, keep_alive);
  if (!head_request) message.body() = response.body;
  message.prepare_payload();
  if (head_request) message.content_length(response.body.size());
  std::ostringstream out;
  out << message;
  return out.str();
}

std::string written_by_hand(const http_response& response, const std::string& request_id, unsigned version,
                            bool keep_alive, bool head_request) {
  const response_framing framing{version, keep_alive, response.body.size()};
  return render_response_head(response, request_id, framing) + (head_request ? std::string() : response.body);
}

}  // namespace

TEST_CASE("the hand-rendered response head is byte for byte what Beast's serializer wrote", "[api][http]") {
  http_response plain;
  plain.body = R"({"id":"tnd_1","title":"社区戒毒"})";

  http_response with_fields = plain;
  with_fields.status = 201;
  with_fields.with_header("Location", "/api/v1/tenders/tnd_1").with_header("ETag", "\"3\"");

  http_response replacing = plain;
  replacing.content_type = "text/html; charset=utf-8";
  replacing.with_header("cache-control", "public, max-age=3600")
      .with_header("X-Content-Type-Options", "nosniff")
      .with_header("ETag", "\"1\"")
      .with_header("etag", "\"2\"");

  http_response problem;
  problem.status = 409;
  problem.content_type = "application/problem+json";
  problem.body = R"({"type":"about:blank","status":409})";

  http_response not_modified;
  not_modified.status = 304;
  not_modified.with_header("ETag", "\"7\"");

  http_response unavailable = problem;
  unavailable.status = 503;
  unavailable.with_header("Retry-After", "1");

  http_response empty;
  empty.status = 204;

  for (const auto* response : {&plain, &with_fields, &replacing, &problem, &not_modified, &unavailable, &empty})
    for (unsigned version : {10u, 11u})
      for (bool keep_alive : {true, false})
        for (bool head_request : {false, true}) {
          INFO("status " << response->status << ", HTTP/" << version / 10 << "." << version % 10 << ", keep-alive "
                         << keep_alive << ", HEAD " << head_request);
          CHECK(written_by_hand(*response, "5f0c1e2d00000001", version, keep_alive, head_request) ==
                written_by_beast(*response, "5f0c1e2d00000001", version, keep_alive, head_request));
        }
}

TEST_CASE("the response head ends with one blank line and names the body's length", "[api][http]") {
  http_response response;
  response.body = std::string(1500, 'x');
  const auto head = render_response_head(response, "-", {11, true, response.body.size()});
  CHECK(head.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(head.find("\r\nContent-Length: 1500\r\n") != std::string::npos);
  CHECK(head.size() >= 4);
  CHECK(head.substr(head.size() - 4) == "\r\n\r\n");
  CHECK(head.find("\r\n\r\n") == head.size() - 4);
}
