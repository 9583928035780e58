#include <boost/json.hpp>

#include <algorithm>

#include "../access.hpp"
#include "../contracts_json.hpp"
#include "../handlers.hpp"
#include "../json_support.hpp"
#include "../procurement_json.hpp"
#include "../use_case.hpp"
#include "procura/contracts/payroll_coverage.hpp"

namespace procura::api::handlers {
namespace {

using contracts::contract;

bool is_party(const request_context& context, const contract& c) {
  return context.caller && (context.caller->organization_id == c.purchaser_id ||
                            context.caller->organization_id == c.supplier_id);
}

/// The contract in the path if the caller is one of its parties; 404 otherwise.
result<contract> party_contract(request_context& context, unit_of_work& work) {
  auto found = work.contracts().find(context.param("id"));
  if (!found || !is_party(context, *found)) return error::not_found("no contract " + context.param("id"));
  if (auto stale = stale_if_match(context, found->version, "contract")) return *stale;
  return std::move(*found);
}

result<contract> purchaser_contract(request_context& context, unit_of_work& work) {
  auto found = work.contracts().find(context.param("id"));
  if (!found || !access::owns_tender(context.caller, found->purchaser_id))
    return error::not_found("no contract " + context.param("id"));
  if (auto stale = stale_if_match(context, found->version, "contract")) return *stale;
  return std::move(*found);
}

contracts::coverage_report coverage_of(unit_of_work& work, const contract& c, timestamp now) {
  return contracts::payroll_coverage(
      c, procurement::applicable_benchmark(work.benchmarks(), c.region, static_cast<int>(c.service_start.year())), now);
}

write_outcome contract_outcome(request_context& context, const contract& c, std::string action, unsigned status = 200) {
  write_outcome outcome{status, to_json(c), std::move(action), "contract", c.id, std::nullopt, {}, etag_of(c.version)};
  if (status == 201) outcome.location = "/api/v1/contracts/" + c.id;
  (void)context;
  return outcome;
}

/// The amount still to schedule after an amendment: the new price less what was released.
money unreleased_part(const contract& c, money added_value) {
  money released;
  for (const auto& i : c.schedule)
    if (i.released()) released.fen += i.amount.fen;
  return money{c.price.fen + added_value.fen - released.fen};
}

/// Agreeing to, declining or withdrawing amendment `{n}` of a contract the caller is party to:
/// `answer` applies the rule, and the outcome is audited as `action`.
template <typename Answer>
http_response answer_amendment(request_context& context, const char* action, Answer answer) {
  // As for instalments: a segment that is not strictly a number names no amendment (404).
  const auto parsed = parse_positive_integer(context.param("n"));
  if (!parsed) return error_response(context, error::not_found("no amendment " + context.param("n")));
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto c = party_contract(context, work);
    if (!c) return c.failure();
    auto answered = answer(work, std::move(*c), *parsed);
    if (!answered) return answered.failure();
    return contract_outcome(context, *answered, action);
  });
}

}  // namespace

http_response list_contracts(request_context& context) {
  auto page = read_page_request(context.request);
  if (!page) return error_response(context, page.failure());
  contracts::contract_filter filter;
  const auto& query = context.request.query;
  if (const auto found = query.find("purchaser"); found != query.end()) filter.purchaser_id = found->second;
  if (const auto found = query.find("supplier"); found != query.end()) filter.supplier_id = found->second;
  if (const auto found = query.find("region"); found != query.end()) filter.region = found->second;
  if (const auto found = query.find("status"); found != query.end()) {
    filter.state = contracts::parse_contract_state(found->second);
    if (!filter.state)
      return error_response(context, error::rule("/query/status",
                                                 "status must be draft, active, completed, terminated or cancelled"));
  }
  const auto& purchaser = filter.purchaser_id;
  const auto& supplier = filter.supplier_id;
  if (const auto tender = context.request.query.find("tender"); tender != context.request.query.end()) {
    // A tender has a contract or a few (drafts set aside before it): all of them, oldest first, on one page.
    return run_read(context, [&](unit_of_work& work) -> result<http_response> {
      boost::json::array items;
      for (const auto& c : work.contracts().all_of_tender(tender->second))
        if ((!purchaser || c.purchaser_id == *purchaser) && (!supplier || c.supplier_id == *supplier) &&
            (!filter.state || c.state == *filter.state) && (!filter.region || c.region == *filter.region))
          items.push_back(to_json(c));
      return json_response(200, page_json(std::move(items), std::nullopt));
    });
  }
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    const auto found = work.contracts().list(filter, *page);
    boost::json::array items;
    for (const auto& c : found.items) items.push_back(to_json(c));
    return json_response(200, page_json(std::move(items), found.next_key));
  });
}

