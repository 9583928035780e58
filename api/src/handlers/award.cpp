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

namespace {

/// The tender's draft contract not cancelled, drawn from the award in force, with what awarding
/// again or failing needs to know of it.
struct drafted_contract {
  std::optional<contracts::contract> draft;
  procurement::award_contract state;
};

drafted_contract drafted_of(unit_of_work& work, const std::string& tender_id) {
  auto drafted = work.contracts().of_tender(tender_id);
  if (drafted && drafted->state == contracts::contract_state::cancelled) drafted.reset();
  const procurement::award_contract state{drafted && drafted->supplier_signed_at.has_value(),
                                          drafted && drafted->signed_by_both()};
  return {std::move(drafted), state};
}

/// Cancels the draft of an award set aside (`why` and the reason recorded), in the same
/// transaction, adding it to the response and the contract's own history.
status set_draft_aside(unit_of_work& work, drafted_contract& drafted, const std::string& why, timestamp now,
                       boost::json::object& out, std::vector<related_change>& related) {
  if (!drafted.draft) return done{};
  auto set_aside = contracts::cancel_for_new_award(work.contracts(), std::move(*drafted.draft), why, now);
  if (!set_aside) return set_aside.failure();
  out["cancelled_contract"] = to_json(*set_aside);
  // The contract's own history ends with its cancellation, not at the draft it was.
  related.push_back({"contract.cancel", "contract", set_aside->id, out["cancelled_contract"]});
  return done{};
}

}  // namespace

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
    auto drafted = drafted_of(work, t->id);
    const bool winner_declined = request.winner_declined;
    auto awarded = procurement::award_tender(work.tenders(), *found, std::move(*t), std::move(request), challenges,
                                             drafted.state, work.calendar().load(), context.now);
    if (!awarded) return awarded.failure();
    boost::json::object out{{"tender", to_json(*awarded, context.now)},
                            {"ranking", to_json(*found, *awarded, work.panel().scores(awarded->id))}};
    std::vector<related_change> related;
    const auto why = (winner_declined ? "the winner declined to sign and the award was made again: "
                                      : "the award was made again after a challenge of it was upheld: ") +
                     awarded->award_reason;
    if (auto set_aside = set_draft_aside(work, drafted, why, context.now, out, related); !set_aside)
      return set_aside.failure();
    write_outcome outcome{200, std::move(out), "tender.award", "tender", awarded->id, std::nullopt, {},
                          etag_of(awarded->version)};
    outcome.related = std::move(related);
    return outcome;
  });
}

http_response fail_award(request_context& context) {
  const auto& body = context.body.as_object();
  const auto reason = string_field(body, "reason");
  const bool winner_declined = bool_field(body, "winner_declined");
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto t = owned_tender(context, work);
    if (!t) return t.failure();
    auto drafted = drafted_of(work, t->id);
    const auto challenges = work.challenges().of_tender(t->id);
    auto failed = procurement::fail_award(work.tenders(), std::move(*t), reason, winner_declined, challenges,
                                          drafted.state, context.now);
    if (!failed) return failed.failure();
    boost::json::object out{{"tender", to_json(*failed, context.now)}};
    std::vector<related_change> related;
    if (auto set_aside = set_draft_aside(work, drafted, "the award was set aside and the procurement is done again: " +
                                                            failed->end_reason,
                                         context.now, out, related);
        !set_aside)
      return set_aside.failure();
    write_outcome outcome{200, std::move(out), "tender.failed", "tender", failed->id, std::nullopt, {},
                          etag_of(failed->version)};
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
