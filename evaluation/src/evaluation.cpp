#include "procura/evaluation/evaluation.hpp"

#include <algorithm>
#include <map>

#include "procura/core/ids.hpp"
#include "procura/core/time.hpp"

namespace procura::evaluation {
namespace {

constexpr int appeal_days = 10;

result<performance_evaluation> saved(evaluation_repository& evaluations, performance_evaluation e) {
  ++e.version;
  evaluations.update(e);
  return e;
}

std::optional<leaf> find_leaf(const framework& f, const std::string& key) {
  for (const auto& l : f.leaves)
    if (l.key == key) return l;
  return std::nullopt;
}

std::int64_t report_metric(const contracts::service_report& r, const std::string& metric) {
  const auto& n = r.counts;
  if (metric == "clients_served") return n.clients_served;
  if (metric == "new_intakes") return n.new_intakes;
  if (metric == "home_visits") return n.home_visits;
  if (metric == "counselling_sessions") return n.counselling_sessions;
  if (metric == "family_sessions") return n.family_sessions;
  if (metric == "referrals") return n.referrals;
  if (metric == "prevention_events") return n.prevention_events;
  if (metric == "prevention_attendance") return n.prevention_attendance;
  if (metric == "training_hours") return n.training_hours;
  if (metric == "no_relapse_one_year") return n.no_relapse_one_year;
  if (metric == "no_relapse_three_years") return n.no_relapse_three_years;
  if (metric == "relapses") return n.relapses;
  if (metric == "employment_placements") return n.employment_placements;
  return 0;
}

/// Counts that describe a caseload at a moment (clients, abstinence) are taken from the latest
/// accepted report; activity counts (visits, sessions, …) are summed over the period.
bool is_stock(const std::string& metric) {
  return metric == "clients_served" || metric == "no_relapse_one_year" || metric == "no_relapse_three_years";
}

/// A flow (visits, sessions) summed over the accepted reports; a stock (clients served, clients
/// abstinent) from the latest accepted report that served anyone, so that a last month with no
/// clients (a wind-down) neither zeroes the caseload leaf nor leaves a ratio of two stocks
/// without a base. Only when no report served anyone does the latest one count.
std::optional<std::int64_t> report_value(const std::string& metric, const std::vector<contracts::service_report>& reports) {
  std::optional<std::int64_t> value;
  bool from_a_serving_report = false;
  for (const auto& r : reports) {
    if (r.status != contracts::report_status::accepted) continue;
    const auto v = report_metric(r, metric);
    if (!is_stock(metric)) {
      value = value.value_or(0) + v;
    } else if (r.counts.clients_served > 0 || !from_a_serving_report) {
      value = v;
      from_a_serving_report = r.counts.clients_served > 0;
    }
  }
  return value;
}

}  // namespace

std::string_view to_string(evaluation_kind kind) { return kind == evaluation_kind::final ? "final" : "mid_term"; }

std::string_view to_string(evaluation_state state) {
  switch (state) {
    case evaluation_state::assigned: return "assigned";
    case evaluation_state::conflicted: return "conflicted";
    case evaluation_state::open: return "open";
    case evaluation_state::finalized: return "finalized";
  }
  return "unknown";
}

namespace {

/// The contract's final evaluation that was finalized, if any: the one that grades it.
std::optional<performance_evaluation> finalized_final_of(evaluation_repository& evaluations,
                                                         const std::string& contract_id) {
  for (auto& existing : evaluations.of_contract(contract_id))
    if (existing.kind == evaluation_kind::final && existing.state == evaluation_state::finalized)
      return std::move(existing);
  return std::nullopt;
}

}  // namespace

result<performance_evaluation> open_evaluation(evaluation_repository& evaluations, const contracts::contract& c,
                                   evaluation_kind kind, std::string evaluator_id, framework used, timestamp now) {
  if (c.state != contracts::contract_state::active && c.state != contracts::contract_state::completed)
    return error::conflict("an evaluation is made of an active or completed contract");
  if (auto valid = validate_framework(used); !valid) return valid.failure();
  // One final grade a contract: it moves the final instalment and enters the track record, so a
  // second would let a purchaser pick the grade it prefers (several evaluators score within the
  // one evaluation, SPEC §3.8). Another final evaluation may be opened while none is finalized
  // (an evaluator that never declares or scores must not hold the final payment for good);
  // the first finalized is the grade, and the others can no longer be finalized.
  if (kind == evaluation_kind::final)
    if (const auto graded = finalized_final_of(evaluations, c.id))
      return error::conflict("contract " + c.id + " was graded by its final evaluation " + graded->id +
                             ": a contract is graded once; an appeal is the way to question it");
  performance_evaluation e;
  e.id = new_id("evl");
  e.contract_id = c.id;
  e.purchaser_id = c.purchaser_id;
  e.supplier_id = c.supplier_id;
  e.evaluator_id = std::move(evaluator_id);
  e.kind = kind;
  e.used = std::move(used);
  e.created_at = now;
  evaluations.insert(e);
  return e;
}

result<performance_evaluation> declare_conflict(evaluation_repository& evaluations, performance_evaluation e, bool conflict, std::string reason,
                                    timestamp now) {
  (void)now;
  if (e.state != evaluation_state::assigned) return error::conflict("the evaluator has already declared");
  if (conflict) {
    if (reason.empty()) return error::rule("/reason", "describe the conflict");
    e.state = evaluation_state::conflicted;
    e.conflict_reason = std::move(reason);
  } else {
    e.state = evaluation_state::open;
  }
  return saved(evaluations, std::move(e));
}

namespace {

/// The most people the accepted reports can have served: the largest caseload reported plus every
/// new intake (generous: an intake is counted again in a later caseload). Nothing without reports.
std::optional<std::int64_t> most_people_served(const std::vector<contracts::service_report>& reports) {
  std::optional<std::int64_t> largest;
  std::int64_t intakes = 0;
  for (const auto& r : reports) {
    // Reports awaiting acceptance count too: a survey taken while they wait is not refused
    // for the purchaser's delay. A returned report is being corrected.
    if (r.status == contracts::report_status::returned) continue;
    largest = std::max(largest.value_or(0), r.counts.clients_served);
    intakes += std::max<std::int64_t>(r.counts.new_intakes, 0);
  }
  if (!largest) return std::nullopt;
  return *largest + intakes;
}

/// A hand score for a leaf computed from the data would be stored and never used (decision 79).
std::optional<std::string> not_scored_by_hand(const leaf& l) {
  if (l.source == value_source::satisfaction)
    return "leaf " + l.key + " is computed from the recipients' survey, not scored by hand (on appeal, send the "
                             "survey again with the answer)";
  if (l.source == value_source::reports)
    return "leaf " + l.key + " is computed from the accepted service reports, not scored by hand";
  return std::nullopt;
}

std::optional<error> survey_error(const survey& answers, const std::vector<contracts::service_report>& reports) {
  for (const auto count : {answers.very_satisfied, answers.satisfied, answers.neutral, answers.dissatisfied,
                           answers.very_dissatisfied})
    if (count < 0) return error::rule("/survey", "answer counts cannot be negative");
  if (answers.answers() == 0) return error::rule("/survey", "a survey has at least one answer");
  if (const auto served = most_people_served(reports); served && answers.answers() > *served)
    return error::rule("/survey", std::to_string(answers.answers()) + " answers, but the accepted service reports show at most " +
                                      std::to_string(*served) + " people served");
  return std::nullopt;
}

}  // namespace

result<performance_evaluation> record_survey(evaluation_repository& evaluations, performance_evaluation e, survey answers,
                                             const std::vector<contracts::service_report>& reports) {
  if (e.state != evaluation_state::open) return error::conflict("the evaluation is not open for scoring");
  if (auto invalid = survey_error(answers, reports)) return std::move(*invalid);
  e.recipients = answers;
  return saved(evaluations, std::move(e));
}

leaf_facts facts_for(const leaf& l, const std::vector<contracts::service_report>& reports,
                     const std::optional<survey>& recipients) {
  leaf_facts facts;
  if (l.source == value_source::reports) {
    facts.report_value = report_value(l.metric, reports);
    if (!l.denominator.empty()) facts.report_denominator = report_value(l.denominator, reports);
  }
  if (recipients && recipients->answers() > 0)
    facts.satisfied_share = rational(recipients->very_satisfied + recipients->satisfied, recipients->answers());
  return facts;
}

result<performance_evaluation> record_inputs(evaluation_repository& evaluations, performance_evaluation e, const std::string& account_id,
                                 const std::vector<std::pair<std::string, leaf_input>>& inputs,
                                 const std::vector<contracts::service_report>& reports, timestamp now) {
  if (e.state != evaluation_state::open) return error::conflict("the evaluation is not open for scoring");
  validation_errors errors;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const auto& [key, input] = inputs[i];
    const auto l = find_leaf(e.used, key);
    if (!l) {
      errors.add("/scores/" + std::to_string(i) + "/leaf", "no leaf " + key + " in this framework");
      continue;
    }
    if (const auto data = not_scored_by_hand(*l)) {
      errors.add("/scores/" + std::to_string(i) + "/leaf", *data);
      continue;
    }
    const auto scored = score_leaf(*l, input, facts_for(*l, reports, e.recipients));
    if (!scored)
      for (const auto& field : scored.failure().fields) errors.add("/scores/" + std::to_string(i) + field.pointer, field.message);
  }
  if (!errors.empty()) return errors.to_error();
  for (const auto& [key, input] : inputs) {
    std::int64_t revision = 1;
    for (auto& existing : e.inputs)
      if (existing.account_id == account_id && existing.leaf_key == key && !existing.superseded) {
        existing.superseded = true;
        revision = existing.revision + 1;
      }
    e.inputs.push_back({account_id, key, input, revision, false, now});
  }
  return saved(evaluations, std::move(e));
}

