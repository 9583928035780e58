#include <catch2/catch.hpp>

#include <map>

#include "procura/evaluation/evaluation.hpp"

using namespace procura;
using namespace procura::evaluation;

namespace {

struct memory_evaluations final : evaluation_repository {
  std::map<std::string, performance_evaluation, std::less<>> rows;
  void insert(const performance_evaluation& e) override { rows[e.id] = e; }
  void update(const performance_evaluation& e) override { rows[e.id] = e; }
  std::optional<performance_evaluation> find(std::string_view id) override {
    const auto found = rows.find(id);
    return found == rows.end() ? std::nullopt : std::optional(found->second);
  }
  std::vector<performance_evaluation> of_contract(std::string_view) override { return {}; }
  std::vector<performance_evaluation> of_supplier(std::string_view) override { return {}; }
};

const timestamp now = *parse_rfc3339("2027-12-20T02:00:00Z");
/// The close of the 10th China day after `now` (10:00 on 20 December, China time).
const timestamp appeal_window_end = *parse_rfc3339("2027-12-30T23:59:59+08:00");

/// The framework of worked example 4.
framework worked_example_framework() {
  using enum level_one;
  using enum rule_kind;
  return {"worked-example", 1, "worked example 4", {
      {"clients", "clients served", output, "数量", 20, ratio, value_source::reports, "clients_served", "", 300, {}},
      {"visits", "home visits", output, "数量", 15, ratio, value_source::reports, "home_visits", "", 3000, {}},
      {"counselling", "counselling sessions", output, "数量", 15, ratio, value_source::reports, "counselling_sessions", "", 1200, {}},
      {"abstinence", "1-year no relapse", effect, "效益", 15, bands, value_source::evaluator, "", "", 0,
       {{8000, 10000}, {7000, 8000}, {6000, 6000}}},
      {"employment", "employment placement", effect, "效益", 15, qualitative, value_source::evaluator, "", "", 0, {}},
      {"satisfaction", "satisfaction", effect, "满意度", 10, ratio, value_source::satisfaction, "", "", 9500, {}},
      {"budget", "budget execution", process, "预算", 10, ratio, value_source::evaluator, "", "", 100, {}},
  }};
}

std::vector<contracts::service_report> worked_example_reports() {
  contracts::service_report r;
  r.status = contracts::report_status::accepted;
  r.counts.clients_served = 300;
  r.counts.home_visits = 2400;
  r.counts.counselling_sessions = 1250;
  return {r};
}

/// A final evaluation of worked example 4's framework, its evaluator free of conflicts.
performance_evaluation declared_worked_example(memory_evaluations& repo) {
  contracts::contract c;
  c.id = "ctr_1";
  c.state = contracts::contract_state::active;
  auto e = open_evaluation(repo, c, evaluation_kind::final, "org_eval", worked_example_framework(), now);
  REQUIRE(e);
  auto declared = declare_conflict(repo, *e, false, "", now);
  REQUIRE(declared);
  return *declared;
}

performance_evaluation open_worked_example(memory_evaluations& repo) {
  auto surveyed = record_survey(repo, declared_worked_example(repo), {120, 60, 15, 5, 0});
  REQUIRE(surveyed);
  return *surveyed;
}

std::vector<std::pair<std::string, leaf_input>> evaluator_inputs(std::int64_t employment_percent) {
  leaf_input abstinence;
  abstinence.numerator = 117;
  abstinence.denominator = 150;
  leaf_input employment;
  employment.judgement = "partly";
  employment.percent = employment_percent;
  leaf_input budget;
  budget.actual = rational{96};
  return {{"abstinence", abstinence}, {"employment", employment}, {"budget", budget}};
}

/// Worked example 4, scored by one evaluator (employment 70%) and finalized at `now`.
performance_evaluation finalized_worked_example(memory_evaluations& repo) {
  auto scored = record_inputs(repo, open_worked_example(repo), "acc_1", evaluator_inputs(70), worked_example_reports(), now);
  REQUIRE(scored);
  auto finalized = finalize_evaluation(repo, *scored, worked_example_reports(), now);
  REQUIRE(finalized);
  return *finalized;
}

}  // namespace

