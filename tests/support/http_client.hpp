#pragma once
#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace procura::testing {

struct http_reply {
  unsigned status = 0;
  std::map<std::string, std::string> headers;  ///< lower-case names
  std::string body;

  /// The body parsed as JSON (throws when it is not JSON).
  [[nodiscard]] boost::json::value json() const;
  [[nodiscard]] std::string header(const std::string& lower_case_name) const;
};

/// A small blocking HTTP/1.1 client over Beast for the end-to-end tests: one keep-alive
/// connection to 127.0.0.1:port, reopened when the server closes it.
class http_client {
 public:
  explicit http_client(std::uint16_t port);
  ~http_client();
  http_client(const http_client&) = delete;
  http_client& operator=(const http_client&) = delete;

  /// Sends one request. `token` adds "Authorization: Bearer"; a non-empty body is sent with
  /// Content-Type application/json unless `headers` names another.
  http_reply request(const std::string& method, const std::string& target, const std::string& body = {},
                     const std::string& token = {}, const std::map<std::string, std::string>& headers = {});

  http_reply get(const std::string& target, const std::string& token = {}) { return request("GET", target, {}, token); }
  http_reply post(const std::string& target, const boost::json::value& body, const std::string& token = {},
                  const std::map<std::string, std::string>& headers = {});

 private:
  struct connection;
  std::uint16_t port_;
  std::unique_ptr<connection> connection_;
};

}  // namespace procura::testing
