#include <catch2/catch.hpp>

#include <map>

#include "procura/contracts/contract.hpp"
#include "procura/contracts/service_report.hpp"

using namespace procura;
using namespace procura::contracts;
using namespace std::chrono;

namespace {

/// Rows kept by id, as the in-memory repositories below store them.
template <class Row>
struct rows_by_id {
  std::map<std::string, Row, std::less<>> rows;
  void put(const Row& row) { rows[row.id] = row; }
  std::optional<Row> get(std::string_view id) const {
    const auto found = rows.find(id);
    return found == rows.end() ? std::nullopt : std::optional(found->second);
  }
};

struct memory_contracts final : contract_repository, rows_by_id<contract> {
  void insert(const contract& c) override { put(c); }
  void update(const contract& c) override { put(c); }
  std::optional<contract> find(std::string_view id) override { return get(id); }
  std::optional<contract> of_tender(std::string_view) override { return std::nullopt; }
  std::vector<contract> all_of_tender(std::string_view) override { return {}; }
  page<contract> list(const contract_filter&, const page_request&) override {
    return {};
  }
};

struct memory_reports final : report_repository, rows_by_id<service_report> {
  void insert(const service_report& r) override { put(r); }
  void update(const service_report& r) override { put(r); }
  std::optional<service_report> find(std::string_view id) override { return get(id); }
  std::vector<service_report> of_contract(std::string_view) override {
    std::vector<service_report> all;
    for (const auto& [id, r] : rows) all.push_back(r);
    return all;
  }
};

const timestamp awarded = *parse_rfc3339("2027-01-10T02:00:00Z");
/// No final evaluation has graded the contract: its schedule may still be amended.
const grade_standing no_final_grade{};

contract active_contract(std::int64_t price_fen) {
  contract c;
  c.id = "ctr_1";
  c.purchaser_id = "org_p";
  c.supplier_id = "org_s";
  c.state = contract_state::active;
  c.original_price = c.price = money{price_fen};
  c.awarded_at = awarded;
  c.service_start = year_month_day{year{2027}, February, day{1}};
  return c;
}

}  // namespace

TEST_CASE("amendments may add exactly 10% of the original price, and not one fen more", "[contracts][law]") {
  memory_contracts contracts;
  const auto c = active_contract(228000000);
  const auto at_cap = propose_amendment(contracts, c, "org_p", "more clients", money{22800000}, {}, no_final_grade, awarded);
  REQUIRE(at_cap);
  const auto over = propose_amendment(contracts, c, "org_p", "more clients", money{22800001}, {}, no_final_grade, awarded);
  REQUIRE_FALSE(over);
  CHECK(over.failure().kind == error_kind::rule_violated);
  CHECK(over.failure().detail.find("remaining headroom is 228,000.00") != std::string::npos);
}

TEST_CASE("amendments count cumulatively against the 10% and apply once the other party agrees", "[contracts][law]") {
  memory_contracts contracts;
  auto c = active_contract(100000000);
  auto first = propose_amendment(contracts, c, "org_p", "a", money{6000000}, {}, no_final_grade, awarded);
  REQUIRE(first);
  CHECK(agree_amendment(contracts, *first, 1, "org_p", no_final_grade, awarded).failure().kind == error_kind::conflict);
  auto agreed = agree_amendment(contracts, *first, 1, "org_s", no_final_grade, awarded);
  REQUIRE(agreed);
  CHECK(agreed->price.fen == 106000000);
  CHECK(amendment_headroom(*agreed).fen == 4000000);
  CHECK_FALSE(propose_amendment(contracts, *agreed, "org_s", "b", money{4000001}, {}, no_final_grade, awarded));
  CHECK(propose_amendment(contracts, *agreed, "org_s", "b", money{4000000}, {}, no_final_grade, awarded));
}

/// A draft of `active_contract` with its whole price in one instalment: ready to be signed.
contract draft_with_schedule(std::int64_t price_fen) {
  auto c = active_contract(price_fen);
  c.state = contract_state::draft;
  c.schedule = {instalment{.number = 1, .due_date = c.service_start, .amount = money{price_fen}}};
  return c;
}

TEST_CASE("a contract is signed with its payment schedule, never before it has one", "[contracts]") {
  memory_contracts contracts;
  auto c = draft_with_schedule(100000000);
  c.schedule.clear();
  for (const auto* party : {"org_p", "org_s"}) {
    const auto refused = sign_contract(contracts, c, party, {}, "", awarded + days{1});
    REQUIRE_FALSE(refused);
    CHECK(refused.failure().kind == error_kind::conflict);
    CHECK(refused.failure().detail.find("payment schedule") != std::string::npos);
  }
  CHECK(contracts.rows.empty());
  const auto scheduled = set_schedule(contracts, c, draft_with_schedule(100000000).schedule, awarded + days{1});
  REQUIRE(scheduled);
  const auto signed_once = sign_contract(contracts, *scheduled, "org_s", {}, "", awarded + days{2});
  REQUIRE(signed_once);
  CHECK(signed_once->supplier_signed_at == awarded + days{2});
}

