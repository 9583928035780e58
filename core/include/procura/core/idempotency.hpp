#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "procura/core/time.hpp"

/// Idempotency-Key support for creating POSTs: the first response is stored in the same
/// transaction as the change it reports, so a retry can never create a second object.
namespace procura::idempotency {

struct stored_response {
  std::string request_hash;  ///< SHA-256 of method, path and body of the first request
  int status = 0;
  std::string body;
  std::string location;
  timestamp created_at;
};

class store {
 public:
  virtual ~store() = default;
  virtual std::optional<stored_response> find(std::string_view account_id, std::string_view key) = 0;
  virtual void save(std::string_view account_id, std::string_view key, const stored_response& response) = 0;
};

}  // namespace procura::idempotency
