#include "procura/evaluation/framework.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "procura/core/wide_integer.hpp"

namespace procura::evaluation {

std::string_view to_string(level_one level) {
  switch (level) {
    case level_one::decision: return "decision";
    case level_one::process: return "process";
    case level_one::output: return "output";
    case level_one::effect: return "effect";
  }
  return "unknown";
}

std::optional<level_one> parse_level_one(std::string_view text) {
  for (const auto l : {level_one::decision, level_one::process, level_one::output, level_one::effect})
    if (to_string(l) == text) return l;
  return std::nullopt;
}

std::string_view to_string(rule_kind kind) {
  switch (kind) {
    case rule_kind::ratio: return "ratio";
    case rule_kind::bands: return "bands";
    case rule_kind::boolean: return "boolean";
    case rule_kind::qualitative: return "qualitative";
    case rule_kind::manual: return "manual";
  }
  return "unknown";
}

std::optional<rule_kind> parse_rule_kind(std::string_view text) {
  for (const auto k : {rule_kind::ratio, rule_kind::bands, rule_kind::boolean, rule_kind::qualitative, rule_kind::manual})
    if (to_string(k) == text) return k;
  return std::nullopt;
}

bool is_report_metric(std::string_view name) {
  static constexpr std::array<std::string_view, 13> metrics{
      "clients_served",         "new_intakes", "home_visits", "counselling_sessions", "family_sessions",
      "referrals",              "prevention_events", "prevention_attendance", "training_hours", "no_relapse_one_year",
      "no_relapse_three_years", "relapses",    "employment_placements"};
  return std::find(metrics.begin(), metrics.end(), name) != metrics.end();
}

status validate_framework(const framework& f) {
  validation_errors errors;
  std::set<std::string> keys;
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < f.leaves.size(); ++i) {
    const auto& l = f.leaves[i];
    const std::string at = "/framework/leaves/" + std::to_string(i);
    if (l.key.empty() || !keys.insert(l.key).second) errors.add(at + "/key", "leaf keys are unique and not empty");
    if (l.points <= 0) errors.add(at + "/points", "a leaf carries positive points");
    sum += l.points;
    // Every field the leaf's rule reads when it is scored: a framework that passes here can be
    // finalized once its inputs are in, never failing later on a field it lacks.
    const bool from_reports = l.source == value_source::reports;
    if (from_reports && l.metric.empty()) errors.add(at + "/metric", "name the report metric");
    else if (from_reports && !is_report_metric(l.metric))
      errors.add(at + "/metric", "no report metric " + l.metric);
    switch (l.rule) {
      case rule_kind::ratio:
        if (l.target <= 0) errors.add(at + "/target", "a ratio needs a positive target");
        break;
      case rule_kind::bands:
        if (l.bands.empty()) errors.add(at + "/bands", "bands need at least one band");
        for (std::size_t b = 0; b < l.bands.size(); ++b) {
          if (l.bands[b].at_least < 0 || l.bands[b].at_least > 10000)
            errors.add(at + "/bands/" + std::to_string(b) + "/at_least", "a threshold is 0 to 10000 basis points");
          if (l.bands[b].share < 0 || l.bands[b].share > 10000)
            errors.add(at + "/bands/" + std::to_string(b) + "/share", "a share is 0 to 10000 basis points");
        }
        if (from_reports && l.denominator.empty())
          errors.add(at + "/denominator", "bands over reports divide the metric by a base: name the report metric");
        else if (from_reports && !is_report_metric(l.denominator))
          errors.add(at + "/denominator", "no report metric " + l.denominator);
        if (l.source == value_source::satisfaction)
          errors.add(at + "/source", "bands take a count and its base from the evaluator or the reports");
        break;
      case rule_kind::boolean:
      case rule_kind::qualitative:
      case rule_kind::manual:
        if (l.source != value_source::evaluator)
          errors.add(at + "/source", "a " + std::string(to_string(l.rule)) + " leaf is scored by the evaluator");
        break;
    }
  }
  if (f.leaves.empty()) errors.add("/framework/leaves", "a framework has leaves");
  else if (sum != 100) errors.add("/framework/leaves", "leaf points must sum to 100, not " + std::to_string(sum));
  // The people served are asked (law, 实施条例 §45): their survey feeds a satisfaction leaf,
  // which the public framework places under effect (SPEC §3.8).
  for (std::size_t i = 0; i < f.leaves.size(); ++i)
    if (f.leaves[i].source == value_source::satisfaction && f.leaves[i].level != level_one::effect)
      errors.add("/framework/leaves/" + std::to_string(i) + "/level", "satisfaction sits under effect");
  if (!f.leaves.empty() && std::none_of(f.leaves.begin(), f.leaves.end(), [](const leaf& l) {
        return l.source == value_source::satisfaction;
      }))
    errors.add("/framework/leaves",
               "the recipients' survey must count: add a satisfaction leaf (source satisfaction, under effect), as "
               "public services are accepted with the opinions of the people served (law, 实施条例 §45)");
  if (!errors.empty()) return errors.to_error();
  return done{};
}

