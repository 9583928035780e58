#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procura/core/rational.hpp"
#include "procura/core/result.hpp"

/// Indicator frameworks and the rules that score their leaves (SPEC §3.8).
namespace procura::evaluation {

/// Level 1 of the public performance-evaluation framework; satisfaction sits under effect.
enum class level_one { decision, process, output, effect };
std::string_view to_string(level_one level);
std::optional<level_one> parse_level_one(std::string_view text);

enum class rule_kind { ratio, bands, boolean, qualitative, manual };
std::string_view to_string(rule_kind kind);
std::optional<rule_kind> parse_rule_kind(std::string_view text);

/// Where a leaf's actual value comes from.
enum class value_source {
  evaluator,     ///< entered by the evaluator, with evidence
  reports,       ///< summed from the accepted service reports of the evaluated period
  satisfaction,  ///< the satisfied share of the recipients' survey (law: 实施条例 §45)
};

/// A band: reaching `at_least` (basis points of the metric's ratio) earns `share` (basis points
/// of the leaf's points); the highest band reached counts.
struct band {
  std::int64_t at_least = 0;
  std::int64_t share = 0;
  bool operator==(const band&) const = default;
};

struct leaf {
  std::string key;  ///< stable id within the framework, e.g. "clients_served"
  std::string name;
  level_one level = level_one::output;
  std::string group;       ///< second level, e.g. "数量 quantity" or "满意度 satisfaction"
  std::int64_t points = 0;  ///< whole points; leaves sum to 100
  rule_kind rule = rule_kind::manual;
  value_source source = value_source::evaluator;
  std::string metric;           ///< report metric for source=reports (numerator)
  std::string denominator;      ///< bands over reports: the metric divided by this one
  std::int64_t target = 0;      ///< ratio: the target value (for satisfaction: a share in bp)
  std::vector<band> bands;
  bool operator==(const leaf&) const = default;
};

struct framework {
  std::string key;  ///< e.g. "anti-drug-social-work"
  std::int64_t version = 1;
  std::string name;
  std::vector<leaf> leaves;
};

/// Whether `name` is a count of a service report (a leaf's `metric` or `denominator`).
bool is_report_metric(std::string_view name);

/// Checks a framework: leaf keys unique, points positive and summing to 100, each rule complete
/// (every field its rule reads when scored: a ratio's target, bands and, over reports, the
/// metric and its denominator; evaluator-scored rules take their input from the evaluator), each
/// fault named by its JSON Pointer under /framework/leaves.
status validate_framework(const framework& f);

/// The ready templates: the self-evaluation weights (output 50, effect 30, satisfaction 10,
/// budget execution 10) and one for anti-drug social work.
std::vector<framework> templates();
std::optional<framework> find_template(std::string_view key);

/// What an evaluator says about one leaf.
struct leaf_input {
  std::optional<rational> actual;    ///< ratio with source=evaluator
  std::optional<std::int64_t> numerator;    ///< bands with source=evaluator
  std::optional<std::int64_t> denominator;
  std::optional<bool> achieved;      ///< boolean
  std::string judgement;             ///< qualitative: achieved, partly, not
  std::optional<std::int64_t> percent;  ///< qualitative: share of points within the judgement's range
  std::optional<rational> points;    ///< manual
  std::string justification;
  std::string evidence;
};

/// Facts taken from the data rather than from an evaluator.
struct leaf_facts {
  std::optional<std::int64_t> report_value;        ///< sum of `metric` over accepted reports
  std::optional<std::int64_t> report_denominator;  ///< sum of `denominator`
  std::optional<rational> satisfied_share;         ///< (very satisfied + satisfied) / answers
};

/// The points a leaf earns, exactly, or why the input cannot be scored (naming the field).
result<rational> score_leaf(const leaf& l, const leaf_input& input, const leaf_facts& facts);

/// Grade bands (law, 财预〔2020〕10号): 优 ≥ 90, 良 80 to < 90, 中 60 to < 80, 差 < 60.
std::string grade_of(const rational& score);

}  // namespace procura::evaluation