result<std::vector<leaf_result>> compute_results(const performance_evaluation& e, const std::vector<contracts::service_report>& reports) {
  std::vector<leaf_result> results;
  for (const auto& l : e.used.leaves) {
    leaf_result r{l.key, rational{0}, {}};
    const auto facts = facts_for(l, reports, e.recipients);
    std::map<std::string, rational> by_account;
    for (const auto& input : e.inputs) {
      if (input.superseded || input.leaf_key != l.key) continue;
      auto scored = score_leaf(l, input.input, facts);
      if (!scored) return scored.failure();
      by_account[input.account_id] = *scored;
    }
    // A leaf computed from the data needs no evaluator input.
    if (by_account.empty() && (l.source != value_source::evaluator)) {
      auto scored = score_leaf(l, leaf_input{}, facts);
      if (!scored) return error::rule("/leaves/" + l.key, "leaf " + l.key + ": " + scored.failure().detail);
      by_account["data"] = *scored;
    }
    if (by_account.empty()) return error::conflict("leaf " + l.key + " has not been scored");
    rational sum{0};
    for (const auto& [account, score] : by_account) {
      r.by_evaluator.push_back(score);
      sum += score;
    }
    r.score = sum / rational{static_cast<std::int64_t>(by_account.size())};
    results.push_back(std::move(r));
  }
  return results;
}

