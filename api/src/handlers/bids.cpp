#include <boost/json.hpp>

#include <functional>

#include "../access.hpp"
#include "../bids_json.hpp"
#include "../handlers.hpp"
#include "../json_support.hpp"
#include "../procurement_json.hpp"
#include "../tender_lookup.hpp"
#include "../use_case.hpp"
#include "procura/core/crypto.hpp"
#include "procura/procurement/opening.hpp"

namespace procura::api::handlers {
namespace {

using procurement::bid;

/// The one answer for a bid the caller may not see and for a bid that does not exist: the same
/// status, shape and text, so that an id answers nothing about other parties' bids.
error no_such_bid(const request_context& context) {
  return error::not_found("no bid " + context.param("bid") + " on tender " + context.param("id"));
}

/// Hashes a bid's receipt document for the domain, keeping the canonical text that the
/// response then shows as `hashed_document` (so it is written once per submission, not twice).
struct receipt_hasher {
  std::string hashed_document;
  std::string operator()(const bid& b) {
    hashed_document = canonical_json(receipt_document(b));
    return crypto::sha256_hex(hashed_document);
  }
};

/// The response to a submission or replacement: the bid, its receipt (with the exact document
/// hashed) and the staffing check.
write_outcome submission_outcome(unit_of_work& work, const procurement::tender& t,
                                 const bid& b, std::string hashed_document, std::string action, unsigned status) {
  const auto benchmarks = procurement::applicable_benchmark(work.benchmarks(), t.terms.region,
                                                            static_cast<int>(t.terms.service_start.year()));
  auto body = to_json(b);
  body["receipt"].as_object()["hashed_document"] = std::move(hashed_document);
  body["staffing_check"] = to_json(procurement::check_staffing(b.content, t, benchmarks));
  write_outcome outcome{status, std::move(body), std::move(action), "bid", b.id, t.id, {}, etag_of(b.version)};
  // The chain records the receipt, not the document again: the bid tables keep every version
  // and the receipt's hash binds it (decision 47).
  outcome.audit_state = receipt_record(b);
  if (status == 201) outcome.location = "/api/v1/tenders/" + t.id + "/bids/" + b.id;
  return outcome;
}

/// The caller's own bid named in the path, or the sealed 404.
result<bid> own_bid(request_context& context, unit_of_work& work) {
  auto found = work.bids().find(context.param("bid"));
  if (!found || found->tender_id != context.param("id") || !context.caller ||
      found->supplier_id != context.caller->organization_id)
    return no_such_bid(context);
  return std::move(*found);
}

/// Checks each listed document is the bidder's own upload and fills in its hash, which the
/// receipt then covers.
status resolve_attachments(unit_of_work& work, const principal& caller, procurement::bid_content& content) {
  for (std::size_t i = 0; i < content.attachments.size(); ++i) {
    auto& listed = content.attachments[i];
    const std::string at = "/attachments/" + std::to_string(i);
    const auto d = work.documents().find(listed.document_id);
    if (!d || d->organization_id != caller.organization_id)
      return error::rule(at + "/document_id", "no document " + listed.document_id + " uploaded by this supplier");
    if (auto fits = procurement::check_attachment(*d, procurement::attachment_target::bid, listed.document_type, "",
                                                  caller);
        !fits)
      return error::rule(at + "/document_type", fits.failure().detail);
    listed.sha256 = d->sha256;
  }
  return done{};
}

std::int64_t current_profile_version(unit_of_work& work, const std::string& supplier_id) {
  const auto profile = work.profiles().latest(supplier_id);
  return profile ? profile->version : 0;
}

}  // namespace

namespace {

/// A bid withdrawn before the deadline was never opened (it is handed back unopened): after the
/// opening, its bidder and the overseers see it, nobody else, whatever the tender's state.
bool unopened_bid_visible(const request_context& context, const procurement::bid& b) {
  return b.state == procurement::bid_state::active || access::may_read_audit(context.caller);
}

}  // namespace

http_response list_bids(request_context& context) {
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    auto t = visible_tender(context, work);
    if (!t) return t.failure();
    boost::json::array items;
    if (procurement::bids_are_sealed(*t)) {
      // Before opening a supplier sees only its own bids; nobody else learns anything, not
      // even whether any bid exists.
      if (!context.caller || context.caller->role != role::supplier)
        return error::conflict("bids are sealed until the tender is opened");
      for (const auto& b : work.bids().of_tender(t->id))
        if (b.supplier_id == context.caller->organization_id) items.push_back(to_json(b));
    } else {
      const bool whole = may_read_whole_bids(context, work, *t);
      for (const auto& b : work.bids().of_tender(t->id)) {
        const bool own = context.caller && b.supplier_id == context.caller->organization_id;
        if (!own && !unopened_bid_visible(context, b)) continue;
        items.push_back(whole || own ? to_json(b) : public_summary(b));
      }
    }
    return json_response(200, boost::json::object{{"items", std::move(items)}});
  });
}