TEST_CASE("worked example 4: 16829/190 = 88.57, grade 良", "[evaluation][law]") {
  memory_evaluations repo;
  auto e = open_worked_example(repo);
  auto scored = record_inputs(repo, e, "acc_1", evaluator_inputs(70), worked_example_reports(), now);
  REQUIRE(scored);
  auto final_result = finalize_evaluation(repo, *scored, worked_example_reports(), now);
  REQUIRE(final_result);
  CHECK(*final_result->score == rational(16829, 190));
  CHECK(final_result->score->to_decimal(2) == "88.57");
  CHECK(final_result->grade == "良");
  CHECK(final_result->results[5].score == rational(180, 19));
  // Re-running the computation from the stored inputs gives the identical result.
  const auto again = compute_results(*final_result, worked_example_reports());
  REQUIRE(again);
  for (std::size_t i = 0; i < again->size(); ++i) CHECK((*again)[i].score == final_result->results[i].score);
}

TEST_CASE("grade bands are exact: 89.999999 is 良 and 90 is 优", "[evaluation][law]") {
  CHECK(grade_of(rational(89999999, 1000000)) == "良");
  CHECK(grade_of(rational{90}) == "优");
  CHECK(grade_of(rational(7999, 100)) == "中");
  CHECK(grade_of(rational{80}) == "良");
  CHECK(grade_of(rational{60}) == "中");
  CHECK(grade_of(rational(5999, 100)) == "差");
}

TEST_CASE("each leaf rule at its boundaries", "[evaluation]") {
  leaf ratio_leaf{"r", "r", level_one::output, "", 10, rule_kind::ratio, value_source::evaluator, "", "", 100, {}};
  leaf_input in;
  in.actual = rational{100};
  CHECK(*score_leaf(ratio_leaf, in, {}) == rational{10});
  in.actual = rational{150};
  CHECK(*score_leaf(ratio_leaf, in, {}) == rational{10});  // capped at 1
  in.actual = rational{0};
  CHECK(*score_leaf(ratio_leaf, in, {}) == rational{0});

  leaf banded{"b", "b", level_one::effect, "", 15, rule_kind::bands, value_source::evaluator, "", "", 0,
              {{8000, 10000}, {7000, 8000}}};
  leaf_input counts;
  counts.numerator = 7;
  counts.denominator = 10;
  CHECK(*score_leaf(banded, counts, {}) == rational{12});  // exactly 70% reaches the 70% band
  counts.numerator = 69999;
  counts.denominator = 100000;
  CHECK(*score_leaf(banded, counts, {}) == rational{0});
  counts.numerator = 11;  // an evaluator's count larger than its base is refused, to be corrected
  counts.denominator = 10;
  CHECK_FALSE(score_leaf(banded, counts, {}));
  // From reports, home visits summed over the period may outnumber the clients served: the top
  // band, not an evaluation that can never be finalized.
  leaf visits_per_client{"v", "v", level_one::effect, "", 15, rule_kind::bands, value_source::reports, "home_visits",
                         "clients_served", 0, {{8000, 10000}, {7000, 8000}}};
  leaf_facts reported;
  reported.report_value = 900;
  reported.report_denominator = 300;
  const auto scored = score_leaf(visits_per_client, {}, reported);
  REQUIRE(scored);
  CHECK(*scored == rational{15});

  leaf qualitative{"q", "q", level_one::effect, "", 10, rule_kind::qualitative, value_source::evaluator, "", "", 0, {}};
  leaf_input judged;
  judged.judgement = "achieved";
  judged.percent = 80;
  CHECK(*score_leaf(qualitative, judged, {}) == rational{8});
  judged.judgement = "partly";
  CHECK_FALSE(score_leaf(qualitative, judged, {}));  // 80 belongs to "achieved"
  judged.percent = 79;
  CHECK(score_leaf(qualitative, judged, {}));
  judged.judgement = "not";
  judged.percent = 61;
  CHECK_FALSE(score_leaf(qualitative, judged, {}));

  leaf manual{"m", "m", level_one::process, "", 5, rule_kind::manual, value_source::evaluator, "", "", 0, {}};
  leaf_input given;
  given.points = rational{5};
  CHECK_FALSE(score_leaf(manual, given, {}));  // no justification
  given.justification = "台账完整";
  CHECK(*score_leaf(manual, given, {}) == rational{5});
  given.points = rational(501, 100);
  CHECK_FALSE(score_leaf(manual, given, {}));

  leaf flag{"f", "f", level_one::process, "", 5, rule_kind::boolean, value_source::evaluator, "", "", 0, {}};
  leaf_input yes;
  yes.achieved = true;
  CHECK(*score_leaf(flag, yes, {}) == rational{5});
}