namespace {

/// Sets the score, the sum of the leaves' results, and its grade.
void total_results(performance_evaluation& e) {
  rational total{0};
  for (const auto& r : e.results) total += r.score;
  e.score = total;
  e.grade = grade_of(total);
}

/// Computes the results from the stored inputs and fixes score, grade and state on `e`.
status settle(performance_evaluation& e, const std::vector<contracts::service_report>& reports) {
  auto results = compute_results(e, reports);
  if (!results) return results.failure();
  e.results = std::move(*results);
  total_results(e);
  e.state = evaluation_state::finalized;
  return done{};
}

}  // namespace

result<performance_evaluation> finalize_evaluation(evaluation_repository& evaluations, performance_evaluation e,
                                       const std::vector<contracts::service_report>& reports, timestamp now) {
  if (e.state != evaluation_state::open) return error::conflict("only an open evaluation is finalized");
  if (e.kind == evaluation_kind::final)
    if (const auto graded = finalized_final_of(evaluations, e.contract_id))
      return error::conflict("contract " + e.contract_id + " was already graded by final evaluation " + graded->id +
                             ": this one can no longer be finalized");
  // The survey may have come before any report: it is held to the people served again here.
  if (e.recipients)
    if (auto invalid = survey_error(*e.recipients, reports)) return std::move(*invalid);
  if (auto settled = settle(e, reports); !settled) return settled.failure();
  e.finalized_at = now;
  return saved(evaluations, std::move(e));
}

