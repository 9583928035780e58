#include <boost/json.hpp>

#include <cmath>

#include "../access.hpp"
#include "../bids_json.hpp"
#include "../handlers.hpp"
#include "../json_support.hpp"
#include "../procurement_json.hpp"
#include "../tender_lookup.hpp"
#include "../use_case.hpp"
#include "procura/procurement/opening.hpp"

namespace procura::api::handlers {

http_response appoint_panel(request_context& context) {
  std::vector<std::string> ids;
  for (const auto& id : context.body.at("expert_account_ids").as_array()) ids.emplace_back(id.as_string());
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto t = owned_tender(context, work);
    if (!t) return t.failure();
    auto appointed = procurement::appoint_experts(work.panel(), work.accounts(), *t, ids, context.now);
    if (!appointed) return appointed.failure();
    boost::json::array members;
    for (const auto& m : work.panel().members(t->id)) members.push_back(to_json(m));
    return write_outcome{200, boost::json::object{{"tender_id", t->id}, {"members", std::move(members)}},
                         "panel.appoint", "tender", t->id, std::nullopt, {}, {}};
  });
}

http_response get_panel(request_context& context) {
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    auto t = visible_tender(context, work);
    if (!t) return t.failure();
    if (!access::owns_tender(context.caller, t->purchaser_id) && !access::may_read_audit(context.caller) &&
        !on_panel(context, work, *t))
      return error::forbidden("the panel is known to the purchaser, its members and overseers");
    const auto members = work.panel().members(t->id);
    const auto scores = work.panel().scores(t->id);
    boost::json::array listed;
    for (const auto& m : members) {
      auto item = to_json(m);
      item["scores_submitted"] = std::any_of(scores.begin(), scores.end(), [&](const auto& s) {
        return s.account_id == m.account_id;
      });
      listed.push_back(std::move(item));
    }
    const auto ready = procurement::panel_ready(members, *t);
    return json_response(200, boost::json::object{{"tender_id", t->id},
                                                  {"members", std::move(listed)},
                                                  {"ready", ready.ok()},
                                                  {"ready_detail", ready.ok() ? "" : ready.failure().detail}});
  });
}

http_response declare_interests(request_context& context) {
  std::vector<std::string> conflicts;
  for (const auto& id : context.body.at("conflicts").as_array()) conflicts.emplace_back(id.as_string());
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto t = visible_tender(context, work);
    if (!t) return t.failure();
    auto declared = procurement::declare_interests(work.panel(), work.accounts(), *t, work.bids().of_tender(t->id),
                                                   *context.caller, conflicts, context.now);
    if (!declared) return declared.failure();
    // With no subjective criterion the last declaration seats the committee, and that is what the
    // ranking waited for.
    const auto concluded = conclude_if_ready(context, work, *t);
    auto body = to_json(*declared);
    body["evaluation_concluded"] = concluded.has_value();
    auto audit_state = audit_state_with_report(body, concluded, *t, work);
    return write_outcome{200, std::move(body), "panel.declare", "tender", t->id, std::nullopt, {}, {},
                         std::move(audit_state)};
  });
}

http_response submit_scores(request_context& context) {
  std::vector<procurement::score_entry> sheet;
  validation_errors format_errors;
  const auto& items = context.body.at("scores").as_array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i].as_object();
    const double points = item.at("points").to_number<double>();
    // Points are typed with at most two decimals; keep them exact as hundredths.
    const auto hundredths = static_cast<std::int64_t>(std::llround(points * 100));
    if (std::fabs(points * 100 - static_cast<double>(hundredths)) > 1e-6)
      format_errors.add("/scores/" + std::to_string(i) + "/points", "points have at most two decimals");
    sheet.push_back({string_field(item, "bid_id"), integer_field(item, "criterion"), hundredths});
  }
  if (!format_errors.empty()) return error_response(context, format_errors.to_error());
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto t = visible_tender(context, work);
    if (!t) return t.failure();
    const auto eligible = procurement::eligible_bids(work.bids().of_tender(t->id));
    if (!procurement::qualification_complete(work.bids().of_tender(t->id)))
      return error::conflict("scoring starts once the qualification review is complete");
    auto recorded = procurement::submit_score_sheet(work.panel(), *t, eligible, *context.caller, sheet, context.now);
    if (!recorded) return recorded.failure();
    const auto concluded = conclude_if_ready(context, work, *t);
    boost::json::object body{{"tender_id", t->id},
                             {"expert", context.caller->account_id},
                             {"scores_recorded", recorded->size()},
                             {"evaluation_concluded", concluded.has_value()}};
    auto audit_state = audit_state_with_report(body, concluded, *t, work);
    return write_outcome{200, std::move(body), "panel.scores", "tender", t->id, std::nullopt, {}, {},
                         std::move(audit_state)};
  });
}

http_response get_scores(request_context& context) {
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    auto t = visible_tender(context, work);
    if (!t) return t.failure();
    const bool expert = on_panel(context, work, *t);
    const bool overseer = access::owns_tender(context.caller, t->purchaser_id) || access::may_read_audit(context.caller);
    if (!expert && !overseer) return error::forbidden("scores are read by the panel, the purchaser and overseers");
    const auto members = work.panel().members(t->id);
    const auto scores = work.panel().scores(t->id);
    // Each expert scores independently (SPEC §3.5): an expert's sheet stays its own until the
    // panel's report, even once every sheet is in (an abnormal-price decision may still hold the
    // ranking, and a sheet may still be replaced until then).
    const bool all_in = t->state != procurement::tender_state::opened || procurement::all_scores_in(members, scores);
    const bool reported = t->state != procurement::tender_state::opened;
    boost::json::array listed;
    for (const auto& s : scores) {
      if (!reported && !(expert && s.account_id == context.caller->account_id)) continue;
      listed.push_back({{"expert", s.account_id},
                        {"bid_id", s.bid_id},
                        {"criterion", s.criterion_index},
                        {"points", rational(s.points_hundredths, 100).to_decimal(2)}});
    }
    return json_response(200, boost::json::object{{"all_submitted", all_in}, {"scores", std::move(listed)}});
  });
}

}  // namespace procura::api::handlers
