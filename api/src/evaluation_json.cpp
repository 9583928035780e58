#include "evaluation_json.hpp"

#include <boost/json.hpp>

#include <cmath>

#include "json_support.hpp"

namespace procura::api {
namespace {

namespace json = boost::json;
using namespace procura::evaluation;

json::value optional_time(const std::optional<timestamp>& at) {
  return at ? json::value(format_rfc3339(*at)) : json::value(nullptr);
}

std::string_view source_name(value_source source) {
  switch (source) {
    case value_source::evaluator: return "evaluator";
    case value_source::reports: return "reports";
    case value_source::satisfaction: return "satisfaction";
  }
  return "evaluator";
}

/// A JSON number typed with at most 6 decimals, as an exact fraction.
std::optional<rational> exact_number(const json::value& v) {
  if (v.is_int64()) return rational{v.get_int64()};
  if (v.is_uint64()) return rational{static_cast<std::int64_t>(v.get_uint64())};
  const double x = v.to_number<double>();
  const auto scaled = std::llround(x * 1'000'000);
  if (std::fabs(x * 1'000'000 - static_cast<double>(scaled)) > 1e-3) return std::nullopt;
  return rational(scaled, 1'000'000);
}

}  // namespace

json::object to_json(const framework& f) {
  json::array leaves;
  for (const auto& l : f.leaves) {
    json::array bands;
    for (const auto& b : l.bands) bands.push_back({{"at_least", b.at_least}, {"share", b.share}});
    leaves.push_back({{"key", l.key},
                      {"name", l.name},
                      {"level", to_string(l.level)},
                      {"group", l.group},
                      {"points", l.points},
                      {"rule", to_string(l.rule)},
                      {"source", source_name(l.source)},
                      {"metric", l.metric},
                      {"denominator", l.denominator},
                      {"target", l.target},
                      {"bands", std::move(bands)}});
  }
  return {{"key", f.key}, {"version", f.version}, {"name", f.name}, {"leaves", std::move(leaves)}};
}

framework framework_from_json(const json::object& body) {
  framework f;
  f.key = string_field(body, "key");
  f.name = string_field(body, "name");
  for (const auto& item : body.at("leaves").as_array()) {
    const auto& o = item.as_object();
    leaf l;
    l.key = string_field(o, "key");
    l.name = string_field(o, "name");
    l.level = parse_level_one(string_field(o, "level")).value_or(level_one::output);
    l.group = string_field(o, "group");
    l.points = integer_field(o, "points");
    l.rule = parse_rule_kind(string_field(o, "rule")).value_or(rule_kind::manual);
    const auto source = string_field(o, "source", "evaluator");
    l.source = source == "reports" ? value_source::reports
               : source == "satisfaction" ? value_source::satisfaction
                                          : value_source::evaluator;
    l.metric = string_field(o, "metric");
    l.denominator = string_field(o, "denominator");
    l.target = integer_field(o, "target");
    if (const auto* bands = o.if_contains("bands"))
      for (const auto& b : bands->as_array())
        l.bands.push_back({integer_field(b.as_object(), "at_least"), integer_field(b.as_object(), "share")});
    f.leaves.push_back(std::move(l));
  }
  return f;
}

result<std::vector<std::pair<std::string, leaf_input>>> leaf_inputs_from_json(const json::array& items) {
  std::vector<std::pair<std::string, leaf_input>> inputs;
  validation_errors errors;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& o = items[i].as_object();
    leaf_input in;
    if (const auto* actual = o.if_contains("actual")) {
      in.actual = exact_number(*actual);
      if (!in.actual) errors.add("/scores/" + std::to_string(i) + "/actual", "at most 6 decimals");
    }
    if (o.contains("numerator")) in.numerator = integer_field(o, "numerator");
    if (o.contains("denominator")) in.denominator = integer_field(o, "denominator");
    if (const auto* achieved = o.if_contains("achieved")) in.achieved = achieved->as_bool();
    in.judgement = string_field(o, "judgement");
    if (o.contains("percent")) in.percent = integer_field(o, "percent");
    if (const auto* points = o.if_contains("points")) {
      in.points = exact_number(*points);
      if (!in.points) errors.add("/scores/" + std::to_string(i) + "/points", "at most 6 decimals");
    }
    in.justification = string_field(o, "justification");
    in.evidence = string_field(o, "evidence");
    inputs.emplace_back(string_field(o, "leaf"), std::move(in));
  }
  if (!errors.empty()) return errors.to_error();
  return inputs;
}

