#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "procura/core/time.hpp"

namespace procura {

/// What an account may do. Each role belongs to one kind of organization (see parties.hpp).
enum class role { admin, auditor, purchaser, supplier, expert, evaluator };

std::string_view to_string(role r);
std::optional<role> parse_role(std::string_view text);

/// The authenticated caller of a use case: one account acting for one organization.
struct principal {
  std::string account_id;
  std::string organization_id;
  procura::role role = role::supplier;
};

}  // namespace procura