result<performance_evaluation> file_appeal(evaluation_repository& evaluations, performance_evaluation e, std::vector<std::string> leaves,
                               std::string reason, timestamp now) {
  if (e.state != evaluation_state::finalized || !e.finalized_at) return error::conflict("only a finalized evaluation is appealed");
  if (e.appealed) return error::conflict("the evaluation was already appealed");
  if (now > *e.appeal_window_end())
    return error::conflict("the appeal period ended at " + format_rfc3339(*e.appeal_window_end()) +
                           " (10 days after finalization)");
  validation_errors errors;
  if (leaves.empty()) errors.add("/leaves", "name the leaves appealed");
  for (std::size_t i = 0; i < leaves.size(); ++i)
    if (!find_leaf(e.used, leaves[i])) errors.add("/leaves/" + std::to_string(i), "no leaf " + leaves[i]);
  if (reason.empty()) errors.add("/reason", "give the reasons");
  if (!errors.empty()) return errors.to_error();
  e.appealed = appeal{std::move(leaves), std::move(reason), now, std::nullopt, {}, {}};
  return saved(evaluations, std::move(e));
}

result<performance_evaluation> answer_appeal(evaluation_repository& evaluations, performance_evaluation e, const std::string& account_id,
                                 bool rescore, std::string reason,
                                 const std::vector<std::pair<std::string, leaf_input>>& new_inputs,
                                 const std::vector<contracts::service_report>& reports, timestamp now,
                                 const std::optional<survey>& new_survey) {
  if (!e.appealed || !e.appealed->open()) return error::conflict("there is no open appeal");
  if (reason.empty()) return error::rule("/reason", "give the reasons of the answer");
  const auto named = [&](const std::string& key) {
    return std::find(e.appealed->leaves.begin(), e.appealed->leaves.end(), key) != e.appealed->leaves.end();
  };
  if (new_survey && !rescore) return error::rule("/survey", "a survey is recorded again only to re-score");
  if (rescore) {
    // A leaf computed from the data is refused by record_inputs below, as on /scores.
    for (std::size_t i = 0; i < new_inputs.size(); ++i)
      if (!named(new_inputs[i].first))
        return error::rule("/scores/" + std::to_string(i) + "/leaf", "only the appealed leaves are re-scored");
    if (new_survey) {
      const bool survey_appealed = std::any_of(e.used.leaves.begin(), e.used.leaves.end(), [&](const leaf& l) {
        return l.source == value_source::satisfaction && named(l.key);
      });
      if (!survey_appealed) return error::rule("/survey", "the appeal names no leaf fed by the recipients' survey");
      if (auto invalid = survey_error(*new_survey, reports)) return std::move(*invalid);
      e.recipients = *new_survey;
    }
    // Re-open the named leaves, record the new inputs (old ones stay, superseded), recompute.
    const auto finalized_results = e.results;
    e.state = evaluation_state::open;
    auto updated = record_inputs(evaluations, std::move(e), account_id, new_inputs, reports, now);
    if (!updated) return updated.failure();
    e = std::move(*updated);
    if (auto settled = settle(e, reports); !settled) return settled.failure();
    // Only the named leaves are reopened (SPEC §3.8): the others keep their finalized results,
    // though reports accepted since then would compute them otherwise.
    for (auto& result : e.results) {
      const bool appealed = std::find(e.appealed->leaves.begin(), e.appealed->leaves.end(), result.key) !=
                            e.appealed->leaves.end();
      if (!appealed)
        for (const auto& kept : finalized_results)
          if (kept.key == result.key) result = kept;
    }
    total_results(e);
  }
  e.appealed->answered_at = now;
  e.appealed->decision = rescore ? "rescored" : "rejected";
  e.appealed->answer = std::move(reason);
  return saved(evaluations, std::move(e));
}