http_response contract_versions(request_context& context) {
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    const auto found = work.contracts().find(context.param("id"));
    if (!found) return error::not_found("no contract " + context.param("id"));
    // Every state the contract has been in is in the audit chain, with who changed it and why.
    boost::json::array versions;
    for (const auto& entry : work.audit().for_entity("contract", found->id)) {
      boost::json::error_code ignored;
      versions.push_back({{"audit_sequence", entry.sequence},
                          {"at", format_rfc3339(entry.at)},
                          {"action", entry.action},
                          {"state_hash", entry.state_hash},
                          {"state", boost::json::parse(entry.state, ignored)}});
    }
    return json_response(200, boost::json::object{{"contract_id", found->id}, {"versions", std::move(versions)}});
  });
}

http_response get_contract(request_context& context) {
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    const auto found = work.contracts().find(context.param("id"));
    if (!found) return error::not_found("no contract " + context.param("id"));
    auto body = to_json(*found);
    bool flagged = false;
    for (const auto& e : work.evaluations().of_contract(found->id))
      flagged = flagged || (e.effective() && e.kind == evaluation::evaluation_kind::final && e.grade == "差");
    body["flagged_for_termination"] = flagged;
    auto response = json_response(200, body);
    response.with_header("ETag", etag_of(found->version));
    return response;
  });
}

http_response create_contract(request_context& context) {
  const auto& body = context.body.as_object();
  const auto tender_id = string_field(body, "tender_id");
  contracts::penalty_terms penalties;
  if (const auto* p = body.if_contains("penalties")) {
    const auto& terms = p->as_object();
    if (const auto* amount = terms.if_contains("per_missing_post_month")) penalties.per_missing_post_month = read_money(*amount);
    if (const auto* amount = terms.if_contains("per_caseload_excess_month"))
      penalties.per_caseload_excess_month = read_money(*amount);
  }
  // The quality framework the evaluations of this contract will use: a template, or "custom".
  const auto framework_key = string_field(body, "quality_framework", "anti-drug-social-work");
  std::int64_t framework_version = 1;
  if (framework_key != "custom") {
    const auto found = evaluation::find_template(framework_key);
    if (!found) return error_response(context, error::rule("/quality_framework", "no framework template " + framework_key));
    framework_version = found->version;
  }
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto t = work.tenders().find(tender_id);
    if (!t || !access::owns_tender(context.caller, t->purchaser_id))
      return error::rule("/tender_id", "no awarded tender " + tender_id + " of this purchaser");
    const auto winner = work.bids().find(t->awarded_bid_id);
    if (!winner) return error::conflict("the tender has no awarded bid");
    const auto state_before = t->state;
    auto created = contracts::create_contract(work.contracts(), work.tenders(), std::move(*t), *winner,
                                              work.challenges().of_tender(tender_id), penalties, framework_key,
                                              framework_version, context.now);
    if (!created) return created.failure();
    auto outcome = contract_outcome(context, *created, "contract.create", 201);
    // The tender moves to contracted with it: recorded in the tender's own history too.
    // (A contract drawn up again after a cancelled draft leaves the tender as it was.)
    if (const auto contracted = work.tenders().find(tender_id); contracted && contracted->state != state_before)
      outcome.related.push_back({"tender.contract", "tender", contracted->id, to_json(*contracted, context.now)});
    return outcome;
  });
}

http_response sign_contract(request_context& context) {
  const auto late_reason = string_field(context.body.as_object(), "late_reason");
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    // With If-Match (checked by party_contract) the signature is of the version the signer read,
    // schedule included; the purchaser may still replace the schedule until someone signs
    // (decision 74).
    auto c = party_contract(context, work);
    if (!c) return c.failure();
    const auto challenges = work.challenges().of_tender(c->tender_id);
    auto signed_contract = contracts::sign_contract(work.contracts(), std::move(*c), context.caller->organization_id,
                                                    challenges, late_reason, context.now);
    if (!signed_contract) return signed_contract.failure();
    return contract_outcome(context, *signed_contract, "contract.sign");
  });
}

http_response terminate_contract(request_context& context) {
  const auto reason = string_field(context.body.as_object(), "reason");
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto c = purchaser_contract(context, work);
    if (!c) return c.failure();
    auto ended = contracts::terminate_contract(work.contracts(), std::move(*c), reason, context.now);
    if (!ended) return ended.failure();
    // A draft is cancelled, not terminated: its history says so, as after a new award.
    const bool cancelled = ended->state == contracts::contract_state::cancelled;
    auto outcome = contract_outcome(context, *ended, cancelled ? "contract.cancel" : "contract.terminate");
    outcome.body.as_object()["ledger"] = ledger_json(*ended, contracts::pending_deductions(*ended, work.reports().of_contract(ended->id)));
    return outcome;
  });
}