std::vector<framework> templates() {
  using enum level_one;
  using enum rule_kind;
  framework self_evaluation{"self-evaluation", 1, "部门整体支出绩效自评 self-evaluation weights", {
      {"output_quantity", "产出数量 output quantity", output, "数量", 25, ratio, value_source::evaluator, "", "", 100, {}},
      {"output_quality", "产出质量 output quality", output, "质量", 25, qualitative, value_source::evaluator, "", "", 0, {}},
      {"effect", "效益 effect", effect, "效益", 30, qualitative, value_source::evaluator, "", "", 0, {}},
      {"satisfaction", "满意度 satisfaction", effect, "满意度", 10, ratio, value_source::satisfaction, "", "", 9500, {}},
      {"budget_execution", "预算执行率 budget execution", process, "预算执行", 10, ratio, value_source::evaluator, "", "", 100, {}},
  }};
  framework anti_drug{"anti-drug-social-work", 1, "社区戒毒社区康复社会工作服务绩效评价 anti-drug social work", {
      {"caseload_coverage", "服务对象覆盖 caseload coverage", output, "数量", 15, ratio, value_source::reports,
       "clients_served", "", 300, {}},
      {"worker_ratio", "社工配比达标 worker-to-client ratio vs standard", process, "配置", 10, boolean,
       value_source::evaluator, "", "", 0, {}},
      {"certified_share", "持证社工占比 certified-worker share", process, "配置", 5, bands, value_source::evaluator, "", "",
       0, {{7000, 10000}, {5000, 7000}, {0, 4000}}},
      {"salary_compliance", "薪酬达标 salary compliance", process, "保障", 5, boolean, value_source::evaluator, "", "", 0, {}},
      {"visits_and_sessions", "走访与辅导 visits and sessions delivered", output, "数量", 15, ratio, value_source::reports,
       "home_visits", "", 3000, {}},
      {"referrals", "转介服务 referrals", output, "质量", 5, ratio, value_source::reports, "referrals", "", 100, {}},
      {"employment", "就业安置 employment placements", effect, "效益", 10, qualitative, value_source::evaluator, "", "", 0, {}},
      {"abstinence_one_year", "一年未复吸率 1-year abstinence", effect, "效益", 10, bands, value_source::reports,
       "no_relapse_one_year", "clients_served", 0, {{8000, 10000}, {7000, 8000}, {6000, 6000}}},
      {"abstinence_three_years", "三年未复吸率 3-year abstinence", effect, "效益", 10, bands, value_source::reports,
       "no_relapse_three_years", "clients_served", 0, {{5000, 10000}, {3000, 7000}, {1000, 4000}}},
      {"satisfaction", "服务对象满意度 satisfaction", effect, "满意度", 10, ratio, value_source::satisfaction, "", "", 9500, {}},
      {"budget_execution", "预算执行 budget execution", process, "预算执行", 5, ratio, value_source::evaluator, "", "", 100, {}},
  }};
  return {self_evaluation, anti_drug};
}

