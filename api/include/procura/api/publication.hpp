#pragma once
#include <optional>
#include <string>

namespace procura::api {

/// Who publishes the open data, and where it lives (SPEC §3.9: the ocid prefix is
/// configurable). A publisher registers its own prefix with the OCDS data support team;
/// the default is for trials and demos only.
struct publication {
  std::string ocid_prefix = "ocds-procura";
  std::string publisher_name = "procura";
  /// The public address of the API, such as "https://procura.example.gov.cn", used in package
  /// URIs and document URLs. Empty: the request's Host when served, http://127.0.0.1 when
  /// exported.
  std::string public_url;
};

/// Why `settings` cannot be published under, or nothing when it can.
std::optional<std::string> publication_error(const publication& settings);

}  // namespace procura::api
