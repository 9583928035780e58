#include <boost/json.hpp>

#include "../access.hpp"
#include "../evaluation_json.hpp"
#include "../handlers.hpp"
#include "../json_support.hpp"
#include "../use_case.hpp"

namespace procura::api::handlers {
namespace {

using evaluation::performance_evaluation;

bool is_assigned_evaluator(const request_context& context, const performance_evaluation& e) {
  return context.caller && context.caller->role == role::evaluator && context.caller->organization_id == e.evaluator_id;
}

bool may_read(const request_context& context, const performance_evaluation& e) {
  if (e.state == evaluation::evaluation_state::finalized) return true;  // results are public
  if (!context.caller) return false;
  const auto& org = context.caller->organization_id;
  return org == e.purchaser_id || org == e.supplier_id || is_assigned_evaluator(context, e) ||
         access::may_read_audit(context.caller);
}

/// The evaluation in the path if the caller is its assigned evaluator; 404 otherwise.
result<performance_evaluation> assigned(request_context& context, unit_of_work& work) {
  auto found = work.evaluations().find(context.param("id"));
  if (!found || !is_assigned_evaluator(context, *found)) return error::not_found("no evaluation " + context.param("id"));
  return std::move(*found);
}

write_outcome evaluation_outcome(const performance_evaluation& e, std::string action, unsigned status = 200) {
  write_outcome outcome{status, to_json(e), std::move(action), "evaluation", e.id, std::nullopt, {}, etag_of(e.version)};
  if (status == 201) outcome.location = "/api/v1/evaluations/" + e.id;
  return outcome;
}

}  // namespace

http_response list_evaluation_templates(request_context& context) {
  boost::json::array items;
  for (const auto& f : evaluation::templates()) items.push_back(to_json(f));
  (void)context;
  return json_response(200, boost::json::object{{"items", std::move(items)}});
}

http_response create_evaluation(request_context& context) {
  const auto& body = context.body.as_object();
  const auto contract_id = string_field(body, "contract_id");
  const auto evaluator_id = string_field(body, "evaluator_id");
  const auto kind = string_field(body, "kind") == "final" ? evaluation::evaluation_kind::final
                                                           : evaluation::evaluation_kind::mid_term;
  const auto* framework = body.if_contains("framework");
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    const auto c = work.contracts().find(contract_id);
    if (!c || !access::owns_tender(context.caller, c->purchaser_id))
      return error::rule("/contract_id", "no contract " + contract_id + " of this purchaser");
    // The contract pins the framework: its template (default), or, for "custom", the framework
    // the evaluation brings, snapshotted with it.
    std::optional<evaluation::framework> chosen;
    if (c->framework_key == "custom") {
      if (!framework || !framework->is_object())
        return error::rule("/framework", "this contract's evaluations bring their own framework: give it");
      chosen = framework_from_json(framework->as_object());
    } else {
      if (framework && !(framework->is_string() && framework->as_string() == c->framework_key))
        return error::rule("/framework", "the contract pins the framework " + c->framework_key);
      chosen = evaluation::find_template(c->framework_key);
      if (!chosen || chosen->version != c->framework_version)
        return error::conflict("the pinned framework version is no longer available");
    }
    const auto evaluator = work.organizations().find(evaluator_id);
    if (!evaluator || evaluator->kind != procurement::organization_kind::evaluator)
      return error::rule("/evaluator_id", "no evaluator organization " + evaluator_id);
    auto opened = evaluation::open_evaluation(work.evaluations(), *c, kind, evaluator_id, *chosen, context.now);
    if (!opened) return opened.failure();
    return evaluation_outcome(*opened, "evaluation.open", 201);
  });
}

http_response get_evaluation(request_context& context) {
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    const auto found = work.evaluations().find(context.param("id"));
    if (!found || !may_read(context, *found)) return error::not_found("no evaluation " + context.param("id"));
    return json_response(200, to_json(*found));
  });
}

http_response list_evaluations(request_context& context) {
  const auto contract = context.request.query.find("contract");
  if (contract == context.request.query.end())
    return error_response(context, error::rule("/query/contract", "give ?contract=<id>"));
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    boost::json::array items;
    for (const auto& e : work.evaluations().of_contract(contract->second))
      if (may_read(context, e)) items.push_back(to_json(e));
    return json_response(200, boost::json::object{{"items", std::move(items)}});
  });
}

http_response declare_evaluator_conflict(request_context& context) {
  const auto& body = context.body.as_object();
  const bool conflict = bool_field(body, "conflict");
  const auto reason = string_field(body, "reason");
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto e = assigned(context, work);
    if (!e) return e.failure();
    auto declared = evaluation::declare_conflict(work.evaluations(), std::move(*e), conflict, reason, context.now);
    if (!declared) return declared.failure();
    return evaluation_outcome(*declared, "evaluation.declare");
  });
}

namespace {

evaluation::survey survey_from_json(const boost::json::object& body) {
  return {integer_field(body, "very_satisfied"), integer_field(body, "satisfied"), integer_field(body, "neutral"),
          integer_field(body, "dissatisfied"), integer_field(body, "very_dissatisfied")};
}

}  // namespace