std::optional<framework> find_template(std::string_view key) {
  for (auto& f : templates())
    if (f.key == key) return f;
  return std::nullopt;
}

result<rational> score_leaf(const leaf& l, const leaf_input& input, const leaf_facts& facts) {
  const rational points{l.points};
  switch (l.rule) {
    case rule_kind::ratio: {
      std::optional<rational> actual;
      rational target{l.target};
      if (l.source == value_source::reports) {
        if (facts.report_value) actual = rational{*facts.report_value};
      } else if (l.source == value_source::satisfaction) {
        if (facts.satisfied_share) actual = *facts.satisfied_share * rational{10000};
      } else {
        actual = input.actual;
      }
      if (!actual) return error::rule("/actual", "no actual value for " + l.key);
      if (*actual < rational{0}) return error::rule("/actual", "the actual value cannot be negative");
      const rational ratio = *actual / target;
      return (ratio > rational{1} ? rational{1} : ratio) * points;
    }
    case rule_kind::bands: {
      std::optional<std::int64_t> numerator = input.numerator, denominator = input.denominator;
      if (l.source == value_source::reports) {
        numerator = facts.report_value;
        denominator = facts.report_denominator;
        // Accepted reports that never served anyone show no outcome to score: no points, rather
        // than an evaluation that can never be finalized (the leaf takes no hand score).
        if (numerator && denominator && *denominator == 0) return rational{0};
      }
      if (!numerator || !denominator || *denominator <= 0 || *numerator < 0)
        return error::rule("/numerator", "bands need a count and a positive base, for " + l.key);
      // An evaluator's count is part of its base, and a larger one is a typing error to fix. From
      // reports, a summed activity may outgrow a caseload it is divided by (visits per client):
      // that reaches every band rather than leave the evaluation unfinishable.
      if (*numerator > *denominator && l.source != value_source::reports)
        return error::rule("/numerator", "bands need a count that is part of its base, for " + l.key);
      const std::int64_t counted = std::min(*numerator, *denominator);
      // The highest band whose threshold (basis points) the exact ratio reaches.
      const rational value(static_cast<wide_integer>(counted) * 10000, *denominator);
      std::optional<band> best;
      for (const auto& b : l.bands)
        if (value >= rational{b.at_least} && (!best || b.at_least > best->at_least)) best = b;
      return best ? points * rational(best->share, 10000) : rational{0};
    }
    case rule_kind::boolean:
      if (!input.achieved) return error::rule("/achieved", "say whether " + l.key + " was achieved");
      return *input.achieved ? points : rational{0};
    case rule_kind::qualitative: {
      std::int64_t low = 0, high = 0;
      if (input.judgement == "achieved") { low = 80; high = 100; }
      else if (input.judgement == "partly") { low = 60; high = 80; }
      else if (input.judgement == "not") { low = 0; high = 60; }
      else return error::rule("/judgement", "judgement is achieved, partly or not");
      if (!input.percent || *input.percent < low || *input.percent > high)
        return error::rule("/percent", "for \"" + input.judgement + "\" give " + std::to_string(low) + " to " +
                                           std::to_string(high) + " percent of the points");
      // "partly" is 60 to below 80; 80 belongs to "achieved".
      if ((input.judgement == "partly" || input.judgement == "not") && *input.percent == high)
        return error::rule("/percent", "for \"" + input.judgement + "\" the percent is below " + std::to_string(high));
      return points * rational(*input.percent, 100);
    }
    case rule_kind::manual:
      if (!input.points || *input.points < rational{0} || *input.points > points)
        return error::rule("/points", "give 0 to " + std::to_string(l.points) + " points for " + l.key);
      if (input.justification.empty()) return error::rule("/justification", "a manual score needs a written justification");
      return *input.points;
  }
  return rational{0};
}

std::string grade_of(const rational& score) {
  if (score >= rational{90}) return "优";
  if (score >= rational{80}) return "良";
  if (score >= rational{60}) return "中";
  return "差";
}

}  // namespace procura::evaluation