http_response get_bid(request_context& context) {
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    auto t = visible_tender(context, work);
    if (!t) return t.failure();
    auto found = work.bids().find(context.param("bid"));
    if (!found || found->tender_id != t->id) return no_such_bid(context);
    const bool own = context.caller && context.caller->role == role::supplier &&
                     found->supplier_id == context.caller->organization_id;
    if (procurement::bids_are_sealed(*t) && !own) return no_such_bid(context);
    if (!own && !unopened_bid_visible(context, *found)) return no_such_bid(context);
    const bool whole = own || may_read_whole_bids(context, work, *t);
    auto response = json_response(200, whole ? to_json(*found) : public_summary(*found));
    response.with_header("ETag", etag_of(found->version));
    return response;
  });
}

http_response submit_bid(request_context& context) {
  const auto listed = bid_content_from_json(context.body.as_object());
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto t = visible_tender(context, work);
    if (!t) return t.failure();
    auto content = listed;
    if (auto resolved = resolve_attachments(work, *context.caller, content); !resolved) return resolved.failure();
    const auto supplier_id = context.caller->organization_id;
    receipt_hasher receipt;
    auto created = procurement::submit_bid(work.bids(), *t, supplier_id, current_profile_version(work, supplier_id),
                                           content, std::ref(receipt), context.now);
    if (!created) return created.failure();
    return submission_outcome(work, *t, *created, std::move(receipt.hashed_document), "bid.submit", 201);
  });
}

http_response replace_bid(request_context& context) {
  // Two tabs or two staff of one supplier must not overwrite each other's version unseen. The
  // missing header is refused before any lookup, so it says nothing about whether the bid exists.
  const auto expected = required_if_match(context);
  if (!expected) return error_response(context, expected.failure());
  const auto listed = bid_content_from_json(context.body.as_object());
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto t = visible_tender(context, work);
    if (!t) return t.failure();
    auto content = listed;
    if (auto resolved = resolve_attachments(work, *context.caller, content); !resolved) return resolved.failure();
    auto current = own_bid(context, work);
    if (!current) return current.failure();
    receipt_hasher receipt;
    auto replaced = procurement::replace_bid(work.bids(), *t, std::move(*current), *expected,
                                             current_profile_version(work, context.caller->organization_id), content,
                                             std::ref(receipt), context.now);
    if (!replaced) return replaced.failure();
    return submission_outcome(work, *t, *replaced, std::move(receipt.hashed_document), "bid.replace", 200);
  });
}

http_response withdraw_bid(request_context& context) {
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto t = visible_tender(context, work);
    if (!t) return t.failure();
    auto current = own_bid(context, work);
    if (!current) return current.failure();
    auto withdrawn = procurement::withdraw_bid(work.bids(), *t, std::move(*current), context.now);
    if (!withdrawn) return withdrawn.failure();
    return write_outcome{200, to_json(*withdrawn), "bid.withdraw", "bid", withdrawn->id, t->id, {}, {}};
  });
}

http_response open_tender(request_context& context) {
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto t = owned_tender(context, work);
    if (!t) return t.failure();
    auto opened = procurement::open_bids(work.tenders(), work.bids(), work.profiles(), work.catalogue(),
                                         std::move(*t), context.now);
    if (!opened) return opened.failure();
    boost::json::array bids;
    boost::json::array revealed;
    for (const auto& b : opened->bids) {
      bids.push_back(to_json(b));
      revealed.push_back(public_summary(b));
    }
    auto tender = to_json(opened->opened, context.now);
    // The chain records what the opening made public; each bid's whole document is already
    // bound by its receipt in the chain (decision 47).
    boost::json::object audit_state{{"tender", tender}, {"bids", std::move(revealed)}};
    boost::json::object body{{"tender", std::move(tender)}, {"bids", std::move(bids)}};
    return write_outcome{200, std::move(body), "tender.open", "tender", opened->opened.id, std::nullopt, {},
                         etag_of(opened->opened.version), std::move(audit_state)};
  });
}

