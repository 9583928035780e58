#include <boost/json.hpp>

#include "../access.hpp"
#include "../bids_json.hpp"
#include "../contracts_json.hpp"
#include "../handlers.hpp"
#include "../json_support.hpp"
#include "../procurement_json.hpp"
#include "../tender_lookup.hpp"
#include "../use_case.hpp"

namespace procura::api::handlers {

http_response get_ranking(request_context& context) {
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    auto t = visible_tender(context, work);
    if (!t) return t.failure();
    const auto found = work.rankings().find(t->id);
    if (!found) return error::conflict("there is no ranking yet: the panel has not reported");
    // Before the award the ranking is the panel's report to the purchaser; afterwards it is public.
    const bool published = t->state == procurement::tender_state::awarded || t->state == procurement::tender_state::contracted;
    if (!published && !may_read_whole_bids(context, work, *t))
      return error::conflict("the ranking is published with the award");
    return json_response(200, to_json(*found, *t, work.panel().scores(t->id)));
  });
}

http_response award_tender(request_context& context) {
  const auto& body = context.body.as_object();
  procurement::award_request request{string_field(body, "bid_id"), string_field(body, "reason"),
                                     bool_field(body, "winner_declined")};
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto t = owned_tender(context, work);
    if (!t) return t.failure();
    const auto found = work.rankings().find(t->id);
    if (!found) return error::conflict("there is no ranking yet: the panel has not reported");
    const auto challenges = work.challenges().of_tender(t->id);
    // A draft drawn from the award an upheld challenge overturned, or its winner declined, makes
    // way for the new award's.
    auto drafted = work.contracts().of_tender(t->id);
    if (drafted && drafted->state == contracts::contract_state::cancelled) drafted.reset();
    const procurement::award_contract contract{drafted && drafted->supplier_signed_at.has_value(),
                                               drafted && drafted->signed_by_both()};
    const bool winner_declined = request.winner_declined;
    auto awarded = procurement::award_tender(work.tenders(), *found, std::move(*t), std::move(request), challenges,
                                             contract, work.calendar().load(), context.now);
    if (!awarded) return awarded.failure();
    boost::json::object out{{"tender", to_json(*awarded, context.now)},
                            {"ranking", to_json(*found, *awarded, work.panel().scores(awarded->id))}};
    std::vector<related_change> related;
    if (drafted) {
      auto set_aside = contracts::cancel_for_new_award(
          work.contracts(), std::move(*drafted),
          (winner_declined ? "the winner declined to sign and the award was made again: "
                           : "the award was made again after a challenge of it was upheld: ") +
              awarded->award_reason,
          context.now);
      if (!set_aside) return set_aside.failure();
      out["cancelled_contract"] = to_json(*set_aside);
      // The contract's own history ends with its cancellation, not at the draft it was.
      related.push_back({"contract.cancel", "contract", set_aside->id, out["cancelled_contract"]});
    }
    write_outcome outcome{200, std::move(out), "tender.award", "tender", awarded->id, std::nullopt, {},
                          etag_of(awarded->version)};
    outcome.related = std::move(related);
    return outcome;
  });
}

http_response list_challenges(request_context& context) {
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    auto t = visible_tender(context, work);
    if (!t) return t.failure();
    const bool overseer = access::owns_tender(context.caller, t->purchaser_id) || access::may_read_audit(context.caller);
    boost::json::array items;
    for (const auto& c : work.challenges().of_tender(t->id)) {
      const bool own = context.caller && context.caller->organization_id == c.challenger_id;
      // Answered challenges are public; open ones only to the challenger and the purchaser.
      if (overseer || own || !c.open()) items.push_back(to_json(c, overseer || own));
    }
    return json_response(200, boost::json::object{{"items", std::move(items)}});
  });
}

http_response file_challenge(request_context& context) {
  const auto text = string_field(context.body.as_object(), "text");
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto t = visible_tender(context, work);
    if (!t) return t.failure();
    auto filed = procurement::file_challenge(work.challenges(), *t, work.bids().of_tender(t->id), *context.caller, text,
                                             work.calendar().load(), context.now);
    if (!filed) return filed.failure();
    return write_outcome{201, to_json(*filed, true), "challenge.file", "challenge", filed->id, std::nullopt,
                         "/api/v1/tenders/" + t->id + "/challenges", {}};
  });
}

http_response answer_challenge(request_context& context) {
  const auto& body = context.body.as_object();
  const auto answer = string_field(body, "answer");
  const bool upheld = bool_field(body, "upheld");
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto t = owned_tender(context, work);
    if (!t) return t.failure();
    auto found = work.challenges().find(context.param("cid"));
    if (!found || found->tender_id != t->id) return error::not_found("no challenge " + context.param("cid"));
    auto answered = procurement::answer_challenge(work.challenges(), std::move(*found), answer, upheld, context.now);
    if (!answered) return answered.failure();
    return write_outcome{200, to_json(*answered, true), "challenge.answer", "challenge", answered->id, std::nullopt,
                         {}, {}};
  });
}

}  // namespace procura::api::handlers
