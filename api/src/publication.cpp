#include "procura/api/publication.hpp"

#include <algorithm>

namespace procura::api {

std::optional<std::string> publication_error(const publication& settings) {
  // OCDS: an ocid prefix is "ocds-" and a short lowercase alphanumeric code; an ocid is the
  // prefix, a dash and the local id, so the prefix itself must not end in a dash.
  const auto& prefix = settings.ocid_prefix;
  const auto code = prefix.size() > 5 ? std::string_view(prefix).substr(5) : std::string_view{};
  const bool lowercase_alphanumeric = std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
  if (!prefix.starts_with("ocds-") || code.empty() || !lowercase_alphanumeric)
    return "the ocid prefix is \"ocds-\" and lowercase letters or digits, such as ocds-213czf (got \"" + prefix + "\")";
  if (settings.publisher_name.empty()) return "the publisher's name must not be empty";
  const auto& url = settings.public_url;
  if (!url.empty()) {
    if (!url.starts_with("http://") && !url.starts_with("https://"))
      return "the public URL starts with http:// or https:// (got \"" + url + "\")";
    if (url.ends_with('/')) return "the public URL has no trailing slash (got \"" + url + "\")";
    if (url.find_first_of(" ?#") != std::string::npos)
      return "the public URL is a scheme and host, with an optional path, and nothing else (got \"" + url + "\")";
  }
  return std::nullopt;
}

}  // namespace procura::api
