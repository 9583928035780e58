#include <boost/json.hpp>

#include "../access.hpp"
#include "../handlers.hpp"
#include "../json_support.hpp"
#include "../json_writer.hpp"
#include "../metrics.hpp"
#include "../procurement_json.hpp"
#include "../response_cache.hpp"
#include "../schema_registry.hpp"
#include "../tender_lookup.hpp"
#include "../use_case.hpp"

namespace procura::api::handlers {
namespace {

using procurement::tender;

write_outcome tender_outcome(request_context& context, const tender& t, std::string action, unsigned status = 200) {
  write_outcome outcome{status, to_json(t, context.now), std::move(action), "tender", t.id, std::nullopt, {},
                        etag_of(t.version)};
  if (status == 201) outcome.location = "/api/v1/tenders/" + t.id;
  return outcome;
}

/// Applies a merge patch to the tender's terms and checks the result against the full terms
/// schema, so that a patch can never leave a draft in a shape the API would not accept whole.
result<procurement::tender_terms> patched_terms(request_context& context, const procurement::tender_terms& current,
                                                const boost::json::value& patch, const std::string& pointer_prefix) {
  boost::json::value merged = terms_to_json(current);
  merge_patch(merged, patch);
  auto violations = context.app.schemas.validate("tender-terms", merged);
  if (!violations.empty()) {
    for (auto& violation : violations) violation.pointer = pointer_prefix + violation.pointer;
    return error{error_kind::rule_violated, "the changed terms do not match the schema", std::move(violations)};
  }
  if (auto malformed = malformed_deadline(patch.is_object() ? patch.get_object() : boost::json::object{}, pointer_prefix))
    return *malformed;
  return terms_from_json(merged.as_object());
}

std::optional<timestamp> query_time(const http_request& request, const std::string& name, bool& malformed) {
  const auto found = request.query.find(name);
  if (found == request.query.end()) return std::nullopt;
  const auto parsed = parse_rfc3339(found->second);
  if (!parsed) malformed = true;
  return parsed;
}

/// Closes a list page's items and adds its cursor.
http_response end_of_page(http_response& response, json_writer& out, const std::optional<std::string>& next_key) {
  out.end_array().key("next_cursor");
  if (next_key) {
    out.string(encode_cursor(*next_key));
  } else {
    out.null();
  }
  out.end_object();
  return std::move(response);
}

}  // namespace

http_response list_tenders(request_context& context) {
  auto page = read_page_request(context.request);
  if (!page) return error_response(context, page.failure());
  procurement::tender_filter filter;
  const auto& query = context.request.query;
  if (const auto status = query.find("status"); status != query.end()) {
    if (status->second != "closed" && !procurement::parse_tender_state(status->second))
      return error_response(context, error::rule("/query/status", "unknown status " + status->second));
    filter.status = status->second;
  }
  if (const auto region = query.find("region"); region != query.end()) filter.region = region->second;
  if (const auto purchaser = query.find("purchaser"); purchaser != query.end()) filter.purchaser_id = purchaser->second;
  if (const auto code = query.find("catalogue"); code != query.end()) filter.catalogue_code = code->second;
  if (const auto supplier = query.find("supplier"); supplier != query.end()) {
    filter.supplier_id = supplier->second;
    filter.supplier_is_caller = context.caller && context.caller->role == role::supplier &&
                                context.caller->organization_id == supplier->second;
  }
  bool malformed = false;
  filter.deadline_from = query_time(context.request, "deadline_from", malformed);
  filter.deadline_to = query_time(context.request, "deadline_to", malformed);
  if (malformed)
    return error_response(context, error::rule("/query/deadline_from", "deadline_from and deadline_to are RFC 3339 date-times"));
  if (context.caller && context.caller->role == role::purchaser) filter.drafts_of = context.caller->organization_id;
  // An item reads exactly as GET /tenders/{id} does, so the renderings kept for that route
  // serve here too, under the same proof of freshness (get_tender, decision 44). The page is
  // read as ids and states first, and a tender is read in full only when no rendering of it can
  // serve (a draft, a tender not kept yet); decision 67.
  auto* cache = context.app.responses;
  const auto version = cache != nullptr ? context.app.database.data_version() : 0;
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    http_response response;
    json_writer out(response.body);
    out.begin_object().key("items").begin_array();
    // When no kept rendering can serve (no cache, or a commit came between the version and this
    // snapshot, as under writes), the page is read whole in one range, not item by item.
    const auto whole_page = [&] {
      const auto whole = work.tenders().list(filter, *page, context.now);
      for (const auto& t : whole.items) write_json(out, t, context.now);
      return end_of_page(response, out, whole.next_key);
    };
    if (cache == nullptr) return whole_page();
    const auto found = work.tenders().list_keys(filter, *page, context.now);
    if (context.app.database.data_version() != version) return whole_page();
    response.body.reserve(64 + found.items.size() * 2048);
    for (const auto& key : found.items) {
      if (key.state != procurement::tender_state::draft) {
        if (auto kept = cache->find(key.id, version, context.now)) {
          out.raw(kept->body);
          continue;
        }
      }
      const auto t = work.tenders().find(key.id);
      if (!t) continue;  // not possible within one read snapshot
      if (t->state == procurement::tender_state::draft) {  // never kept: GET serves kept ones before its access check
        write_json(out, *t, context.now);
        continue;
      }
      auto rendered = render_json(*t, context.now);
      out.raw(rendered);
      const auto span = procurement::display_status_span(*t, context.now);
      cache->store(t->id, {version, span.from, span.until, std::move(rendered), etag_of(t->version)});
    }
    return end_of_page(response, out, found.next_key);
  });
}