TEST_CASE("abstinence from reports comes from the latest report that served anyone; none served scores nothing",
          "[evaluation]") {
  const leaf abstinence{"abstinence_one_year", "1-year abstinence", level_one::effect, "效益", 10, rule_kind::bands,
                        value_source::reports, "no_relapse_one_year", "clients_served", 0, {{8000, 10000}, {7000, 8000}}};
  const auto report = [](unsigned month, std::int64_t clients, std::int64_t abstinent) {
    contracts::service_report r;
    r.status = contracts::report_status::accepted;
    r.period_start = std::chrono::year{2027} / month / 1;
    r.counts.clients_served = clients;
    r.counts.no_relapse_one_year = abstinent;
    return r;
  };
  // The service winds down: December's report served nobody. November's 240 of 300 is 80%.
  const std::vector<contracts::service_report> wound_down{report(11, 300, 240), report(12, 0, 0)};
  const auto facts = facts_for(abstinence, wound_down, std::nullopt);
  CHECK(facts.report_value == 240);
  CHECK(facts.report_denominator == 300);
  const auto scored = score_leaf(abstinence, {}, facts);
  REQUIRE(scored);
  CHECK(*scored == rational{10});
  // The caseload leaf reads the same report: 300 served, not December's nobody.
  const leaf caseload{"caseload_coverage", "caseload", level_one::output, "数量", 15, rule_kind::ratio,
                      value_source::reports, "clients_served", "", 300, {}};
  CHECK(facts_for(caseload, wound_down, std::nullopt).report_value == 300);
  // Reports that never served anyone: no outcome, no points, and the evaluation can still finish.
  const auto nobody = score_leaf(abstinence, {}, facts_for(abstinence, {report(12, 0, 0)}, std::nullopt));
  REQUIRE(nobody);
  CHECK(*nobody == rational{0});
}

TEST_CASE("a leaf is the mean of its evaluators' scores", "[evaluation]") {
  memory_evaluations repo;
  auto e = open_worked_example(repo);
  auto first = record_inputs(repo, e, "acc_1", evaluator_inputs(70), worked_example_reports(), now);
  REQUIRE(first);
  auto second = record_inputs(repo, *first, "acc_2", evaluator_inputs(75), worked_example_reports(), now);
  REQUIRE(second);
  auto done = finalize_evaluation(repo, *second, worked_example_reports(), now);
  REQUIRE(done);
  CHECK(done->results[4].score == rational(2175, 200));  // (10.5 + 11.25) / 2
}

TEST_CASE("frameworks must sum to 100 points", "[evaluation]") {
  auto f = worked_example_framework();
  f.leaves[0].points = 19;
  CHECK_FALSE(validate_framework(f));
  for (const auto& t : templates()) CHECK(validate_framework(t));
}

