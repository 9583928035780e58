#include "response_head.hpp"

#include <boost/beast/http/status.hpp>

#include <algorithm>
#include <utility>
#include <vector>

namespace procura::api {
namespace {

bool same_field_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

using field = std::pair<std::string_view, std::string_view>;

/// Beast's `set`: the new field replaces every field of that name and goes to the end.
void set_field(std::vector<field>& fields, std::string_view name, std::string_view value) {
  std::erase_if(fields, [&](const field& f) { return same_field_name(f.first, name); });
  fields.emplace_back(name, value);
}

}  // namespace

std::string render_response_head(const http_response& response, std::string_view request_id,
                                 const response_framing& framing) {
  std::vector<field> fields;
  fields.reserve(8 + response.headers.size());
  fields.emplace_back("Server", "procura");
  fields.emplace_back("Content-Type", response.content_type);
  fields.emplace_back("X-Request-Id", request_id);
  fields.emplace_back("Cache-Control", "no-store");
  for (const auto& [name, value] : response.headers) set_field(fields, name, value);
  // HTTP/1.1 keeps the connection unless told; HTTP/1.0 closes it unless told.
  if (framing.version >= 11 && !framing.keep_alive) set_field(fields, "Connection", "close");
  if (framing.version < 11 && framing.keep_alive) set_field(fields, "Connection", "keep-alive");
  const std::string length = std::to_string(framing.content_length);
  set_field(fields, "Content-Length", length);

  const auto reason = boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(response.status));
  std::string head;
  std::size_t size = 32 + reason.size();
  for (const auto& [name, value] : fields) size += name.size() + value.size() + 4;
  head.reserve(size);
  head += framing.version >= 11 ? "HTTP/1.1 " : "HTTP/1.0 ";
  head += std::to_string(response.status);
  head += ' ';
  head.append(reason.data(), reason.size());
  head += "\r\n";
  for (const auto& [name, value] : fields) {
    head += name;
    head += ": ";
    head += value;
    head += "\r\n";
  }
  head += "\r\n";
  return head;
}

}  // namespace procura::api