http_response create_tender(request_context& context) {
  const auto& body = context.body.as_object();
  if (auto malformed = malformed_deadline(body, "")) return error_response(context, *malformed);
  procurement::draft_input input{string_field(body, "catalogue_code"), terms_from_json(body)};
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto created = procurement::create_draft(work.catalogue(), work.cost_estimates(), work.tenders(), input,
                                             context.caller->organization_id, context.now);
    if (!created) return created.failure();
    return tender_outcome(context, *created, "tender.create", 201);
  });
}

http_response retender(request_context& context) {
  const auto& body = context.body.as_object();
  const auto approval = string_field(body, "approval");
  const boost::json::value no_changes = boost::json::object{};
  const auto* changes = body.if_contains("changes");
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto failed = owned_tender(context, work);
    if (!failed) return failed.failure();
    auto terms = patched_terms(context, failed->terms, changes != nullptr ? *changes : no_changes, "/changes");
    if (!terms) return terms.failure();
    auto created = procurement::retender(work.catalogue(), work.cost_estimates(), work.tenders(), *failed,
                                         std::move(*terms), approval, context.now);
    if (!created) return created.failure();
    return tender_outcome(context, *created, "tender.retender", 201);
  });
}

http_response tender_repeats(request_context& context) {
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    auto t = visible_tender(context, work);
    if (!t) return t.failure();
    boost::json::array items;
    for (const auto& repeat : work.tenders().retenders_of(t->id))
      if (access::may_see_tender(context.caller, repeat.purchaser_id, repeat.state == procurement::tender_state::draft))
        items.push_back(to_json(repeat, context.now));
    return json_response(200, boost::json::object{{"items", std::move(items)}});
  });
}

http_response get_tender(request_context& context) {
  const auto& id = context.param("id");
  auto* cache = context.app.responses;
  // The data version is read before the snapshot below begins (its first query), so that an
  // equal version read after that query proves the snapshot is the database at this version.
  const auto version = cache != nullptr ? context.app.database.data_version() : 0;
  if (cache != nullptr) {
    auto kept = cache->find(id, version, context.now);
    if (context.app.counters != nullptr) context.app.counters->record_cache_lookup(kept.has_value());
    if (kept) {
      http_response response;
      response.body = std::move(kept->body);
      response.with_header("ETag", std::move(kept->etag));
      return response;
    }
  }
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    const auto found = work.tenders().find(id);
    const bool draft = found && found->state == procurement::tender_state::draft;
    if (!found || !access::may_see_tender(context.caller, found->purchaser_id, draft))
      return error::not_found("no tender " + id);
    http_response response;
    response.body = render_json(*found, context.now);
    const auto etag = etag_of(found->version);
    response.with_header("ETag", etag);
    // A draft is seen by its owner alone (and its publication check follows the clock): never
    // kept. Anything else reads the same to every caller, and render_json depends on the clock
    // only through display_status.
    if (cache != nullptr && !draft && context.app.database.data_version() == version) {
      const auto span = procurement::display_status_span(*found, context.now);
      cache->store(id, {version, span.from, span.until, response.body, etag});
    }
    return response;
  });
}

http_response patch_tender(request_context& context) {
  const auto expected = required_if_match(context);
  if (!expected) return error_response(context, expected.failure());
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto current = owned_tender(context, work);
    if (!current) return current.failure();
    auto terms = patched_terms(context, current->terms, context.body, "");
    if (!terms) return terms.failure();
    auto revised = procurement::revise_draft(work.cost_estimates(), work.tenders(), std::move(*current),
                                             std::move(*terms), *expected, context.now);
    if (!revised) return revised.failure();
    return tender_outcome(context, *revised, "tender.revise");
  });
}

http_response publish_tender(request_context& context) {
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto current = owned_tender(context, work);
    if (!current) return current.failure();
    auto published = procurement::publish_tender(work.tenders(), std::move(*current), context.now);
    if (!published) return published.failure();
    return tender_outcome(context, *published, "tender.publish");
  });
}

http_response amend_tender(request_context& context) {
  const auto expected = required_if_match(context);
  if (!expected) return error_response(context, expected.failure());
  const auto& body = context.body.as_object();
  const bool affects = bool_field(body, "affects_bid_preparation", true);
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto current = owned_tender(context, work);
    if (!current) return current.failure();
    auto terms = patched_terms(context, current->terms, body.at("changes"), "/changes");
    if (!terms) return terms.failure();
    auto amended = procurement::amend_tender(work.cost_estimates(), work.tenders(), std::move(*current), std::move(*terms),
                                             string_field(body, "reason"), affects, *expected, context.now);
    if (!amended) return amended.failure();
    return tender_outcome(context, *amended, "tender.amend");
  });
}

http_response cancel_tender(request_context& context) {
  const auto reason = string_field(context.body.as_object(), "reason");
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto current = owned_tender(context, work);
    if (!current) return current.failure();
    auto cancelled = procurement::cancel_tender(work.tenders(), std::move(*current), reason, context.now);
    if (!cancelled) return cancelled.failure();
    return tender_outcome(context, *cancelled, "tender.cancel");
  });
}

}  // namespace procura::api::handlers