TEST_CASE("a framework whose rule lacks a field it is scored with is refused, naming the field", "[evaluation]") {
  const auto pointers = [](const framework& f) {
    std::vector<std::string> out;
    const auto checked = validate_framework(f);
    if (!checked)
      for (const auto& field : checked.failure().fields) out.push_back(field.pointer);
    return out;
  };
  auto no_denominator = worked_example_framework();
  no_denominator.leaves[3].source = value_source::reports;
  no_denominator.leaves[3].metric = "no_relapse_one_year";
  CHECK(pointers(no_denominator) == std::vector<std::string>{"/framework/leaves/3/denominator"});
  no_denominator.leaves[3].denominator = "clients_served";
  CHECK(validate_framework(no_denominator));

  auto unknown_metric = worked_example_framework();
  unknown_metric.leaves[0].metric = "clients";
  CHECK(pointers(unknown_metric) == std::vector<std::string>{"/framework/leaves/0/metric"});

  auto qualitative_from_reports = worked_example_framework();
  qualitative_from_reports.leaves[4].source = value_source::reports;
  qualitative_from_reports.leaves[4].metric = "employment_placements";
  CHECK(pointers(qualitative_from_reports) == std::vector<std::string>{"/framework/leaves/4/source"});

  auto no_bands = worked_example_framework();
  no_bands.leaves[3].bands.clear();
  CHECK(pointers(no_bands) == std::vector<std::string>{"/framework/leaves/3/bands"});
}

TEST_CASE("a grade moves payments only once it stands: after the appeal window, or the appeal answered",
          "[evaluation][law]") {
  memory_evaluations repo;
  const auto finalized = finalized_worked_example(repo);
  const std::vector<performance_evaluation> unappealed{finalized};
  const auto early = grade_facts(unappealed, appeal_window_end);
  CHECK_FALSE(early.final_evaluation.grade);
  CHECK(early.final_evaluation.waits_until == appeal_window_end);
  CHECK_FALSE(early.latest.grade);
  const auto after = grade_facts(unappealed, appeal_window_end + std::chrono::seconds{1});
  CHECK(after.final_evaluation.grade == std::optional<std::string>("良"));
  CHECK(after.latest.grade == std::optional<std::string>("良"));
  CHECK(after.final_evaluation.paid_share == 10000);

  auto appealed = file_appeal(repo, finalized, {"employment"}, "就业数据漏报", now + std::chrono::days{1});
  REQUIRE(appealed);
  const auto under_appeal = grade_facts({*appealed}, now + std::chrono::days{30});
  CHECK(under_appeal.final_evaluation.appeal_open);
  CHECK_FALSE(under_appeal.final_evaluation.grade);
  leaf_input better;
  better.judgement = "achieved";
  better.percent = 90;
  auto answered = answer_appeal(repo, *appealed, "acc_1", true, "复核后上调", {{"employment", better}},
                                worked_example_reports(), now + std::chrono::days{2});
  REQUIRE(answered);
  // Answered before the window's end: the grade as re-scored stands at once.
  const auto settled = grade_facts({*answered}, now + std::chrono::days{2});
  CHECK(settled.final_evaluation.grade == std::optional<std::string>("优"));
  CHECK_FALSE(settled.final_evaluation.waiting());
}

