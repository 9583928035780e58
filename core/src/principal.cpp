#include "procura/core/principal.hpp"

#include <array>
#include <utility>

namespace procura {
namespace {
constexpr std::array<std::pair<role, std::string_view>, 6> role_names{{
    {role::admin, "admin"},
    {role::auditor, "auditor"},
    {role::purchaser, "purchaser"},
    {role::supplier, "supplier"},
    {role::expert, "expert"},
    {role::evaluator, "evaluator"},
}};
}  // namespace

std::string_view to_string(role r) {
  for (const auto& [value, name] : role_names)
    if (value == r) return name;
  return "unknown";
}

std::optional<role> parse_role(std::string_view text) {
  for (const auto& [value, name] : role_names)
    if (name == text) return value;
  return std::nullopt;
}

}  // namespace procura