TEST_CASE("signing later than 30 days after the award needs a recorded reason", "[contracts][law]") {
  memory_contracts contracts;
  const auto c = draft_with_schedule(100000000);
  // Awarded 10:00 on 10 January (China time); the 30 days run from the next day and end with the
  // close of 9 February (民法典 §201, §203), not at 10:00 on it.
  const auto evening = sign_contract(contracts, c, "org_p", {}, "", *parse_rfc3339("2027-02-09T18:00:00+08:00"));
  REQUIRE(evening);
  CHECK(signing_due(awarded) == *parse_rfc3339("2027-02-09T23:59:59+08:00"));
  const auto on_time = sign_contract(contracts, c, "org_s", {}, "", *parse_rfc3339("2027-02-09T23:59:59+08:00"));
  REQUIRE(on_time);
  const auto late = sign_contract(contracts, *evening, "org_s", {}, "", *parse_rfc3339("2027-02-10T00:00:00+08:00"));
  REQUIRE_FALSE(late);
  CHECK(late.failure().fields.at(0).pointer == "/late_reason");
  const auto explained = sign_contract(contracts, *evening, "org_s", {}, "公章审批延迟", awarded + days{31});
  REQUIRE(explained);
  CHECK(explained->state == contract_state::active);
  CHECK(explained->late_signing_reason == "公章审批延迟");
}

TEST_CASE("an instalment is released once, not while its condition is unmet, and late after its due date",
          "[contracts]") {
  memory_contracts contracts;
  auto c = active_contract(100000000);
  c.schedule = {{1, year{2027} / February / 1, money{50000000}, condition_kind::none, {}, {}, {}, {}, false},
                {2, year{2027} / August / 1, money{50000000}, condition_kind::report_accepted, {}, {}, {}, {}, false},
                {3, year{2027} / December / 1, money{10000000}, condition_kind::none, {}, {}, {}, {}, false}};
  const auto first = release_instalment(contracts, c, 1, {}, {}, *parse_rfc3339("2027-02-03T02:00:00Z"));
  REQUIRE(first);
  CHECK(first->schedule[0].released_late);
  CHECK(release_instalment(contracts, *first, 1, {}, {}, awarded).failure().kind == error_kind::conflict);
  CHECK(release_instalment(contracts, *first, 2, {}, {}, awarded).failure().kind == error_kind::conflict);
  condition_facts report_in;
  report_in.report_accepted = true;
  const auto second = release_instalment(contracts, *first, 2, report_in, {money{300000}, "penalties shown by a report"},
                                         *parse_rfc3339("2027-07-31T02:00:00Z"));
  REQUIRE(second);
  CHECK_FALSE(second->schedule[1].released_late);
  CHECK(second->schedule[1].released_amount.fen == 49700000);
  CHECK(second->schedule[1].deducted.fen == 300000);
  CHECK(second->schedule[1].deduction_reason == "penalties shown by a report");
  CHECK(second->schedule[1].grade_adjustment.fen == 0);
}

namespace {

/// A final evaluation's grade as it stands for the final instalment.
condition_facts final_graded(const std::string& grade, basis_points paid_share, bool withheld = false) {
  condition_facts facts;
  facts.final_evaluation.grade = grade;
  facts.final_evaluation.basis = "final evaluation evl_1";
  facts.final_evaluation.paid_share = paid_share;
  facts.final_evaluation.withheld = withheld;
  return facts;
}

}  // namespace

TEST_CASE("the final instalment keeps the grade's cut apart from report penalties", "[contracts][law]") {
  memory_contracts contracts;
  auto c = active_contract(100000000);
  c.schedule = {{1, year{2027} / February / 1, money{70000000}, condition_kind::none, {}, {}, {}, {}, false},
                {2, year{2027} / December / 1, money{30000000}, condition_kind::none, {}, {}, {}, {}, false}};
  const auto at = *parse_rfc3339("2027-12-02T02:00:00Z");
  // Without a final grade that stands, the final instalment waits.
  CHECK(release_instalment(contracts, c, 2, {}, {}, at).failure().kind == error_kind::conflict);
  condition_facts appealable = final_graded("中", 9000);
  appealable.final_evaluation.grade.reset();
  appealable.final_evaluation.waits_until = at + days{3};
  const auto waiting = release_instalment(contracts, c, 2, appealable, {}, at);
  REQUIRE_FALSE(waiting);
  CHECK(waiting.failure().detail.find(format_rfc3339(at + days{3})) != std::string::npos);
  CHECK(release_instalment(contracts, c, 2, final_graded("差", 0, true), {}, at).failure().kind == error_kind::conflict);

  // 中 pays 90%: 3,000,000 fen kept back as the grade's adjustment, penalties from the rest.
  const auto released = release_instalment(contracts, c, 2, final_graded("中", 9000), {money{2500000}, "penalties"}, at);
  REQUIRE(released);
  const auto& last = released->schedule[1];
  CHECK(last.grade_adjustment.fen == 3000000);
  CHECK(last.deducted.fen == 2500000);
  CHECK(last.released_amount.fen == 30000000 - 3000000 - 2500000);
  CHECK(last.grade_adjustment_reason.find("中") != std::string::npos);

  // Penalties above what the grade leaves are taken up to it; the rest stays pending.
  const auto capped = release_instalment(contracts, c, 2, final_graded("中", 9000), {money{28000000}, "penalties"}, at);
  REQUIRE(capped);
  CHECK(capped->schedule[1].grade_adjustment.fen == 3000000);
  CHECK(capped->schedule[1].deducted.fen == 27000000);
  CHECK(capped->schedule[1].released_amount.fen == 0);
}

