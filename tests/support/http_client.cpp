#include "http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

namespace procura::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;

struct http_client::connection {
  asio::io_context io;
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;
  bool open = false;
};

boost::json::value http_reply::json() const { return boost::json::parse(body); }

std::string http_reply::header(const std::string& lower_case_name) const {
  const auto found = headers.find(lower_case_name);
  return found == headers.end() ? std::string() : found->second;
}

http_client::http_client(std::uint16_t port) : port_(port), connection_(std::make_unique<connection>()) {}
http_client::~http_client() = default;

http_reply http_client::request(const std::string& method, const std::string& target, const std::string& body,
                                const std::string& token, const std::map<std::string, std::string>& headers) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto& c = *connection_;
    if (!c.open) {
      c.stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
      c.buffer.clear();
      c.open = true;
    }
    http::request<http::string_body> request(http::string_to_verb(method), target, 11);
    request.set(http::field::host, "127.0.0.1");
    if (!token.empty()) request.set(http::field::authorization, "Bearer " + token);
    if (!body.empty() && headers.find("Content-Type") == headers.end())
      request.set(http::field::content_type, "application/json");
    for (const auto& [name, value] : headers) request.set(name, value);
    request.body() = body;
    request.prepare_payload();
    c.stream.expires_after(std::chrono::seconds(60));
    beast::error_code failure;
    http::write(c.stream, request, failure);
    // A server may answer before reading the whole body (413) and stop reading: the write then
    // fails, but the response is there to be read.
    const bool write_cut_short = failure == asio::error::broken_pipe || failure == asio::error::connection_reset;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    parser.skip(method == "HEAD");
    if (!failure || write_cut_short) {
      failure = {};
      http::read(c.stream, c.buffer, parser, failure);
    }
    if (failure) {
      // The server closed an idle keep-alive connection: reconnect once.
      beast::error_code ignored;
      c.stream.socket().close(ignored);
      c.open = false;
      if (attempt == 0) continue;
      throw beast::system_error(failure);
    }
    auto response = parser.release();
    http_reply reply;
    reply.status = response.result_int();
    for (const auto& field : response) {
      std::string name(field.name_string());
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      reply.headers[name] = std::string(field.value());
    }
    reply.body = response.body();
    if (!response.keep_alive()) {
      beast::error_code ignored;
      c.stream.socket().close(ignored);
      c.open = false;
    }
    return reply;
  }
  return {};
}

http_reply http_client::post(const std::string& target, const boost::json::value& body, const std::string& token,
                             const std::map<std::string, std::string>& headers) {
  return request("POST", target, boost::json::serialize(body), token, headers);
}

}  // namespace procura::testing
