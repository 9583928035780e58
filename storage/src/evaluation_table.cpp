#include <sstream>

#include "tables.hpp"

namespace procura::storage {
namespace {

using namespace procura::evaluation;

constexpr auto evaluation_columns =
    "id, contract_id, purchaser_id, supplier_id, evaluator_id, kind, framework_key, framework_version, framework_name,"
    " state, conflict_reason, survey, score, grade, finalized_at, appeal_leaves, appeal_reason, appeal_filed_at,"
    " appeal_answered_at, appeal_decision, appeal_answer, created_at, version";

std::string source_name(value_source source) {
  switch (source) {
    case value_source::evaluator: return "evaluator";
    case value_source::reports: return "reports";
    case value_source::satisfaction: return "satisfaction";
  }
  return "evaluator";
}

value_source source_of(const std::string& name) {
  if (name == "reports") return value_source::reports;
  if (name == "satisfaction") return value_source::satisfaction;
  return value_source::evaluator;
}

evaluation_state state_of(const std::string& name) {
  if (name == "conflicted") return evaluation_state::conflicted;
  if (name == "open") return evaluation_state::open;
  if (name == "finalized") return evaluation_state::finalized;
  return evaluation_state::assigned;
}

template <class T>
void bind_optional_value(SQLite::Statement& s, int index, const std::optional<T>& value) {
  if (value) s.bind(index, *value);
  else s.bind(index);
}

void bind_time(SQLite::Statement& s, int index, const std::optional<timestamp>& value) {
  if (value) s.bind(index, format_rfc3339(*value));
  else s.bind(index);
}

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream stream(text);
  for (std::string word; stream >> word;) out.push_back(word);
  return out;
}

}  // namespace

