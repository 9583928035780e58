#pragma once
#include <boost/json.hpp>

#include <string>
#include <vector>

#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace procura::testing {

/// A running server with an admin client, and helpers that set up parties through the API.
struct api_fixture {
  api_fixture() = default;
  explicit api_fixture(const server_process::options& settings) : server(settings) {}

  server_process server;
  http_client client{server.port()};

  const std::string& admin() const { return server.admin_token(); }

  /// Registers an organization and returns its id (fails the test otherwise).
  std::string create_organization(const std::string& kind, const std::string& name, const std::string& credit_code,
                                  const std::string& region = "310000");

  /// Issues a token for a new account of `organization_id` and returns the secret.
  std::string issue_token(const std::string& organization_id, const std::string& role,
                          const boost::json::array& recent_employers = {});

  /// The actions of the audit entries about one entity, oldest first (the whole chain is read).
  std::vector<std::string> audited_actions(const std::string& entity_type, const std::string& entity_id);
};

/// A valid credit code with the given 17-character stem (the check character is computed).
std::string valid_credit_code(const std::string& first_seventeen);

/// What an observer of a reply can compare: status, every header but Date and X-Request-Id, and
/// the body without the problem's request id, with `id` (when given) blanked to "<id>".
std::string observable(const http_reply& reply, const std::string& id = {});

/// True when the problem+json body names `pointer` among its errors.
bool names_pointer(const http_reply& reply, const std::string& pointer);

}  // namespace procura::testing