http_response record_survey(request_context& context) {
  const auto answers = survey_from_json(context.body.as_object());
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto e = assigned(context, work);
    if (!e) return e.failure();
    const auto reports = work.reports().of_contract(e->contract_id);
    auto recorded = evaluation::record_survey(work.evaluations(), std::move(*e), answers, reports);
    if (!recorded) return recorded.failure();
    return evaluation_outcome(*recorded, "evaluation.survey");
  });
}

http_response record_evaluation_scores(request_context& context) {
  auto inputs = leaf_inputs_from_json(context.body.at("scores").as_array());
  if (!inputs) return error_response(context, inputs.failure());
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto e = assigned(context, work);
    if (!e) return e.failure();
    const auto reports = work.reports().of_contract(e->contract_id);
    auto recorded = evaluation::record_inputs(work.evaluations(), std::move(*e), context.caller->account_id, *inputs,
                                              reports, context.now);
    if (!recorded) return recorded.failure();
    return evaluation_outcome(*recorded, "evaluation.scores");
  });
}

http_response finalize_evaluation(request_context& context) {
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto e = assigned(context, work);
    if (!e) return e.failure();
    const auto reports = work.reports().of_contract(e->contract_id);
    auto finalized = evaluation::finalize_evaluation(work.evaluations(), std::move(*e), reports, context.now);
    if (!finalized) return finalized.failure();
    return evaluation_outcome(*finalized, "evaluation.finalize");
  });
}

http_response appeal_evaluation(request_context& context) {
  const auto& body = context.body.as_object();
  std::vector<std::string> leaves;
  for (const auto& l : body.at("leaves").as_array()) leaves.emplace_back(l.as_string());
  const auto reason = string_field(body, "reason");
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto e = work.evaluations().find(context.param("id"));
    if (!e || !context.caller || context.caller->organization_id != e->supplier_id)
      return error::not_found("no evaluation " + context.param("id"));
    auto appealed = evaluation::file_appeal(work.evaluations(), std::move(*e), leaves, reason, context.now);
    if (!appealed) return appealed.failure();
    return evaluation_outcome(*appealed, "evaluation.appeal");
  });
}

http_response answer_evaluation_appeal(request_context& context) {
  const auto& body = context.body.as_object();
  const bool rescore = string_field(body, "decision") == "rescore";
  const auto reason = string_field(body, "reason");
  std::vector<std::pair<std::string, evaluation::leaf_input>> inputs;
  if (const auto* scores = body.if_contains("scores")) {
    auto parsed = leaf_inputs_from_json(scores->as_array());
    if (!parsed) return error_response(context, parsed.failure());
    inputs = std::move(*parsed);
  }
  std::optional<evaluation::survey> new_survey;
  if (const auto* answers = body.if_contains("survey")) new_survey = survey_from_json(answers->as_object());
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto e = assigned(context, work);
    if (!e) return e.failure();
    const auto reports = work.reports().of_contract(e->contract_id);
    auto answered = evaluation::answer_appeal(work.evaluations(), std::move(*e), context.caller->account_id, rescore,
                                              reason, inputs, reports, context.now, new_survey);
    if (!answered) return answered.failure();
    return evaluation_outcome(*answered, "evaluation.appeal.answer");
  });
}

http_response track_record(request_context& context) {
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    const auto supplier = work.organizations().find(context.param("id"));
    if (!supplier || supplier->kind != procurement::organization_kind::supplier)
      return error::not_found("no supplier " + context.param("id"));
    const auto evaluations = work.evaluations().of_supplier(supplier->id);
    boost::json::array items;
    for (const auto& e : evaluations) {
      if (e.state != evaluation::evaluation_state::finalized) continue;
      const auto c = work.contracts().find(e.contract_id);
      items.push_back({{"evaluation_id", e.id},
                       {"contract_id", e.contract_id},
                       {"kind", evaluation::to_string(e.kind)},
                       {"service_start", c ? format_date(c->service_start) : std::string()},
                       {"service_months", c ? c->service_months : 0},
                       {"score", e.score ? e.score->to_decimal(2) : std::string()},
                       {"grade", e.grade},
                       {"finalized_at", format_rfc3339(*e.finalized_at)},
                       {"appeal_open", e.appealed && e.appealed->open()}});
    }
    const auto recent = evaluation::track_record_scores(evaluations, context.now);
    boost::json::array counted;
    for (std::size_t i = 0; i < recent.size() && i < 3; ++i)
      counted.push_back({{"score", recent[i].to_decimal(2)}, {"exact", recent[i].to_fraction()}});
    return json_response(200, boost::json::object{
                                  {"supplier_id", supplier->id},
                                  {"evaluations", std::move(items)},
                                  {"past_performance_basis",
                                   "mean of the last 3 exact final evaluation scores (most recent first), "
                                   "÷ 100 × the criterion's points; 0 points without a final evaluation"},
                                  {"last_final_scores", std::move(counted)}});
  });
}

}  // namespace procura::api::handlers