http_response get_qualification(request_context& context) {
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    auto t = visible_tender(context, work);
    if (!t) return t.failure();
    if (!may_read_whole_bids(context, work, *t))
      return error::forbidden("the qualification review is read by the purchaser, the panel and overseers");
    const auto bids = work.bids().of_tender(t->id);
    boost::json::array items;
    for (const auto& b : bids)
      if (b.state == procurement::bid_state::active) items.push_back(to_json(b));
    return json_response(200, boost::json::object{{"complete", procurement::qualification_complete(bids)},
                                                  {"status", procurement::display_status(*t, context.now)},
                                                  {"bids", std::move(items)}});
  });
}

http_response decide_qualification(request_context& context) {
  std::vector<procurement::qualification_decision> decisions;
  for (const auto& item : context.body.at("decisions").as_array()) {
    const auto& d = item.as_object();
    decisions.push_back({string_field(d, "bid_id"), bool_field(d, "qualified"), string_field(d, "reason")});
  }
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto t = owned_tender(context, work);
    if (!t) return t.failure();
    auto decided = procurement::decide_qualification(work.tenders(), work.bids(), work.benchmarks(), std::move(*t),
                                                     decisions, context.now);
    if (!decided) return decided.failure();
    const auto concluded = decided->complete ? conclude_if_ready(context, work, decided->t) : std::nullopt;
    boost::json::array bids;
    for (const auto& b : decided->bids)
      if (b.state == procurement::bid_state::active) bids.push_back(to_json(b));
    boost::json::object body{{"complete", decided->complete},
                             {"tender", to_json(decided->t, context.now)},
                             {"bids", std::move(bids)}};
    auto audit_state = audit_state_with_report(body, concluded, decided->t, work);
    return write_outcome{200, std::move(body), "tender.qualification", "tender", decided->t.id, std::nullopt, {}, {},
                         std::move(audit_state)};
  });
}

http_response decide_abnormal_price(request_context& context) {
  const auto& body = context.body.as_object();
  const auto explanation = string_field(body, "explanation");
  const bool accepted = bool_field(body, "accepted");
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto t = visible_tender(context, work);
    if (!t) return t.failure();
    const bool owner = access::owns_tender(context.caller, t->purchaser_id);
    if (!owner && !on_panel(context, work, *t)) return error::not_found("no tender " + context.param("id"));
    // The evaluation committee hears the bidder and decides (87号令 §60, SPEC §3.5: "the panel
    // must record"); the purchaser, who is not on it, reads the decision. A single source is
    // negotiated without a committee (decision 73): there the purchaser decides.
    const bool single_source = t->terms.method == procurement::procurement_method::single_source;
    if (!(single_source && owner) && !sitting_on_panel(context, work, *t))
      return error::forbidden("the evaluation committee decides on an abnormally low price: only its members who "
                              "declared no conflict of interest record the explanation and the decision");
    auto found = work.bids().find(context.param("bid"));
    // While bids are sealed no bid exists for anyone but its bidder: the same 404 as an unknown
    // id, not a state error that would confirm the bid is there.
    if (!found || found->tender_id != t->id || procurement::bids_are_sealed(*t)) return no_such_bid(context);
    auto decided = procurement::decide_abnormal_price(work.bids(), *t, std::move(*found), explanation, accepted,
                                                      context.now);
    if (!decided) return decided.failure();
    const auto state_before = t->state;
    auto ranking = conclude_if_ready(context, work, *t);  // updates *t
    auto out = to_json(*decided);
    out["evaluation_concluded"] = ranking.has_value();
    out["tender_status"] = procurement::display_status(*t, context.now);
    auto audit_state = audit_state_with_report(out, ranking, *t, work);
    write_outcome outcome{200, std::move(out), "bid.abnormal_price_decision", "bid", decided->id, std::nullopt, {}, {},
                          std::move(audit_state)};
    // The decision may end the evaluation or fail the tender: that transition is the tender's own
    // history too (SPEC §3.3: every transition audited).
    if (t->state != state_before)
      outcome.related.push_back({"tender." + std::string(procurement::to_string(t->state)), "tender", t->id,
                                 to_json(*t, context.now)});
    return outcome;
  });
}

}  // namespace procura::api::handlers