json::object to_json(const performance_evaluation& e) {
  json::array report;
  for (std::size_t i = 0; i < e.used.leaves.size(); ++i) {
    const auto& l = e.used.leaves[i];
    json::object row{{"leaf", l.key}, {"name", l.name}, {"rule", to_string(l.rule)}, {"source", source_name(l.source)},
                     {"points", l.points}};
    json::array inputs;
    for (const auto& in : e.inputs) {
      if (in.leaf_key != l.key) continue;
      json::object item{{"evaluator", in.account_id}, {"revision", in.revision}, {"superseded", in.superseded},
                        {"submitted_at", format_rfc3339(in.submitted_at)}};
      if (in.input.actual) item["actual"] = in.input.actual->to_decimal(6);
      if (in.input.numerator) item["numerator"] = *in.input.numerator;
      if (in.input.denominator) item["denominator"] = *in.input.denominator;
      if (in.input.achieved) item["achieved"] = *in.input.achieved;
      if (!in.input.judgement.empty()) item["judgement"] = in.input.judgement;
      if (in.input.percent) item["percent"] = *in.input.percent;
      if (in.input.points) item["points"] = in.input.points->to_decimal(6);
      item["justification"] = in.input.justification;
      item["evidence"] = in.input.evidence;
      inputs.push_back(std::move(item));
    }
    row["inputs"] = std::move(inputs);
    for (const auto& r : e.results)
      if (r.key == l.key) {
        row["score"] = r.score.to_decimal(6);
        row["score_exact"] = r.score.to_fraction();
      }
    report.push_back(std::move(row));
  }
  json::object out{{"id", e.id},
                   {"contract_id", e.contract_id},
                   {"purchaser_id", e.purchaser_id},
                   {"supplier_id", e.supplier_id},
                   {"evaluator_id", e.evaluator_id},
                   {"kind", to_string(e.kind)},
                   {"status", to_string(e.state)},
                   {"framework", {{"key", e.used.key}, {"version", e.used.version}, {"name", e.used.name}}},
                   {"conflict_reason", e.conflict_reason},
                   {"score", e.score ? json::value(e.score->to_decimal(6)) : json::value(nullptr)},
                   {"score_exact", e.score ? json::value(e.score->to_fraction()) : json::value(nullptr)},
                   {"grade", e.grade},
                   {"effective", e.effective()},
                   {"finalized_at", optional_time(e.finalized_at)},
                   {"report", std::move(report)},
                   {"created_at", format_rfc3339(e.created_at)}};
  if (e.recipients)
    out["survey"] = {{"very_satisfied", e.recipients->very_satisfied}, {"satisfied", e.recipients->satisfied},
                     {"neutral", e.recipients->neutral}, {"dissatisfied", e.recipients->dissatisfied},
                     {"very_dissatisfied", e.recipients->very_dissatisfied}};
  if (e.appealed) {
    json::array leaves;
    for (const auto& l : e.appealed->leaves) leaves.emplace_back(l);
    out["appeal"] = {{"leaves", std::move(leaves)},
                     {"reason", e.appealed->reason},
                     {"filed_at", format_rfc3339(e.appealed->filed_at)},
                     {"answered_at", optional_time(e.appealed->answered_at)},
                     {"decision", e.appealed->decision},
                     {"answer", e.appealed->answer}};
  }
  return out;
}

}  // namespace procura::api
