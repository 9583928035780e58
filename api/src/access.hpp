#pragma once
#include <optional>
#include <string_view>

#include "procura/core/principal.hpp"

/// Ownership rules, in one place. The route table says which roles may call a route at all;
/// these functions say whether a caller may touch one particular object (SPEC §3.1).
namespace procura::api::access {

/// The supplier itself and the platform's overseers may read a supplier's profile at any time
/// (SPEC §4: "supplier (own)"); a purchaser or an expert only as a reader of one of its opened
/// bids (`tender_lookup.hpp`, `may_review_bidder`).
bool may_read_profile(const std::optional<principal>& caller, std::string_view organization_id);

/// Only the supplier's own accounts change its profile.
bool may_write_profile(const std::optional<principal>& caller, std::string_view organization_id);

/// The platform's administrators and auditors read the whole audit trail.
bool may_read_audit(const std::optional<principal>& caller);

/// A draft is visible only to its own purchaser; every later state is public.
bool may_see_tender(const std::optional<principal>& caller, std::string_view purchaser_id, bool is_draft);

/// Only the purchaser that owns a tender acts on it; others get 404 (they may not know a draft exists).
bool owns_tender(const std::optional<principal>& caller, std::string_view purchaser_id);

/// A cost estimate is the purchaser's working paper until a tender anyone may see names it as
/// the source of its budget ceiling: then anyone reads it, as the ceiling it explains. Before,
/// its purchaser's own accounts and overseers read it.
bool may_read_cost_estimate(const std::optional<principal>& caller, std::string_view purchaser_id,
                            bool named_by_visible_tender);

}  // namespace procura::api::access