TEST_CASE("an appeal is taken within 10 days and re-scores only the leaves it names", "[evaluation]") {
  memory_evaluations repo;
  const auto final_result = finalized_worked_example(repo);
  // The 10 days run to the close of 30 December (China time), not to 10:00 on it.
  CHECK_FALSE(file_appeal(repo, final_result, {"employment"}, "就业数据漏报", appeal_window_end + std::chrono::seconds{1}));
  auto appealed = file_appeal(repo, final_result, {"employment"}, "就业数据漏报", appeal_window_end);
  REQUIRE(appealed);
  CHECK_FALSE(appealed->effective());
  leaf_input better;
  better.judgement = "achieved";
  better.percent = 90;
  CHECK_FALSE(answer_appeal(repo, *appealed, "acc_1", true, "复核", {{"budget", better}}, worked_example_reports(), now));
  // A report accepted since finalization would raise the visits leaf (2,400 → 3,000 of 3,000),
  // but the appeal names employment only: the other leaves keep their finalized results.
  auto later_reports = worked_example_reports();
  contracts::service_report later;
  later.status = contracts::report_status::accepted;
  later.counts.home_visits = 600;
  later_reports.push_back(later);
  auto answered = answer_appeal(repo, *appealed, "acc_1", true, "复核后上调", {{"employment", better}}, later_reports,
                                now + std::chrono::days{11});
  REQUIRE(answered);
  CHECK(answered->effective());
  CHECK(*answered->score == rational(16829, 190) + rational(3, 1));  // 13.5 instead of 10.5
  CHECK(answered->grade == grade_of(*answered->score));
  // The old input is kept, superseded.
  CHECK(std::count_if(answered->inputs.begin(), answered->inputs.end(),
                      [](const scored_input& i) { return i.leaf_key == "employment"; }) == 2);
}

TEST_CASE("an appeal naming the satisfaction leaf is re-scored by recording the survey again, never by hand",
          "[evaluation]") {
  memory_evaluations repo;
  auto appealed = file_appeal(repo, finalized_worked_example(repo), {"satisfaction"}, "问卷样本未覆盖全部服务对象", now + std::chrono::days{1});
  REQUIRE(appealed);
  // A hand figure for a leaf the survey feeds would be accepted and never used: refused.
  leaf_input by_hand;
  by_hand.actual = rational{9500};
  const auto hand = answer_appeal(repo, *appealed, "acc_1", true, "复核", {{"satisfaction", by_hand}},
                                  worked_example_reports(), now + std::chrono::days{2});
  REQUIRE_FALSE(hand);
  CHECK(hand.failure().fields.at(0).pointer == "/scores/0/leaf");
  CHECK_FALSE(answer_appeal(repo, *appealed, "acc_1", false, "维持", {}, worked_example_reports(),
                            now + std::chrono::days{2}, survey{190, 10, 0, 0, 0}));  // a survey only re-scores
  // The survey taken again: 200 of 200 satisfied reach the 95% target, so the leaf gets its full
  // 10 points instead of 10 × 90/95, and the score rises by 10/19.
  const auto resurveyed = answer_appeal(repo, *appealed, "acc_1", true, "重新调查", {}, worked_example_reports(),
                                        now + std::chrono::days{2}, survey{190, 10, 0, 0, 0});
  REQUIRE(resurveyed);
  CHECK(*resurveyed->score == rational(16829, 190) + rational(10, 19));
  CHECK(resurveyed->recipients->very_satisfied == 190);
  CHECK(resurveyed->appealed->decision == "rescored");
}

TEST_CASE("a survey has no more answers than the reports show people served", "[evaluation]") {
  memory_evaluations repo;
  const auto declared = declared_worked_example(repo);
  // 300 clients served and 10 new intakes: at most 310 people to ask.
  auto reports = worked_example_reports();
  reports[0].counts.new_intakes = 10;
  const auto too_many = record_survey(repo, declared, {200, 100, 11, 0, 0}, reports);
  REQUIRE_FALSE(too_many);
  CHECK(too_many.failure().fields.at(0).pointer == "/survey");
  CHECK(too_many.failure().detail.find("at most 310 people served") != std::string::npos);
  CHECK(record_survey(repo, declared, {200, 100, 10, 0, 0}, reports));
  // A report awaiting acceptance counts as well: the survey does not wait for the purchaser.
  contracts::service_report waiting;
  waiting.status = contracts::report_status::submitted;
  waiting.counts.clients_served = 400;
  reports.push_back(waiting);
  CHECK(record_survey(repo, declared, {300, 100, 10, 0, 0}, reports));
  // Taken before any report, a survey is held to the reports again when the evaluation is finalized.
  auto early = record_survey(repo, declared, {1000, 0, 0, 0, 0});
  REQUIRE(early);
  auto scored = record_inputs(repo, *early, "acc_1", evaluator_inputs(70), worked_example_reports(), now);
  REQUIRE(scored);
  const auto unfinalized = finalize_evaluation(repo, *scored, worked_example_reports(), now);
  REQUIRE_FALSE(unfinalized);
  CHECK(unfinalized.failure().fields.at(0).pointer == "/survey");
}

