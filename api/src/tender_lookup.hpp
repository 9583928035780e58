#pragma once
#include <boost/json/object.hpp>

#include "context.hpp"
#include "procura/core/result.hpp"
#include "procura/procurement/award.hpp"
#include "procura/procurement/tender.hpp"

/// Finding the tender a request is about, with the visibility rules applied in one place.
namespace procura::api {

/// The tender named by the path parameter `id` if the caller may see it (drafts only to their
/// purchaser); 404 otherwise.
result<procurement::tender> visible_tender(request_context& context, unit_of_work& work);

/// The tender if the caller is its purchaser; 404 otherwise, so that nobody learns about another
/// purchaser's drafts. 412 when an If-Match names another version (every purchaser action checks
/// it through here).
result<procurement::tender> owned_tender(request_context& context, unit_of_work& work);

/// Whether the caller sits on (or was appointed to) the tender's panel.
bool on_panel(request_context& context, unit_of_work& work, const procurement::tender& t);

/// Whether the caller is a panel member who declared no conflict: only such a member decides
/// anything about the bids (SPEC §3.5), as for the score sheets.
bool sitting_on_panel(request_context& context, unit_of_work& work, const procurement::tender& t);

/// Whether the caller may read whole bids of an opened tender: its purchaser, the panel,
/// administrators and auditors.
bool may_read_whole_bids(request_context& context, unit_of_work& work, const procurement::tender& t);

/// Whether the caller reviews one of `supplier_id`'s bids: the supplier has an active bid on an
/// opened tender whose whole bids the caller may read (its purchaser, or its panel). Such a
/// reader may read the supplier's qualification profile, which the bids pin.
bool may_review_bidder(request_context& context, unit_of_work& work, const std::string& supplier_id);

/// Concludes the evaluation (the panel's report) when everything it needs is in: computes the
/// ranking with the audit chain's head hash as the draw seed. Returns the ranking if concluded.
std::optional<procurement::ranking> conclude_if_ready(request_context& context, unit_of_work& work,
                                                      procurement::tender& t);

/// The audit state of an action (`recorded`, its response body) that concluded the evaluation:
/// with the panel's report it produced (the ranking, its draw seed, every item score and every
/// expert's points), so that the chain binds the report when it is made, not only at the award.
/// Just `recorded` when nothing was concluded.
boost::json::value audit_state_with_report(boost::json::object recorded, const std::optional<procurement::ranking>& concluded,
                                           const procurement::tender& t, unit_of_work& work);

}  // namespace procura::api