void evaluation_table::write(const performance_evaluation& e, bool insert) {
  if (!insert) {
    for (const char* table : {"evaluation_leaves", "evaluation_inputs", "evaluation_results"}) {
      auto& remove = db_.prepare(std::string("DELETE FROM ") + table + " WHERE evaluation_id = ?");
      remove.bind(1, e.id);
      remove.exec();
    }
  }
  auto& s = db_.prepare(std::string(insert ? "INSERT" : "UPDATE evaluations SET id = ?1") +
                        (insert ? std::string(" INTO evaluations (") + evaluation_columns +
                                      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
                                      " ?18, ?19, ?20, ?21, ?22, ?23)"
                                : ", state = ?10, conflict_reason = ?11, survey = ?12, score = ?13, grade = ?14,"
                                  " finalized_at = ?15, appeal_leaves = ?16, appeal_reason = ?17, appeal_filed_at = ?18,"
                                  " appeal_answered_at = ?19, appeal_decision = ?20, appeal_answer = ?21, version = ?23"
                                  " WHERE id = ?1"));
  s.bind(1, e.id);
  if (insert) {
    s.bind(2, e.contract_id);
    s.bind(3, e.purchaser_id);
    s.bind(4, e.supplier_id);
    s.bind(5, e.evaluator_id);
    s.bind(6, std::string(to_string(e.kind)));
    s.bind(7, e.used.key);
    s.bind(8, e.used.version);
    s.bind(9, e.used.name);
    s.bind(22, format_rfc3339(e.created_at));
  }
  s.bind(10, std::string(to_string(e.state)));
  s.bind(11, e.conflict_reason);
  if (e.recipients) {
    const auto& r = *e.recipients;
    s.bind(12, std::to_string(r.very_satisfied) + " " + std::to_string(r.satisfied) + " " + std::to_string(r.neutral) +
                   " " + std::to_string(r.dissatisfied) + " " + std::to_string(r.very_dissatisfied));
  } else {
    s.bind(12);
  }
  if (e.score) s.bind(13, e.score->to_fraction()); else s.bind(13);
  s.bind(14, e.grade);
  bind_time(s, 15, e.finalized_at);
  if (e.appealed) {
    std::string leaves;
    for (const auto& l : e.appealed->leaves) leaves += (leaves.empty() ? "" : " ") + l;
    s.bind(16, leaves);
    s.bind(17, e.appealed->reason);
    s.bind(18, format_rfc3339(e.appealed->filed_at));
    bind_time(s, 19, e.appealed->answered_at);
    s.bind(20, e.appealed->decision);
    s.bind(21, e.appealed->answer);
  } else {
    s.bind(16);
    s.bind(17, std::string());
    s.bind(18);
    s.bind(19);
    s.bind(20, std::string());
    s.bind(21, std::string());
  }
  s.bind(23, e.version);
  s.exec();

  auto& leaf_row = db_.prepare(
      "INSERT INTO evaluation_leaves (evaluation_id, position, key, name, level, grp, points, rule, source, metric,"
      " denominator, target, bands) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < e.used.leaves.size(); ++i) {
    const auto& l = e.used.leaves[i];
    std::string bands;
    for (const auto& b : l.bands) bands += (bands.empty() ? "" : " ") + std::to_string(b.at_least) + ":" + std::to_string(b.share);
    leaf_row.reset();
    int p = 1;
    leaf_row.bind(p++, e.id);
    leaf_row.bind(p++, static_cast<std::int64_t>(i));
    leaf_row.bind(p++, l.key);
    leaf_row.bind(p++, l.name);
    leaf_row.bind(p++, std::string(to_string(l.level)));
    leaf_row.bind(p++, l.group);
    leaf_row.bind(p++, l.points);
    leaf_row.bind(p++, std::string(to_string(l.rule)));
    leaf_row.bind(p++, source_name(l.source));
    leaf_row.bind(p++, l.metric);
    leaf_row.bind(p++, l.denominator);
    leaf_row.bind(p++, l.target);
    leaf_row.bind(p++, bands);
    leaf_row.exec();
  }
  auto& input_row = db_.prepare(
      "INSERT INTO evaluation_inputs (evaluation_id, position, account_id, leaf_key, revision, superseded, actual,"
      " numerator, denominator, achieved, judgement, percent, points, justification, evidence, submitted_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < e.inputs.size(); ++i) {
    const auto& in = e.inputs[i];
    input_row.reset();
    int p = 1;
    input_row.bind(p++, e.id);
    input_row.bind(p++, static_cast<std::int64_t>(i));
    input_row.bind(p++, in.account_id);
    input_row.bind(p++, in.leaf_key);
    input_row.bind(p++, in.revision);
    input_row.bind(p++, in.superseded ? 1 : 0);
    if (in.input.actual) input_row.bind(p++, in.input.actual->to_fraction()); else input_row.bind(p++);
    bind_optional_value(input_row, p++, in.input.numerator);
    bind_optional_value(input_row, p++, in.input.denominator);
    if (in.input.achieved) input_row.bind(p++, *in.input.achieved ? 1 : 0); else input_row.bind(p++);
    input_row.bind(p++, in.input.judgement);
    bind_optional_value(input_row, p++, in.input.percent);
    if (in.input.points) input_row.bind(p++, in.input.points->to_fraction()); else input_row.bind(p++);
    input_row.bind(p++, in.input.justification);
    input_row.bind(p++, in.input.evidence);
    input_row.bind(p++, format_rfc3339(in.submitted_at));
    input_row.exec();
  }
  auto& result_row = db_.prepare(
      "INSERT INTO evaluation_results (evaluation_id, position, leaf_key, score, by_evaluator) VALUES (?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < e.results.size(); ++i) {
    std::string by;
    for (const auto& score : e.results[i].by_evaluator) by += (by.empty() ? "" : " ") + score.to_fraction();
    result_row.reset();
    result_row.bind(1, e.id);
    result_row.bind(2, static_cast<std::int64_t>(i));
    result_row.bind(3, e.results[i].key);
    result_row.bind(4, e.results[i].score.to_fraction());
    result_row.bind(5, by);
    result_row.exec();
  }
}

void evaluation_table::insert(const performance_evaluation& e) { write(e, true); }
void evaluation_table::update(const performance_evaluation& e) { write(e, false); }