std::vector<rational> track_record_scores(const std::vector<performance_evaluation>& of_supplier, timestamp now) {
  std::vector<const performance_evaluation*> finals;
  for (const auto& e : of_supplier)
    if (e.kind == evaluation_kind::final && e.grade_stands(now) && e.score) finals.push_back(&e);
  std::sort(finals.begin(), finals.end(), [](const performance_evaluation* a, const performance_evaluation* b) { return *a->finalized_at > *b->finalized_at; });
  std::vector<rational> scores;
  for (const auto* e : finals) scores.push_back(*e->score);
  return scores;
}

std::optional<timestamp> performance_evaluation::appeal_window_end() const {
  if (!finalized_at) return std::nullopt;
  // Days counted as the law counts them (民法典 §201, as for signing): from the day after
  // finalization to the close of the 10th day, China time.
  return end_of_days_after(*finalized_at, appeal_days);
}

bool performance_evaluation::grade_stands(timestamp now) const {
  if (state != evaluation_state::finalized || !finalized_at) return false;
  // An appeal answered after `now` had not yet settled the grade at `now` (a tender's deadline, for
  // the track record, may lie in the past).
  if (appealed) return appealed->answered_at && *appealed->answered_at <= now;
  return now > *appeal_window_end();
}

namespace {

contracts::grade_standing standing_of(const std::vector<performance_evaluation>& of_contract,
                                      std::optional<evaluation_kind> kind, timestamp now) {
  const performance_evaluation* latest = nullptr;
  for (const auto& e : of_contract) {
    if (e.state != evaluation_state::finalized || !e.finalized_at) continue;
    if (kind && e.kind != *kind) continue;
    if (!latest || *e.finalized_at > *latest->finalized_at) latest = &e;
  }
  contracts::grade_standing standing;
  if (!latest) return standing;
  standing.basis = std::string(latest->kind == evaluation_kind::final ? "final" : "mid-term") + " evaluation " +
                   latest->id + " (finalized " + format_rfc3339(*latest->finalized_at) + ")";
  if (!latest->grade_stands(now)) {
    if (latest->appealed) standing.appeal_open = true;
    else standing.waits_until = latest->appeal_window_end();
    return standing;
  }
  standing.grade = latest->grade;
  const auto effect = final_grade_effect(latest->grade);
  standing.paid_share = effect.paid_share;
  standing.withheld = effect.withheld;
  return standing;
}

}  // namespace

contracts::condition_facts grade_facts(const std::vector<performance_evaluation>& of_contract, timestamp now) {
  contracts::condition_facts facts;
  facts.latest = standing_of(of_contract, std::nullopt, now);
  facts.final_evaluation = standing_of(of_contract, evaluation_kind::final, now);
  return facts;
}

payment_effect final_grade_effect(const std::string& grade) {
  if (grade == "中") return {9000, false};
  if (grade == "差") return {0, true};
  return {10000, false};
}

}  // namespace procura::evaluation
