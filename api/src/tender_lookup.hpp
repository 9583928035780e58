#pragma once
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
/// purchaser's drafts.
result<procurement::tender> owned_tender(request_context& context, unit_of_work& work);

/// Whether the caller sits on (or was appointed to) the tender's panel.
bool on_panel(request_context& context, unit_of_work& work, const procurement::tender& t);

/// Whether the caller may read whole bids of an opened tender: its purchaser, the panel,
/// administrators and auditors.
bool may_read_whole_bids(request_context& context, unit_of_work& work, const procurement::tender& t);

/// Concludes the evaluation (the panel's report) when everything it needs is in: computes the
/// ranking with the audit chain's head hash as the draw seed. Returns the ranking if concluded.
std::optional<procurement::ranking> conclude_if_ready(request_context& context, unit_of_work& work,
                                                      procurement::tender& t);

}  // namespace procura::api