TEST_CASE("releasing the last instalment after the service period completes the contract", "[contracts]") {
  memory_contracts contracts;
  auto c = active_contract(100000000);
  c.service_months = 12;
  c.schedule = {{1, year{2028} / January / 1, money{100000000}, condition_kind::none, {}, {}, {}, {}, false}};
  const auto during = release_instalment(contracts, c, 1, final_graded("良", 10000), {}, *parse_rfc3339("2027-06-01T02:00:00Z"));
  REQUIRE(during);
  CHECK(during->state == contract_state::active);
  const auto after = release_instalment(contracts, c, 1, final_graded("良", 10000), {}, *parse_rfc3339("2028-02-02T02:00:00Z"));
  REQUIRE(after);
  CHECK(after->state == contract_state::completed);
}

TEST_CASE("an evaluation-grade condition holds for that grade or better", "[contracts]") {
  instalment i;
  i.condition = condition_kind::evaluation_grade;
  i.minimum_grade = "中";
  const auto latest = [](std::optional<std::string> grade) {
    condition_facts facts;
    facts.latest.grade = std::move(grade);
    return facts;
  };
  CHECK(condition_met(i, latest("良")));
  CHECK(condition_met(i, latest("中")));
  CHECK_FALSE(condition_met(i, latest("差")));
  CHECK_FALSE(condition_met(i, latest(std::nullopt)));
}

namespace {

instalment due(std::int64_t number, year_month_day date, std::int64_t fen) {
  return {number, date, money{fen}, condition_kind::none, {}, {}, {}, {}, false};
}

void mark_released(contract& c, std::int64_t number) {
  for (auto& i : c.schedule)
    if (i.number == number) {
      i.released_at = awarded;
      i.released_amount = i.amount;
    }
}

std::int64_t scheduled(const contract& c) {
  std::int64_t total = 0;
  for (const auto& i : c.schedule) total += i.amount.fen;
  return total;
}

}  // namespace

TEST_CASE("an amendment is not agreed once the contract is terminated or completed", "[contracts][law]") {
  memory_contracts contracts;
  for (const auto state : {contract_state::terminated, contract_state::completed}) {
    auto c = active_contract(100000000);
    c.schedule = {due(1, year{2027} / June / 1, 100000000)};
    auto proposed = propose_amendment(contracts, c, "org_p", "more clients", money{5000000},
                                      {due(1, year{2027} / December / 1, 105000000)}, no_final_grade, awarded);
    REQUIRE(proposed);
    proposed->state = state;
    const auto agreed = agree_amendment(contracts, *proposed, 1, "org_s", no_final_grade, awarded);
    REQUIRE_FALSE(agreed);
    CHECK(agreed.failure().kind == error_kind::conflict);
    CHECK(contracts.rows.at("ctr_1").price.fen == 100000000);  // as stored by the proposal
    CHECK_FALSE(contracts.rows.at("ctr_1").amendments.at(0).agreed_at);
    CHECK(propose_amendment(contracts, *proposed, "org_s", "again", money{}, {}, no_final_grade, awarded).failure().kind ==
          error_kind::conflict);
  }
}

TEST_CASE("instalments an amendment adds are numbered after the highest kept one", "[contracts]") {
  memory_contracts contracts;
  auto c = active_contract(100000000);
  c.schedule = {due(1, year{2027} / March / 1, 25000000), due(2, year{2027} / June / 1, 25000000),
                due(3, year{2027} / September / 1, 25000000), due(4, year{2027} / December / 1, 25000000)};
  mark_released(c, 1);
  mark_released(c, 3);
  // What is unreleased: 100,000,000 + 5,000,000 - 50,000,000.
  auto proposed = propose_amendment(contracts, c, "org_p", "more clients", money{5000000},
                                    {due(0, year{2027} / October / 1, 25000000), due(0, year{2027} / December / 1, 30000000)},
                                    no_final_grade, awarded);
  REQUIRE(proposed);
  const auto agreed = agree_amendment(contracts, *proposed, 1, "org_s", no_final_grade, awarded);
  REQUIRE(agreed);
  std::vector<std::int64_t> numbers;
  for (const auto& i : agreed->schedule) numbers.push_back(i.number);
  CHECK(numbers == std::vector<std::int64_t>{1, 3, 4, 5});
  CHECK(scheduled(*agreed) == agreed->price.fen);
}