http_response complete_contract(request_context& context) {
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto c = purchaser_contract(context, work);
    if (!c) return c.failure();
    auto completed = contracts::complete_contract(work.contracts(), std::move(*c), context.now);
    if (!completed) return completed.failure();
    auto outcome = contract_outcome(context, *completed, "contract.complete");
    outcome.body.as_object()["ledger"] =
        ledger_json(*completed, contracts::pending_deductions(*completed, work.reports().of_contract(completed->id)));
    return outcome;
  });
}

http_response get_instalments(request_context& context) {
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    const auto found = work.contracts().find(context.param("id"));
    if (!found) return error::not_found("no contract " + context.param("id"));
    return json_response(200, ledger_json(*found, contracts::pending_deductions(*found, work.reports().of_contract(found->id))));
  });
}

http_response set_instalments(request_context& context) {
  const auto requests = instalment_requests_from_json(context.body.at("instalments").as_array());
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto c = purchaser_contract(context, work);
    if (!c) return c.failure();
    auto schedule = contracts::resolve_schedule(requests, c->price, c->service_start, c->service_months);
    if (!schedule) return schedule.failure();
    auto updated = contracts::set_schedule(work.contracts(), std::move(*c), std::move(*schedule), context.now);
    if (!updated) return updated.failure();
    auto outcome = contract_outcome(context, *updated, "contract.schedule");
    // The audit chain (and so the public version history) records the contract, not the
    // supplier's payroll position, which only the parties and overseers may read.
    outcome.audit_state = to_json(*updated);
    // The coverage check is shown when the schedule is drafted: a warning, not a refusal.
    const auto coverage = coverage_of(work, *updated, context.now);
    outcome.body.as_object()["payroll_coverage"] = to_json(coverage);
    boost::json::array warnings;
    if (coverage.has_shortfall())
      warnings.push_back("in some months the supplier's receipts fall short of its payroll by more than its declared "
                         "reserve: see payroll_coverage.shortfalls");
    if (!coverage.benchmark)
      warnings.emplace_back("no salary benchmark for region " + updated->region +
                         ": the payroll counts salaries without employer contributions, so shortfalls are understated");
    if (!warnings.empty()) outcome.body.as_object()["warnings"] = std::move(warnings);
    return outcome;
  });
}

http_response release_instalment(request_context& context) {
  // A segment that is not strictly a number names no instalment: the same 404 as an unknown one.
  const auto parsed = parse_positive_integer(context.param("n"));
  if (!parsed) return error_response(context, error::not_found("no instalment " + context.param("n")));
  const std::int64_t number = *parsed;
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto c = purchaser_contract(context, work);
    if (!c) return c.failure();
    // Accepted reports satisfy report conditions and carry the penalties taken from this release.
    const auto reports = work.reports().of_contract(c->id);
    // Grades decide conditions and the final instalment once they stand: the latest evaluation
    // (any kind) for conditions, the latest final one for the final instalment, each only after
    // its appeal window has passed or its appeal is answered.
    auto facts = evaluation::grade_facts(work.evaluations().of_contract(c->id), context.now);
    facts.report_accepted = contracts::report_condition_met(*c, number, reports);
    const auto penalties = contracts::pending_deductions(*c, reports);
    auto released = contracts::release_instalment(work.contracts(), std::move(*c), number, facts, penalties, context.now);
    if (!released) return released.failure();
    auto outcome = contract_outcome(context, *released, "instalment.release");
    outcome.audit_state = to_json(*released);
    outcome.body.as_object()["ledger"] = ledger_json(*released, contracts::pending_deductions(*released, reports));
    const auto item = std::find_if(released->schedule.begin(), released->schedule.end(),
                                   [&](const contracts::instalment& i) { return i.number == number; });
    if (item != released->schedule.end() && item->released_late)
      outcome.body.as_object()["payroll_coverage"] =
          to_json(coverage_of(work, *released, context.now));
    return outcome;
  });
}

http_response get_payroll_coverage(request_context& context) {
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    auto found = work.contracts().find(context.param("id"));
    if (!found || !(is_party(context, *found) || access::may_read_audit(context.caller)))
      return error::not_found("no contract " + context.param("id"));
    return json_response(200, to_json(coverage_of(work, *found, context.now)));
  });
}