TEST_CASE("the final grade moves the final instalment: 优/良 100%, 中 90%, 差 withheld", "[evaluation][law]") {
  CHECK(final_grade_effect("优").paid_share == 10000);
  CHECK(final_grade_effect("良").paid_share == 10000);
  CHECK(final_grade_effect("中").paid_share == 9000);
  CHECK(final_grade_effect("差").withheld);
}

TEST_CASE("the track record lists final scores that stand, most recent first", "[evaluation]") {
  performance_evaluation older, newer, mid_term, appealed;
  for (auto* e : {&older, &newer, &mid_term, &appealed}) {
    e->state = evaluation_state::finalized;
    e->kind = evaluation_kind::final;
  }
  older.score = rational(9120, 100);
  older.finalized_at = now;
  newer.score = rational(16829, 190);
  newer.finalized_at = now + std::chrono::days{365};
  mid_term.kind = evaluation_kind::mid_term;
  mid_term.score = rational{50};
  mid_term.finalized_at = now;
  appealed.score = rational{40};
  appealed.finalized_at = now;
  appealed.appealed = appeal{{"x"}, "r", now, std::nullopt, {}, {}};
  const auto after_all_windows = now + std::chrono::days{400};
  CHECK(track_record_scores({older, newer, mid_term, appealed}, after_all_windows) ==
        std::vector<rational>{rational(16829, 190), rational(9120, 100)});
  // Within its appeal window a final score does not count yet: its grade does not stand.
  CHECK(track_record_scores({older, newer}, now + std::chrono::days{366}) == std::vector<rational>{rational(9120, 100)});
  // An answered appeal makes it stand at once.
  appealed.appealed->answered_at = now + std::chrono::days{1};
  CHECK(track_record_scores({appealed}, now + std::chrono::days{2}) == std::vector<rational>{rational{40}});
  // As of an earlier instant (a tender's deadline), an appeal answered later had not settled it.
  CHECK(track_record_scores({appealed}, now + std::chrono::hours{12}).empty());
}

TEST_CASE("without the recipients' survey the satisfaction leaf is not scored, whatever the evaluator enters",
          "[evaluation][law]") {
  memory_evaluations repo;
  const auto declared = declared_worked_example(repo);
  // The evaluator's own figure for satisfaction is no substitute for asking the people served.
  leaf_input own_figure;
  own_figure.actual = rational{9500};
  auto with_own_figure = evaluator_inputs(70);
  with_own_figure.emplace_back("satisfaction", own_figure);
  CHECK_FALSE(record_inputs(repo, declared, "acc_1", with_own_figure, worked_example_reports(), now));
  auto scored = record_inputs(repo, declared, "acc_1", evaluator_inputs(70), worked_example_reports(), now);
  REQUIRE(scored);
  const auto unsurveyed = finalize_evaluation(repo, *scored, worked_example_reports(), now);
  REQUIRE_FALSE(unsurveyed);
  CHECK(unsurveyed.failure().fields.at(0).pointer == "/leaves/satisfaction");
  // Once the survey is in, the same evaluation finalizes, as worked example 4.
  auto surveyed = record_survey(repo, *scored, {120, 60, 15, 5, 0});
  REQUIRE(surveyed);
  const auto finalized = finalize_evaluation(repo, *surveyed, worked_example_reports(), now);
  REQUIRE(finalized);
  CHECK(finalized->grade == "良");
}