TEST_CASE("what is released while an amendment awaits agreement is taken from its earliest instalments",
          "[contracts][law]") {
  memory_contracts contracts;
  auto c = active_contract(100000000);
  c.schedule = {due(1, year{2027} / March / 1, 25000000), due(2, year{2027} / June / 1, 25000000),
                due(3, year{2027} / September / 1, 25000000), due(4, year{2027} / December / 1, 25000000)};
  mark_released(c, 1);
  // Unreleased at the proposal: 100,000,000 + 6,000,000 - 25,000,000 = 81,000,000.
  auto proposed = propose_amendment(contracts, c, "org_p", "more clients", money{6000000},
                                    {due(0, year{2027} / July / 1, 20000000), due(0, year{2027} / October / 1, 30000000),
                                     due(0, year{2027} / December / 1, 31000000)},
                                    no_final_grade, awarded);
  REQUIRE(proposed);
  mark_released(*proposed, 2);  // 25,000,000 more paid before the supplier agrees
  const auto agreed = agree_amendment(contracts, *proposed, 1, "org_s", no_final_grade, awarded);
  REQUIRE(agreed);
  CHECK(agreed->price.fen == 106000000);
  CHECK(scheduled(*agreed) == 106000000);
  REQUIRE(agreed->schedule.size() == 4);  // 1 and 2 released; 20,000,000 and 5,000,000 of the next taken
  CHECK(agreed->schedule[2].number == 3);
  CHECK(agreed->schedule[2].amount.fen == 25000000);
  CHECK(agreed->schedule[2].due_date == year{2027} / October / 1);
  CHECK(agreed->schedule[3].amount.fen == 31000000);
}

TEST_CASE("the final grade's cut does not count as report penalties taken", "[contracts]") {
  auto c = active_contract(100000000);
  c.schedule = {{1, year{2027} / December / 1, money{100000000}, condition_kind::none, {}, {}, {}, {}, false}};
  c.schedule[0].released_at = awarded;
  c.schedule[0].grade_adjustment = money{10000000};
  c.schedule[0].released_amount = money{90000000};
  service_report r;
  r.id = "rpt_1";
  r.status = report_status::accepted;
  r.period_start = year{2027} / March / 1;
  r.deduction = money{2500000};
  r.deduction_basis = "5 contracted post(s) unfilled × 1 month(s) × 5,000.00";
  r.decided_at = awarded;
  CHECK(outstanding_deductions(c, {r}).fen == 2500000);
  const auto pending = pending_deductions(c, {r});
  CHECK(pending.reason.find("rpt_1") != std::string::npos);
  CHECK(pending.reason.find("5 contracted post(s) unfilled") != std::string::npos);
  c.schedule[0].deducted = money{1000000};
  CHECK(outstanding_deductions(c, {r}).fen == 1500000);
}

TEST_CASE("the 10% amendment cap is rounded down to the fen, never up", "[contracts][law]") {
  // 10% of 2,280,000.05 is 228,000.005: at most 228,000.00 may be added, not 228,000.01.
  const auto c = active_contract(228000005);
  CHECK(amendment_headroom(c).fen == 22800000);
  memory_contracts contracts;
  CHECK_FALSE(propose_amendment(contracts, c, "org_p", "a", money{22800001}, {}, no_final_grade, awarded));
  CHECK(propose_amendment(contracts, c, "org_p", "a", money{22800000}, {}, no_final_grade, awarded));
}

TEST_CASE("an instalment due after the service period is met by the report of its last month", "[contracts]") {
  // Service February 2027 for 12 months (to the end of January 2028); instalment 2 falls due in
  // March 2028, after it; instalment 3 waits for a report after instalment 2.
  auto c = active_contract(100000000);
  c.service_months = 12;
  c.schedule = {{1, year{2027} / February / 1, money{50000000}, condition_kind::none, {}, {}, {}, {}, false},
                {2, year{2028} / March / 1, money{30000000}, condition_kind::none, {}, {}, {}, {}, false},
                {3, year{2028} / May / 1, money{20000000}, condition_kind::report_accepted, {}, {}, {}, {}, false}};
  service_report last;
  last.status = report_status::accepted;
  last.period_start = year{2028} / January / 1;
  service_report earlier = last;
  earlier.period_start = year{2027} / December / 1;
  CHECK_FALSE(report_condition_met(c, 3, {earlier}));
  CHECK(report_condition_met(c, 3, {earlier, last}));
  // Within the period the rule is unchanged: a report ending after instalment 1's due date.
  CHECK(report_condition_met(c, 2, {earlier}));
}