std::vector<performance_evaluation> evaluation_table::select(const std::string& where, const std::string& value) {
  auto& query = db_.prepare(std::string("SELECT ") + evaluation_columns + " FROM evaluations WHERE " + where + " = ? ORDER BY id");
  query.bind(1, value);
  std::vector<performance_evaluation> found;
  while (query.executeStep()) {
    performance_evaluation e;
    int i = 0;
    e.id = query.getColumn(i++).getString();
    e.contract_id = query.getColumn(i++).getString();
    e.purchaser_id = query.getColumn(i++).getString();
    e.supplier_id = query.getColumn(i++).getString();
    e.evaluator_id = query.getColumn(i++).getString();
    e.kind = query.getColumn(i++).getString() == "final" ? evaluation_kind::final : evaluation_kind::mid_term;
    e.used.key = query.getColumn(i++).getString();
    e.used.version = query.getColumn(i++).getInt64();
    e.used.name = query.getColumn(i++).getString();
    e.state = state_of(query.getColumn(i++).getString());
    e.conflict_reason = query.getColumn(i++).getString();
    if (!query.getColumn(i).isNull()) {
      const auto counts = words(query.getColumn(i).getString());
      e.recipients = survey{std::stoll(counts.at(0)), std::stoll(counts.at(1)), std::stoll(counts.at(2)),
                            std::stoll(counts.at(3)), std::stoll(counts.at(4))};
    }
    ++i;
    if (!query.getColumn(i).isNull()) e.score = rational::parse(query.getColumn(i).getString());
    ++i;
    e.grade = query.getColumn(i++).getString();
    e.finalized_at = read_optional_timestamp(query.getColumn(i++));
    if (!query.getColumn(i).isNull()) {
      appeal a;
      a.leaves = words(query.getColumn(i).getString());
      a.reason = query.getColumn(i + 1).getString();
      a.filed_at = read_timestamp(query.getColumn(i + 2).getString());
      a.answered_at = read_optional_timestamp(query.getColumn(i + 3));
      a.decision = query.getColumn(i + 4).getString();
      a.answer = query.getColumn(i + 5).getString();
      e.appealed = std::move(a);
    }
    i += 6;
    e.created_at = read_timestamp(query.getColumn(i++).getString());
    e.version = query.getColumn(i++).getInt64();
    found.push_back(std::move(e));
  }
  query.reset();
  auto& leaves = db_.prepare(
      "SELECT key, name, level, grp, points, rule, source, metric, denominator, target, bands FROM evaluation_leaves"
      " WHERE evaluation_id = ? ORDER BY position");
  auto& inputs = db_.prepare(
      "SELECT account_id, leaf_key, revision, superseded, actual, numerator, denominator, achieved, judgement, percent,"
      " points, justification, evidence, submitted_at FROM evaluation_inputs WHERE evaluation_id = ? ORDER BY position");
  auto& results = db_.prepare(
      "SELECT leaf_key, score, by_evaluator FROM evaluation_results WHERE evaluation_id = ? ORDER BY position");
  for (auto& e : found) {
    leaves.reset();
    leaves.bind(1, e.id);
    while (leaves.executeStep()) {
      leaf l;
      l.key = leaves.getColumn(0).getString();
      l.name = leaves.getColumn(1).getString();
      l.level = parse_level_one(leaves.getColumn(2).getString()).value_or(level_one::output);
      l.group = leaves.getColumn(3).getString();
      l.points = leaves.getColumn(4).getInt64();
      l.rule = parse_rule_kind(leaves.getColumn(5).getString()).value_or(rule_kind::manual);
      l.source = source_of(leaves.getColumn(6).getString());
      l.metric = leaves.getColumn(7).getString();
      l.denominator = leaves.getColumn(8).getString();
      l.target = leaves.getColumn(9).getInt64();
      for (const auto& b : words(leaves.getColumn(10).getString())) {
        const auto colon = b.find(':');
        l.bands.push_back({std::stoll(b.substr(0, colon)), std::stoll(b.substr(colon + 1))});
      }
      e.used.leaves.push_back(std::move(l));
    }
    inputs.reset();
    inputs.bind(1, e.id);
    while (inputs.executeStep()) {
      scored_input in;
      in.account_id = inputs.getColumn(0).getString();
      in.leaf_key = inputs.getColumn(1).getString();
      in.revision = inputs.getColumn(2).getInt64();
      in.superseded = inputs.getColumn(3).getInt() != 0;
      if (!inputs.getColumn(4).isNull()) in.input.actual = rational::parse(inputs.getColumn(4).getString());
      in.input.numerator = read_optional_integer(inputs.getColumn(5));
      in.input.denominator = read_optional_integer(inputs.getColumn(6));
      if (!inputs.getColumn(7).isNull()) in.input.achieved = inputs.getColumn(7).getInt() != 0;
      in.input.judgement = inputs.getColumn(8).getString();
      in.input.percent = read_optional_integer(inputs.getColumn(9));
      if (!inputs.getColumn(10).isNull()) in.input.points = rational::parse(inputs.getColumn(10).getString());
      in.input.justification = inputs.getColumn(11).getString();
      in.input.evidence = inputs.getColumn(12).getString();
      in.submitted_at = read_timestamp(inputs.getColumn(13).getString());
      e.inputs.push_back(std::move(in));
    }
    results.reset();
    results.bind(1, e.id);
    while (results.executeStep()) {
      leaf_result r;
      r.key = results.getColumn(0).getString();
      r.score = rational::parse(results.getColumn(1).getString()).value_or(rational{0});
      for (const auto& score : words(results.getColumn(2).getString()))
        r.by_evaluator.push_back(rational::parse(score).value_or(rational{0}));
      e.results.push_back(std::move(r));
    }
  }
  return found;
}

std::optional<performance_evaluation> evaluation_table::find(std::string_view id) {
  auto found = select("id", std::string(id));
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<performance_evaluation> evaluation_table::of_contract(std::string_view contract_id) {
  return select("contract_id", std::string(contract_id));
}

std::vector<performance_evaluation> evaluation_table::of_supplier(std::string_view supplier_id) {
  return select("supplier_id", std::string(supplier_id));
}

}  // namespace procura::storage