http_response amend_contract(request_context& context) {
  const auto& body = context.body.as_object();
  const auto reason = string_field(body, "reason");
  const auto added = read_money(body.at("added_value"));
  std::vector<contracts::instalment_request> requests;
  if (const auto* items = body.if_contains("instalments")) requests = instalment_requests_from_json(items->as_array());
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto c = party_contract(context, work);
    if (!c) return c.failure();
    // (An amendment over the 10% cap is refused by the rule itself, with its headroom.)
    if (added.fen > 0 && requests.empty() && added <= contracts::amendment_headroom(*c))
      return error::rule("/instalments", "an amendment that adds value gives the new schedule of what is not yet released, "
                                         "so that the added value is scheduled to be paid");
    std::vector<contracts::instalment> schedule;
    if (!requests.empty()) {
      auto resolved = contracts::resolve_schedule(requests, unreleased_part(*c, added), c->service_start, c->service_months);
      if (!resolved) return resolved.failure();
      schedule = std::move(*resolved);
    }
    const auto final_grade = evaluation::grade_facts(work.evaluations().of_contract(c->id), context.now).final_evaluation;
    auto amended = contracts::propose_amendment(work.contracts(), std::move(*c), context.caller->organization_id, reason,
                                                added, std::move(schedule), final_grade, context.now);
    if (!amended) return amended.failure();
    return contract_outcome(context, *amended, "contract.amend.propose");
  });
}

http_response agree_contract_amendment(request_context& context) {
  return answer_amendment(context, "contract.amend.agree", [&](unit_of_work& work, contract c, std::int64_t number) {
    const auto final_grade = evaluation::grade_facts(work.evaluations().of_contract(c.id), context.now).final_evaluation;
    return contracts::agree_amendment(work.contracts(), std::move(c), number, context.caller->organization_id,
                                      final_grade, context.now);
  });
}

http_response decline_contract_amendment(request_context& context) {
  const auto reason = string_field(context.body.as_object(), "reason");
  return answer_amendment(context, "contract.amend.decline", [&](unit_of_work& work, contract c, std::int64_t number) {
    return contracts::decline_amendment(work.contracts(), std::move(c), number, context.caller->organization_id, reason,
                                        context.now);
  });
}

http_response withdraw_contract_amendment(request_context& context) {
  const auto reason = string_field(context.body.as_object(), "reason");
  return answer_amendment(context, "contract.amend.withdraw", [&](unit_of_work& work, contract c, std::int64_t number) {
    return contracts::withdraw_amendment(work.contracts(), std::move(c), number, context.caller->organization_id, reason,
                                         context.now);
  });
}

http_response list_reports(request_context& context) {
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    auto found = work.contracts().find(context.param("id"));
    if (!found || !(is_party(context, *found) || access::may_read_audit(context.caller)))
      return error::not_found("no contract " + context.param("id"));
    boost::json::array items;
    for (const auto& r : work.reports().of_contract(found->id)) items.push_back(to_json(r));
    return json_response(200, boost::json::object{{"items", std::move(items)},
                                                  {"outstanding_deductions",
                                                   money_json(contracts::outstanding_deductions(*found, work.reports().of_contract(found->id)))}});
  });
}

http_response submit_report(request_context& context) {
  auto report = report_from_json(context.body.as_object());
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto found = work.contracts().find(context.param("id"));
    if (!found || !context.caller || found->supplier_id != context.caller->organization_id)
      return error::not_found("no contract " + context.param("id"));
    // Salaries paid in a month are held to the guide of that month's year (a contract's second
    // year to the second year's guide), not to the one of the year the service started.
    const auto benchmarks =
        procurement::applicable_benchmark(work.benchmarks(), found->region, static_cast<int>(report.period_start.year()));
    auto submitted = contracts::submit_report(work.reports(), *found, report, benchmarks, context.now);
    if (!submitted) return submitted.failure();
    return write_outcome{201, to_json(*submitted), "report.submit", "service_report", submitted->id, std::nullopt,
                         "/api/v1/contracts/" + found->id + "/reports", {}};
  });
}

http_response decide_report(request_context& context, bool accept) {
  const auto reason = accept ? std::string() : string_field(context.body.as_object(), "reason");
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto c = purchaser_contract(context, work);
    if (!c) return c.failure();
    auto r = work.reports().find(context.param("rid"));
    if (!r || r->contract_id != c->id) return error::not_found("no report " + context.param("rid"));
    auto decided = accept ? contracts::accept_report(work.reports(), *c, std::move(*r), context.now)
                          : contracts::return_report(work.reports(), std::move(*r), reason, context.now);
    if (!decided) return decided.failure();
    return write_outcome{200, to_json(*decided), accept ? "report.accept" : "report.return", "service_report",
                         decided->id, std::nullopt, {}, {}};
  });
}

http_response accept_report(request_context& context) { return decide_report(context, true); }
http_response return_report(request_context& context) { return decide_report(context, false); }

}  // namespace procura::api::handlers