TEST_CASE("after an amendment a report condition counts from the instalment due before it, not the one numbered before",
          "[contracts]") {
  // Instalment 2 was released early and is due in July; the amendment's instalment 3 is due in
  // March: the report it waits for covers the time since February's instalment 1.
  auto c = active_contract(100000000);
  c.schedule = {{1, year{2027} / February / 1, money{30000000}, condition_kind::none, {}, {}, {}, {}, false},
                {2, year{2027} / July / 1, money{50000000}, condition_kind::none, {}, {}, {}, {}, false},
                {3, year{2027} / March / 1, money{20000000}, condition_kind::report_accepted, {}, {}, {}, {}, false}};
  service_report february;
  february.status = report_status::accepted;
  february.period_start = year{2027} / February / 1;
  CHECK(report_condition_met(c, 3, {february}));
  service_report january = february;
  january.period_start = year{2027} / January / 1;
  CHECK_FALSE(report_condition_met(c, 3, {january}));  // ends on 1 February, not after it
}

TEST_CASE("once a final evaluation has graded the contract, no amendment replaces its unreleased instalments",
          "[contracts][law]") {
  memory_contracts contracts;
  auto c = active_contract(100000000);
  c.schedule = {due(1, year{2027} / March / 1, 30000000), due(2, year{2027} / June / 1, 40000000),
                due(3, year{2027} / December / 1, 30000000)};
  mark_released(c, 1);
  grade_standing failed;
  failed.grade = "差";
  failed.basis = "final evaluation eva_1";
  failed.withheld = true;
  failed.paid_share = 0;
  // Splitting the withheld part so that the highest number holds a single fen.
  const std::vector<instalment> split{due(0, year{2027} / June / 1, 69999999), due(0, year{2027} / December / 1, 1)};
  const auto refused = propose_amendment(contracts, c, "org_p", "split", money{}, split, failed, awarded);
  REQUIRE_FALSE(refused);
  CHECK(refused.failure().kind == error_kind::conflict);
  CHECK(contracts.rows.empty());
  // A grade still open to appeal has graded it too.
  grade_standing appealable;
  appealable.basis = "final evaluation eva_1";
  appealable.waits_until = awarded + std::chrono::days{10};
  CHECK_FALSE(propose_amendment(contracts, c, "org_p", "split", money{}, split, appealable, awarded));
  // Proposed before the grade, not agreed after it.
  const auto proposed = propose_amendment(contracts, c, "org_p", "split", money{}, split, no_final_grade, awarded);
  REQUIRE(proposed);
  const auto agreed = agree_amendment(contracts, *proposed, 1, "org_s", failed, awarded);
  REQUIRE_FALSE(agreed);
  CHECK(agreed.failure().kind == error_kind::conflict);
  CHECK(contracts.rows.at(c.id).schedule.size() == 3);
}

TEST_CASE("the other party declines a pending amendment: nothing of it applies and a new proposal follows",
          "[contracts][law]") {
  memory_contracts contracts;
  auto c = active_contract(100000000);
  c.schedule = {due(1, year{2027} / June / 1, 100000000)};
  const auto proposed = propose_amendment(contracts, c, "org_p", "more clients", money{6000000},
                                          {due(0, year{2027} / December / 1, 106000000)}, no_final_grade, awarded);
  REQUIRE(proposed);
  CHECK(proposed->amendments.at(0).pending());

  const auto by_proposer = decline_amendment(contracts, *proposed, 1, "org_p", "changed our mind", awarded);
  REQUIRE_FALSE(by_proposer);
  CHECK(by_proposer.failure().kind == error_kind::conflict);
  const auto unexplained = decline_amendment(contracts, *proposed, 1, "org_s", "", awarded);
  REQUIRE_FALSE(unexplained);
  CHECK(unexplained.failure().fields.at(0).pointer == "/reason");
  CHECK(decline_amendment(contracts, *proposed, 2, "org_s", "no", awarded).failure().kind == error_kind::not_found);
  CHECK(decline_amendment(contracts, *proposed, 1, "org_x", "no", awarded).failure().kind == error_kind::not_found);

  const auto declined = decline_amendment(contracts, *proposed, 1, "org_s", "人手不足", awarded + days{2});
  REQUIRE(declined);
  const auto& ended = declined->amendments.at(0);
  CHECK_FALSE(ended.pending());
  CHECK_FALSE(ended.agreed_at);
  REQUIRE(ended.ended);
  CHECK(ended.ended->kind == amendment_end::declined);
  CHECK(ended.ended->by == "org_s");
  CHECK(ended.ended->at == awarded + days{2});
  CHECK(ended.ended->reason == "人手不足");
  CHECK(declined->price.fen == 100000000);
  CHECK(declined->schedule.size() == 1);
  CHECK(declined->schedule[0].amount.fen == 100000000);
  CHECK(amendment_headroom(*declined).fen == 10000000);
  CHECK(contracts.rows.at("ctr_1").amendments.at(0).ended);

  const auto agreed_after = agree_amendment(contracts, *declined, 1, "org_s", no_final_grade, awarded);
  REQUIRE_FALSE(agreed_after);
  CHECK(agreed_after.failure().kind == error_kind::conflict);
  CHECK(agreed_after.failure().detail.find("declined") != std::string::npos);
  CHECK(decline_amendment(contracts, *declined, 1, "org_s", "again", awarded).failure().kind == error_kind::conflict);
  CHECK(withdraw_amendment(contracts, *declined, 1, "org_p", "too late", awarded).failure().kind == error_kind::conflict);

  const auto next = propose_amendment(contracts, *declined, "org_s", "fewer visits", money{}, {}, no_final_grade, awarded);
  REQUIRE(next);
  REQUIRE(next->amendments.size() == 2);
  CHECK(next->amendments[1].number == 2);
  CHECK(next->amendments[1].pending());
}

