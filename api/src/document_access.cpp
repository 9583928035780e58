#include "document_access.hpp"

#include <algorithm>

#include "access.hpp"
#include "procura/procurement/bid.hpp"
#include "procura/procurement/clarification.hpp"
#include "tender_lookup.hpp"

namespace procura::api {
namespace {

using procurement::attachment_target;
using procurement::tender_state;

bool is_draft(const procurement::tender& t) { return t.state == tender_state::draft; }

bool may_see(const request_context& context, const procurement::tender& t) {
  return access::may_see_tender(context.caller, t.purchaser_id, is_draft(t));
}

bool caller_is(const request_context& context, const std::string& organization_id) {
  return context.caller && context.caller->organization_id == organization_id;
}

bool may_read_contract_reports(request_context& context, unit_of_work& work, const contracts::contract& c) {
  if (caller_is(context, c.purchaser_id) || caller_is(context, c.supplier_id) || access::may_read_audit(context.caller))
    return true;
  if (!context.caller || context.caller->role != role::evaluator) return false;
  const auto evaluations = work.evaluations().of_contract(c.id);
  return std::any_of(evaluations.begin(), evaluations.end(),
                     [&](const auto& e) { return e.evaluator_id == context.caller->organization_id; });
}

bool may_read_evaluation(const request_context& context, const evaluation::performance_evaluation& e) {
  if (e.state == evaluation::evaluation_state::finalized) return true;
  return caller_is(context, e.purchaser_id) || caller_is(context, e.supplier_id) ||
         (context.caller && context.caller->role == role::evaluator && caller_is(context, e.evaluator_id)) ||
         access::may_read_audit(context.caller);
}

bool may_read_bid(request_context& context, unit_of_work& work, const std::string& bid_id) {
  const auto b = work.bids().find(bid_id);
  if (!b) return false;
  const auto t = work.tenders().find(b->tender_id);
  if (!t) return false;
  const bool own = context.caller && context.caller->role == role::supplier && caller_is(context, b->supplier_id);
  if (procurement::bids_are_sealed(*t)) return own;
  // A bid withdrawn before the deadline was never opened: its documents stay with its bidder
  // and the overseers, as the bid does (handlers/bids.cpp).
  if (b->state != procurement::bid_state::active) return own || access::may_read_audit(context.caller);
  return own || may_read_whole_bids(context, work, *t);
}

}  // namespace

bool may_read_object(request_context& context, unit_of_work& work, attachment_target target,
                     const std::string& target_id) {
  switch (target) {
    case attachment_target::tender:
    case attachment_target::award: {
      const auto t = work.tenders().find(target_id);
      return t && may_see(context, *t);
    }
    case attachment_target::question: {
      const auto q = work.questions().find(target_id);
      if (!q) return false;
      const auto t = work.tenders().find(q->tender_id);
      return t && may_see(context, *t) && procurement::may_see_question(*q, *t, context.caller);
    }
    case attachment_target::bid:
      return may_read_bid(context, work, target_id);
    case attachment_target::contract:
    case attachment_target::contract_amendment:
      return work.contracts().find(target_id).has_value();  // contracts are public
    case attachment_target::report: {
      const auto r = work.reports().find(target_id);
      if (!r) return false;
      const auto c = work.contracts().find(r->contract_id);
      return c && may_read_contract_reports(context, work, *c);
    }
    case attachment_target::evaluation: {
      const auto e = work.evaluations().find(target_id);
      return e && may_read_evaluation(context, *e);
    }
  }
  return false;
}

bool may_read_attachment(request_context& context, unit_of_work& work, const procurement::attachment& a) {
  return may_read_object(context, work, a.target, a.target_id);
}

bool may_read_document(request_context& context, unit_of_work& work, const procurement::document& d) {
  if (caller_is(context, d.organization_id)) return true;
  const auto attachments = work.documents().attachments_of(d.id);
  return std::any_of(attachments.begin(), attachments.end(),
                     [&](const auto& a) { return may_read_attachment(context, work, a); });
}

result<std::string> attachable_object(request_context& context, unit_of_work& work, attachment_target target,
                                      const std::string& target_id, const std::string& part) {
  const auto not_found = [&] {
    return error::not_found("no " + std::string(procurement::to_string(target)) + " " + target_id);
  };
  switch (target) {
    case attachment_target::tender:
    case attachment_target::award: {
      const auto t = work.tenders().find(target_id);
      if (!t || !access::owns_tender(context.caller, t->purchaser_id)) return not_found();
      if (target == attachment_target::tender && t->state != tender_state::draft &&
          !(t->state == tender_state::published && !t->deadline_passed(context.now)))
        return error::conflict("tender files are attached to a draft, or to a published tender before its deadline "
                               "(as a clarification)");
      if (target == attachment_target::award &&
          !(t->state == tender_state::awarded || t->state == tender_state::contracted))
        return error::conflict("the tender has not been awarded");
      return t->id;
    }
    case attachment_target::question: {
      const auto q = work.questions().find(target_id);
      if (!q) return not_found();
      const auto t = work.tenders().find(q->tender_id);
      if (!t || !access::owns_tender(context.caller, t->purchaser_id)) return not_found();
      if (!q->answer) return error::conflict("answer the question first; the document goes with the answer");
      if (t->state != tender_state::published || t->deadline_passed(context.now))
        return error::conflict("the tender is no longer open for bids; its answers are closed");
      return t->id;
    }
    case attachment_target::bid:
      return error::rule("/target", "a bid's documents are part of the bid: list them in its \"attachments\" when "
                                    "submitting or replacing it, so that the receipt covers them");
    case attachment_target::contract:
    case attachment_target::contract_amendment: {
      const auto c = work.contracts().find(target_id);
      if (!c || !(caller_is(context, c->purchaser_id) || caller_is(context, c->supplier_id))) return not_found();
      if (target == attachment_target::contract_amendment) {
        const auto amendment = std::find_if(c->amendments.begin(), c->amendments.end(),
                                            [&](const auto& a) { return std::to_string(a.number) == part; });
        if (amendment == c->amendments.end()) return error::rule("/part", "contract " + c->id + " has no amendment " + part);
        // A declined or withdrawn proposal is no part of the contract: nothing more goes with it.
        if (amendment->ended)
          return error::conflict("amendment " + part + " was " + std::string(contracts::to_string(amendment->ended->kind)) +
                                 ": papers go with an amendment that is pending or agreed");
      }
      return c->tender_id;
    }
    case attachment_target::report: {
      const auto r = work.reports().find(target_id);
      if (!r) return not_found();
      const auto c = work.contracts().find(r->contract_id);
      if (!c || !caller_is(context, c->supplier_id)) return not_found();
      if (r->status != contracts::report_status::submitted)
        return error::conflict("documents go with a report while it waits for acceptance");
      return c->tender_id;
    }
    case attachment_target::evaluation: {
      const auto e = work.evaluations().find(target_id);
      if (!e || !context.caller || context.caller->role != role::evaluator || !caller_is(context, e->evaluator_id))
        return not_found();
      if (e->state == evaluation::evaluation_state::finalized && !(e->appealed && e->appealed->open()))
        return error::conflict("the evaluation is final; evidence is attached while scoring or answering an appeal");
      const bool leaf_exists = std::any_of(e->used.leaves.begin(), e->used.leaves.end(),
                                           [&](const auto& leaf) { return leaf.key == part; });
      if (!leaf_exists) return error::rule("/part", "the framework has no indicator " + part);
      return std::string();
    }
  }
  return not_found();
}

}  // namespace procura::api
