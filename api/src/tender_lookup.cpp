#include "tender_lookup.hpp"

#include "access.hpp"
#include "bids_json.hpp"
#include "procura/procurement/opening.hpp"
#include "procura/procurement/panel.hpp"
#include "use_case.hpp"

namespace procura::api {

result<procurement::tender> visible_tender(request_context& context, unit_of_work& work) {
  auto found = work.tenders().find(context.param("id"));
  if (!found ||
      !access::may_see_tender(context.caller, found->purchaser_id, found->state == procurement::tender_state::draft))
    return error::not_found("no tender " + context.param("id"));
  return std::move(*found);
}

result<procurement::tender> owned_tender(request_context& context, unit_of_work& work) {
  auto found = work.tenders().find(context.param("id"));
  if (!found || !access::owns_tender(context.caller, found->purchaser_id))
    return error::not_found("no tender " + context.param("id"));
  if (auto stale = stale_if_match(context, found->version, "tender")) return *stale;
  return std::move(*found);
}

bool on_panel(request_context& context, unit_of_work& work, const procurement::tender& t) {
  if (!context.caller || context.caller->role != role::expert) return false;
  for (const auto& member : work.panel().members(t.id))
    if (member.account_id == context.caller->account_id && member.active()) return true;
  return false;
}

bool sitting_on_panel(request_context& context, unit_of_work& work, const procurement::tender& t) {
  if (!context.caller || context.caller->role != role::expert) return false;
  for (const auto& member : procurement::sitting_members(work.panel().members(t.id)))
    if (member.account_id == context.caller->account_id) return true;
  return false;
}

bool may_read_whole_bids(request_context& context, unit_of_work& work, const procurement::tender& t) {
  if (procurement::bids_are_sealed(t)) return false;
  return access::owns_tender(context.caller, t.purchaser_id) || access::may_read_audit(context.caller) ||
         on_panel(context, work, t);
}

bool may_review_bidder(request_context& context, unit_of_work& work, const std::string& supplier_id) {
  if (!context.caller || (context.caller->role != role::purchaser && context.caller->role != role::expert)) return false;
  for (const auto& tender_id : work.bids().tender_ids_of_supplier(supplier_id)) {
    const auto t = work.tenders().find(tender_id);
    if (t && may_read_whole_bids(context, work, *t)) return true;
  }
  return false;
}

std::optional<procurement::ranking> conclude_if_ready(request_context& context, unit_of_work& work,
                                                      procurement::tender& t) {
  const auto bids = work.bids().of_tender(t.id);
  if (procurement::fail_if_competition_lost(work.tenders(), t, bids, context.now)) return std::nullopt;
  const auto members = work.panel().members(t.id);
  const auto scores = work.panel().scores(t.id);
  if (!procurement::ready_to_rank(t, bids, members, scores)) return std::nullopt;
  // Past performance comes from each supplier's final evaluations whose grade stood when bids
  // closed, as qualification is judged then: the day the panel finishes decides nothing.
  const procurement::track_record_lookup track_record = [&work, &t](const std::string& supplier_id) {
    return evaluation::track_record_scores(work.evaluations().of_supplier(supplier_id), t.terms.deadline);
  };
  auto concluded = procurement::conclude_evaluation(work.tenders(), work.rankings(), work.profiles(), t, bids, scores,
                                                    track_record, work.audit().head_hash(), context.now);
  if (!concluded) return std::nullopt;
  if (auto reloaded = work.tenders().find(t.id)) t = std::move(*reloaded);
  return std::move(*concluded);
}

boost::json::value audit_state_with_report(boost::json::object recorded, const std::optional<procurement::ranking>& concluded,
                                           const procurement::tender& t, unit_of_work& work) {
  if (concluded) recorded["panel_report"] = to_json(*concluded, t, work.panel().scores(t.id));
  return recorded;
}

}  // namespace procura::api