TEST_CASE("only the proposer withdraws a pending amendment, and then it cannot be agreed", "[contracts]") {
  memory_contracts contracts;
  const auto proposed = propose_amendment(contracts, active_contract(100000000), "org_s", "more clients",
                                          money{5000000}, {}, no_final_grade, awarded);
  REQUIRE(proposed);
  CHECK(withdraw_amendment(contracts, *proposed, 1, "org_p", "no", awarded).failure().kind == error_kind::conflict);
  CHECK(withdraw_amendment(contracts, *proposed, 1, "org_s", "", awarded).failure().fields.at(0).pointer == "/reason");

  const auto withdrawn = withdraw_amendment(contracts, *proposed, 1, "org_s", "proposed in error", awarded + days{1});
  REQUIRE(withdrawn);
  const auto& ended = withdrawn->amendments.at(0);
  REQUIRE(ended.ended);
  CHECK(ended.ended->kind == amendment_end::withdrawn);
  CHECK(ended.ended->by == "org_s");
  CHECK(ended.ended->reason == "proposed in error");
  CHECK(withdrawn->price.fen == 100000000);
  CHECK(agree_amendment(contracts, *withdrawn, 1, "org_p", no_final_grade, awarded).failure().kind == error_kind::conflict);
  CHECK(decline_amendment(contracts, *withdrawn, 1, "org_p", "no", awarded).failure().kind == error_kind::conflict);

  // Numbers are never reused: the next proposal is 2, and 10% is still available to it.
  const auto next = propose_amendment(contracts, *withdrawn, "org_p", "more clients", money{10000000}, {}, no_final_grade, awarded);
  REQUIRE(next);
  CHECK(next->amendments.back().number == 2);
}

TEST_CASE("an amendment of an ended contract is not declined, but its proposer may still withdraw it", "[contracts]") {
  memory_contracts contracts;
  auto proposed = propose_amendment(contracts, active_contract(100000000), "org_p", "more clients", money{5000000}, {},
                                    no_final_grade, awarded);
  REQUIRE(proposed);
  proposed->state = contract_state::terminated;
  const auto declined = decline_amendment(contracts, *proposed, 1, "org_s", "no", awarded);
  REQUIRE_FALSE(declined);
  CHECK(declined.failure().kind == error_kind::conflict);
  CHECK(declined.failure().detail.find("terminated") != std::string::npos);
  const auto withdrawn = withdraw_amendment(contracts, *proposed, 1, "org_p", "the contract has ended", awarded);
  REQUIRE(withdrawn);
  CHECK(withdrawn->amendments.at(0).ended->kind == amendment_end::withdrawn);
  CHECK(withdrawn->state == contract_state::terminated);
}

TEST_CASE("a draft ended before both signatures is cancelled, not terminated; a contract in force is terminated",
          "[contracts]") {
  memory_contracts contracts;
  auto draft = active_contract(100000000);
  draft.state = contract_state::draft;
  draft.purchaser_signed_at = awarded + days{1};  // one signature does not bring it into force
  const auto cancelled = terminate_contract(contracts, draft, "合同条款有误，重新起草", awarded + days{2});
  REQUIRE(cancelled);
  CHECK(cancelled->state == contract_state::cancelled);
  CHECK(cancelled->end_reason == "合同条款有误，重新起草");
  CHECK(cancelled->ended_at == awarded + days{2});
  CHECK(terminate_contract(contracts, *cancelled, "again", awarded + days{3}).failure().kind == error_kind::conflict);

  const auto terminated = terminate_contract(contracts, active_contract(100000000), "严重违约", awarded + days{40});
  REQUIRE(terminated);
  CHECK(terminated->state == contract_state::terminated);
}

