#include "access.hpp"

namespace procura::api::access {

bool may_read_profile(const std::optional<principal>& caller, std::string_view organization_id) {
  if (!caller) return false;
  switch (caller->role) {
    case role::supplier: return caller->organization_id == organization_id;
    case role::admin:
    case role::auditor: return true;
    case role::purchaser:
    case role::expert:
    case role::evaluator: return false;
  }
  return false;
}

bool may_write_profile(const std::optional<principal>& caller, std::string_view organization_id) {
  return caller && caller->role == role::supplier && caller->organization_id == organization_id;
}

bool may_read_audit(const std::optional<principal>& caller) {
  return caller && (caller->role == role::admin || caller->role == role::auditor);
}

bool may_see_tender(const std::optional<principal>& caller, std::string_view purchaser_id, bool is_draft) {
  return !is_draft || owns_tender(caller, purchaser_id);
}

bool owns_tender(const std::optional<principal>& caller, std::string_view purchaser_id) {
  return caller && caller->role == role::purchaser && caller->organization_id == purchaser_id;
}

bool may_read_cost_estimate(const std::optional<principal>& caller, std::string_view purchaser_id,
                            bool named_by_visible_tender) {
  return named_by_visible_tender || owns_tender(caller, purchaser_id) || may_read_audit(caller);
}

}  // namespace procura::api::access
