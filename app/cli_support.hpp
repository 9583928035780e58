#pragma once
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <stdexcept>
#include <string>

#include "procura/api/gateway.hpp"
#include "procura/core/principal.hpp"

namespace procura::app {

/// A command-line failure: printed as "procura: <message>" with exit status 1.
struct command_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Throws command_error, naming `procura init`, when there is no database file at `db`.
void require_existing(const std::string& db);

/// The principal the CLI acts as: an administrator whose audit entries read "cli".
principal cli_principal();

/// Calls the API in-process and returns the parsed JSON body; throws command_error with the
/// API's own problem detail (and every field error) when the status is not the expected one.
boost::json::value call_expecting(api::gateway& api, unsigned expected_status, const std::string& method,
                                  const std::string& target, const std::string& body,
                                  const std::optional<principal>& as);

/// As call_expecting, for a caller that needs only the status: the body is parsed only to name
/// a refusal.
void require_status(api::gateway& api, unsigned expected_status, const std::string& method, const std::string& target,
                    const std::string& body, const std::optional<principal>& as);

/// An amount in whole yuan as the API's money object (fen, CNY).
boost::json::object money_of(std::int64_t yuan);

/// The id of the platform organization, or nothing before `procura init`.
std::optional<std::string> platform_organization_id(api::gateway& api);

}  // namespace procura::app