TEST_CASE("only a draft makes way for a new award, with the reason recorded", "[contracts][law]") {
  memory_contracts contracts;
  CHECK(cancel_for_new_award(contracts, active_contract(100000000), "质疑成立", awarded).failure().kind ==
        error_kind::conflict);
  auto draft = active_contract(100000000);
  draft.state = contract_state::draft;
  CHECK(cancel_for_new_award(contracts, draft, "", awarded).failure().kind == error_kind::rule_violated);
  const auto set_aside = cancel_for_new_award(contracts, draft, "质疑成立，重新确定中标人", awarded + days{5});
  REQUIRE(set_aside);
  CHECK(set_aside->state == contract_state::cancelled);
  CHECK(set_aside->version == draft.version + 1);
  CHECK(contracts.rows.at("ctr_1").state == contract_state::cancelled);
  CHECK(sign_contract(contracts, *set_aside, "org_s", {}, "", awarded + days{6}).failure().kind == error_kind::conflict);
  CHECK(parse_contract_state("cancelled") == contract_state::cancelled);
  CHECK(set_schedule(contracts, *set_aside, {}, awarded + days{6}).failure().kind == error_kind::conflict);
}

TEST_CASE("missing posts are counted month by month: a post hired for fewer months is not missing after them",
          "[contracts]") {
  memory_reports reports;
  auto c = active_contract(228000000);  // the service starts in February 2027
  c.staffing = {{procurement::professional_level::social_worker, 10, money{950000}, 12},
                {procurement::professional_level::assistant_social_worker, 2, money{780000}, 6}};
  c.penalties.per_missing_post_month = money{500000};
  const auto report_of = [&](std::string id, year_month_day start, report_period period) {
    service_report r;
    r.id = std::move(id);
    r.contract_id = c.id;
    r.period = period;
    r.period_start = start;
    r.workers = {{procurement::professional_level::social_worker, 10, money{950000}}};
    r.status = report_status::submitted;
    reports.insert(r);
    return r;
  };
  // Month 9 (October): the assistants' six months are over, ten posts are contracted.
  const auto october = accept_report(reports, c, report_of("rpt_oct", year_month_day{year{2027}, October, day{1}},
                                                            report_period::monthly), awarded);
  REQUIRE(october);
  CHECK(october->deduction.fen == 0);
  CHECK(october->deduction_basis.empty());
  // Month 3 (April): twelve posts contracted, ten filled.
  const auto april = accept_report(reports, c, report_of("rpt_apr", year_month_day{year{2027}, April, day{1}},
                                                          report_period::monthly), awarded);
  REQUIRE(april);
  CHECK(april->deduction.fen == 2 * 500000);
  CHECK(april->deduction_basis == "2 contracted post(s) unfilled × 1 month(s) × 5,000.00");
  // A quarter across the assistants' last month (June, July, August: months 5 to 7): short in
  // months 5 and 6 only.
  const auto quarter = accept_report(reports, c, report_of("rpt_q", year_month_day{year{2027}, June, day{1}},
                                                            report_period::quarterly), awarded);
  REQUIRE(quarter);
  CHECK(quarter->deduction.fen == 2 * 2 * 500000);
  CHECK(quarter->deduction_basis == "2 contracted post(s) unfilled × 2 month(s) × 5,000.00");
}

TEST_CASE("a post is filled only by a worker at its level or above, and the caseload counts qualified workers",
          "[contracts]") {
  memory_reports reports;
  auto c = active_contract(228000000);  // the service starts in February 2027
  c.staffing = {{procurement::professional_level::social_worker, 10, money{950000}, 12},
                {procurement::professional_level::senior_social_worker, 2, money{1200000}, 12}};
  c.penalties = {money{500000}, money{1000000}};
  using procurement::professional_level;
  int next = 0;
  const auto accepted = [&](std::vector<workers_employed> workers, std::int64_t clients) {
    service_report r;
    r.id = "rpt_" + std::to_string(++next);
    r.contract_id = c.id;
    r.period_start = year_month_day{year{2027}, month{static_cast<unsigned>(next + 1)}, day{1}};
    r.workers = std::move(workers);
    r.counts.clients_served = clients;
    reports.insert(r);
    const auto decided = accept_report(reports, c, r, awarded);
    REQUIRE(decided);
    return *decided;
  };
  // Twelve social workers: as many heads as posts, but the two senior posts are empty.
  const auto no_seniors = accepted({{professional_level::social_worker, 12, money{950000}}}, 200);
  CHECK(no_seniors.deduction.fen == 2 * 500000);
  CHECK(posts_unfilled_in(c, 1, no_seniors) == 2);
  // Seniors may take social workers' posts.
  const auto more_seniors = accepted({{professional_level::social_worker, 8, money{950000}},
                                      {professional_level::senior_social_worker, 4, money{1200000}}}, 200);
  CHECK(more_seniors.deduction.fen == 0);
  // Unqualified staff fill no social worker's post, and the caseload standard does not count them:
  // 250 clients for 12 qualified workers is above 20 each, whatever the 6 others.
  const auto unqualified = accepted({{professional_level::social_worker, 10, money{950000}},
                                     {professional_level::senior_social_worker, 2, money{1200000}},
                                     {professional_level::none, 6, money{1}}}, 250);
  CHECK(unqualified.qualified_workers() == 12);
  CHECK(unqualified.deduction.fen == 1000000);
  CHECK(unqualified.deduction_basis.find("12 qualified workers") != std::string::npos);
  const auto padded = accepted({{professional_level::social_worker, 8, money{950000}},
                                {professional_level::none, 6, money{1}}}, 100);
  CHECK(padded.deduction.fen == 4 * 500000);  // 2 social workers' and 2 seniors' posts unfilled
}

