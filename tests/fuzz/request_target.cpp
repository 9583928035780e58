// fuzz_request: bytes → Beast's HTTP request parser (the server's limits) → the server's
// conversion → router::handle against a seeded SQLite store. Routing, authentication, content
// type, JSON parsing, schema validation, the handlers, the domain rules and storage all run.
// A crash, a sanitizer report or a 500 (an exception escaped a handler) fails the run.
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http.hpp>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "router.hpp"
#include "seeded_system.hpp"

namespace {

namespace http = boost::beast::http;

// As api/src/server.cpp and server_options.
constexpr std::uint32_t header_limit = 16 * 1024;
constexpr std::uint64_t body_limit = 1024 * 1024;
// Fuzzed writes pile up (tenders, bids, audit entries); every so many the database goes back to
// its seeded state.
constexpr int writes_between_resets = 2000;

procura::fuzz::seeded_system& system_under_test() {
  static procura::fuzz::seeded_system system;
  return system;
}

/// Parses `bytes` as one request the way the session does; nothing when Beast refuses them
/// (the server then answers 400, 413 or 431 without calling the router).
std::optional<http::request<http::string_body>> parse_request(std::string_view bytes) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(header_limit);
  parser.body_limit(body_limit);
  parser.eager(true);
  boost::beast::error_code failure;
  while (!parser.is_done() && !bytes.empty()) {
    const std::size_t used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), failure);
    if (failure == http::error::need_more) break;
    if (failure) return std::nullopt;
    bytes.remove_prefix(used);
  }
  if (!parser.is_done()) {
    if (!parser.got_some()) return std::nullopt;  // put_eof requires a started message
    failure = {};
    parser.put_eof(failure);
    if (failure || !parser.is_done()) return std::nullopt;
  }
  return parser.release();
}

/// The session's conversion to the router's request (server.cpp, on_body), with the corpus's
/// placeholders replaced by the seeded tokens and ids.
procura::api::http_request convert(http::request<http::string_body>& message,
                                   const procura::fuzz::seeded_system& system) {
  procura::api::http_request converted;
  converted.method = std::string(message.method_string());
  converted.target = system.resolve(std::string(message.target()));
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    converted.headers[name] = system.resolve(std::string(field.value()));
  }
  converted.body = system.resolve(std::move(message.body()));
  return converted;
}

}  // namespace

// Seeding takes seconds; done before the first input so that it does not count against -timeout.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  system_under_test();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto& system = system_under_test();
  auto message = parse_request(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!message) return 0;
  auto request = convert(*message, system);
  if (!procura::api::parse_target(request.target, request)) return 0;

  const auto response = system.handle(request);
  if (response.status == 500) {
    std::fprintf(stderr, "500 for %s %s: %s\n", request.method.c_str(), request.target.c_str(), response.body.c_str());
    std::abort();
  }
  static int writes = 0;
  if (request.method != "GET" && request.method != "HEAD" && ++writes % writes_between_resets == 0) system.reset();
  return 0;
}