TEST_CASE("a report is refused when its counts contradict each other or another report covers its months",
          "[contracts][reports]") {
  memory_reports reports;
  const auto c = active_contract(228000000);  // service from February 2027
  const auto now = *parse_rfc3339("2027-05-02T10:00:00+08:00");
  const auto report_for = [&](unsigned month_number) {
    service_report r;
    r.period_start = year_month_day{year{2027}, month{month_number}, day{1}};
    r.workers = {{procurement::professional_level::social_worker, 15, money{950000}}};
    r.counts.clients_served = 250;
    r.counts.no_relapse_one_year = 100;
    return r;
  };
  const auto pointer_of = [](const result<service_report>& refused) {
    REQUIRE_FALSE(refused);
    return refused.failure().fields.at(0).pointer;
  };
  auto three_years = report_for(2);
  three_years.counts.no_relapse_three_years = 101;  // abstinent three years, so abstinent one year too
  CHECK(pointer_of(submit_report(reports, c, three_years, std::nullopt, now)) == "/counts/no_relapse_three_years");
  auto attendance = report_for(2);
  attendance.counts.prevention_attendance = 40;  // at no event
  CHECK(pointer_of(submit_report(reports, c, attendance, std::nullopt, now)) == "/counts/prevention_attendance");
  CHECK(reports.rows.empty());

  const auto february = submit_report(reports, c, report_for(2), std::nullopt, now);
  REQUIRE(february);
  // With no salary guide for the region, the report says its salaries were not checked.
  CHECK(february->salary_flags.empty());
  CHECK_FALSE(february->salary_guide_year.has_value());
  // A second report for February while the first awaits the purchaser: refused, naming it.
  const auto again = submit_report(reports, c, report_for(2), std::nullopt, now);
  CHECK(pointer_of(again) == "/period_start");
  CHECK(again.failure().fields.at(0).message.find("submitted report " + february->id) != std::string::npos);
  auto quarter = report_for(2);
  quarter.period = report_period::quarterly;  // February to April overlaps it too
  CHECK(pointer_of(submit_report(reports, c, quarter, std::nullopt, now)) == "/period_start");
  CHECK(reports.rows.size() == 1);
  // Returned, it makes way for the corrected one.
  REQUIRE(return_report(reports, *february, "人数有误", now));
  CHECK(submit_report(reports, c, report_for(2), std::nullopt, now));
}

TEST_CASE("a contract paid in full before its period ends is completed once the period is over", "[contracts]") {
  memory_contracts contracts;
  auto c = active_contract(100000000);
  c.service_months = 12;  // February 2027 to the end of January 2028
  c.schedule = {{1, year{2027} / February / 1, money{50000000}, condition_kind::none, {}, {}, {}, {}, false},
                {2, year{2027} / December / 1, money{50000000}, condition_kind::none, {}, {}, {}, {}, false}};
  for (auto& i : c.schedule) {
    i.released_at = sys_days{i.due_date} + hours{2};
    i.released_amount = i.amount;
  }
  const auto in_january = *parse_rfc3339("2028-01-31T15:00:00Z");  // 23:00 on 31 January, China time
  const auto early = complete_contract(contracts, c, in_january);
  REQUIRE_FALSE(early);
  CHECK(early.failure().detail.find("2028-02-01") != std::string::npos);
  const auto over = *parse_rfc3339("2028-01-31T16:00:00Z");  // midnight, 1 February, China time
  auto unpaid = c;
  unpaid.schedule[1].released_at.reset();
  CHECK_FALSE(complete_contract(contracts, unpaid, over));
  const auto completed = complete_contract(contracts, c, over);
  REQUIRE(completed);
  CHECK(completed->state == contract_state::completed);
  CHECK(completed->ended_at == over);
  CHECK_FALSE(complete_contract(contracts, *completed, over));  // once
}
