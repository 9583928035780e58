#include <catch2/catch.hpp>

#include <algorithm>

#include "procura/transparency/red_flags.hpp"

using namespace procura;
using namespace procura::transparency;

namespace {

const timestamp now = *parse_rfc3339("2027-01-10T02:00:00Z");

bid_outline make_bid(std::string id, std::int64_t price_fen, std::optional<bool> qualified = true) {
  bid_outline b;
  b.id = std::move(id);
  b.tender_id = "tnd_1";
  b.supplier_id = "sup_" + b.id;
  b.price = money{price_fen};
  b.qualified = qualified;
  return b;
}

tender_facts opened_tender(std::vector<bid_outline> bids) {
  tender_facts facts;
  facts.t.id = "tnd_1";
  facts.t.state = procurement::tender_state::opened;
  facts.t.published_at = now - std::chrono::days{30};
  facts.t.opened_at = now;
  facts.t.deadline = now - std::chrono::days{1};
  facts.t.budget_ceiling = money{300000000};
  facts.bids = std::move(bids);
  return facts;
}

bool has(const std::vector<red_flag>& flags, std::string_view code) {
  return std::any_of(flags.begin(), flags.end(), [&](const red_flag& f) { return f.code == code; });
}

}  // namespace

TEST_CASE("R018 flags a single bid, not two", "[flags]") {
  const thresholds limits;
  CHECK(has(tender_flags(opened_tender({make_bid("a", 100)}), limits, now), "R018"));
  CHECK_FALSE(has(tender_flags(opened_tender({make_bid("a", 100), make_bid("b", 110)}), limits, now), "R018"));
}

TEST_CASE("R028 flags identical prices, not prices one fen apart", "[flags]") {
  const thresholds limits;
  CHECK(has(tender_flags(opened_tender({make_bid("a", 100), make_bid("b", 100)}), limits, now), "R028"));
  CHECK_FALSE(has(tender_flags(opened_tender({make_bid("a", 100), make_bid("b", 101)}), limits, now), "R028"));
}

TEST_CASE("R036 flags a disqualified lowest bid, not a disqualified higher one", "[flags]") {
  const thresholds limits;
  CHECK(has(tender_flags(opened_tender({make_bid("a", 100, false), make_bid("b", 110)}), limits, now), "R036"));
  CHECK_FALSE(has(tender_flags(opened_tender({make_bid("a", 100), make_bid("b", 110, false)}), limits, now), "R036"));
}

TEST_CASE("fewer than 3 qualified bids is flagged, 3 are not", "[flags]") {
  const thresholds limits;
  CHECK(has(tender_flags(opened_tender({make_bid("a", 1), make_bid("b", 2), make_bid("c", 3, false)}), limits, now),
            "PRC-FEW-QUALIFIED"));
  CHECK_FALSE(has(tender_flags(opened_tender({make_bid("a", 1), make_bid("b", 2), make_bid("c", 3)}), limits, now),
                  "PRC-FEW-QUALIFIED"));
}

TEST_CASE("a tender that failed at opening with too few bids to review is flagged for fewer than 3 qualified",
          "[flags]") {
  const thresholds limits;
  auto two_unreviewed = opened_tender({make_bid("a", 1, std::nullopt), make_bid("b", 2, std::nullopt)});
  // Opened, still awaiting its review: not yet known.
  CHECK_FALSE(has(tender_flags(two_unreviewed, limits, now), "PRC-FEW-QUALIFIED"));
  two_unreviewed.t.state = procurement::tender_state::failed;
  CHECK(has(tender_flags(two_unreviewed, limits, now), "PRC-FEW-QUALIFIED"));
  auto none = opened_tender({});
  none.t.state = procurement::tender_state::failed;
  CHECK(has(tender_flags(none, limits, now), "PRC-FEW-QUALIFIED"));
}

TEST_CASE("a valid bid below the 1.5 × IQR lower fence of the valid prices is a low outlier", "[flags]") {
  // Prices 100, 100, 100, 100: IQR 0, fence 100; 99 is below it, 100 is not.
  const thresholds limits;
  CHECK(has(tender_flags(opened_tender({make_bid("a", 99), make_bid("b", 100), make_bid("c", 100), make_bid("d", 100),
                                        make_bid("e", 100)}), limits, now), "PRC-LOW-OUTLIER-BID"));
  CHECK_FALSE(has(tender_flags(opened_tender({make_bid("a", 100), make_bid("b", 100), make_bid("c", 100),
                                              make_bid("d", 100)}), limits, now), "PRC-LOW-OUTLIER-BID"));
  CHECK(*lower_fence({10, 20, 30, 40}) == rational(-5, 1));  // Q1 17.5, Q3 32.5, fence 17.5 − 22.5
}

TEST_CASE("a disqualified bid is neither a low outlier nor counted among the valid prices", "[flags]") {
  const thresholds limits;
  // The disqualified 50 would be below the fence of the others (100 × 4).
  const auto with_disqualified = tender_flags(opened_tender({make_bid("a", 50, false), make_bid("b", 100), make_bid("c", 100),
                                                             make_bid("d", 100), make_bid("e", 100)}), limits, now);
  CHECK_FALSE(has(with_disqualified, "PRC-LOW-OUTLIER-BID"));
  // An excluded (abnormally low) bid does not make four valid prices out of three.
  auto excluded = make_bid("a", 99);
  excluded.excluded = true;
  const auto three_valid = tender_flags(opened_tender({excluded, make_bid("b", 100), make_bid("c", 100), make_bid("d", 100),
                                                       make_bid("e", 99)}), limits, now);
  CHECK(has(three_valid, "PRC-LOW-OUTLIER-BID"));  // e at 99 among b, c, d, e: fence 100
  const auto flagged = std::count_if(three_valid.begin(), three_valid.end(),
                                     [](const red_flag& f) { return f.code == "PRC-LOW-OUTLIER-BID"; });
  CHECK(flagged == 1);
}

TEST_CASE("no flag carries Cardinal's R024, R038 or R058 for our own variants", "[flags]") {
  const thresholds limits;
  auto facts = opened_tender({make_bid("a", 100), make_bid("b", 100), make_bid("c", 100), make_bid("d", 100, false),
                              make_bid("e", 1, false), make_bid("f", 101), make_bid("g", 10, false), make_bid("h", 5, false)});
  facts.t.awarded_bid_id = "a";
  const auto flags = tender_flags(facts, limits, now);
  CHECK(has(flags, "PRC-MANY-DISQUALIFIED"));  // 4 of 8
  CHECK(has(flags, "PRC-CLOSE-TO-WINNER"));    // f at 101 within 1% of 100
  for (const auto& f : flags) {
    CHECK(f.code != "R024");
    CHECK(f.code != "R038");
    CHECK(f.code != "R058");
  }
}

TEST_CASE("a disqualified bid close to the winning price is not flagged as close", "[flags]") {
  auto facts = opened_tender({make_bid("a", 100), make_bid("b", 100, false), make_bid("c", 150)});
  facts.t.awarded_bid_id = "a";
  CHECK_FALSE(has(tender_flags(facts, thresholds{}, now), "PRC-CLOSE-TO-WINNER"));
  facts.bids[1].qualified = true;
  CHECK(has(tender_flags(facts, thresholds{}, now), "PRC-CLOSE-TO-WINNER"));
}

TEST_CASE("a winning price within 1% of the ceiling is flagged, 1% and a fen below is not", "[flags]") {
  const thresholds limits;
  auto near = opened_tender({make_bid("a", 297000000), make_bid("b", 299000000)});
  near.t.awarded_bid_id = "a";
  CHECK(has(tender_flags(near, limits, now), "PRC-NEAR-CEILING"));  // exactly 99 %
  auto far = opened_tender({make_bid("a", 296999999), make_bid("b", 299000000)});
  far.t.awarded_bid_id = "a";
  CHECK_FALSE(has(tender_flags(far, limits, now), "PRC-NEAR-CEILING"));
}

TEST_CASE("sealed bids are never looked at", "[flags]") {
  auto facts = opened_tender({make_bid("a", 100)});
  facts.t.state = procurement::tender_state::published;
  facts.t.opened_at.reset();
  CHECK_FALSE(has(tender_flags(facts, thresholds{}, now), "R018"));
}

TEST_CASE("single source is always flagged", "[flags]") {
  auto facts = opened_tender({});
  facts.t.method = procurement::procurement_method::single_source;
  CHECK(has(tender_flags(facts, thresholds{}, now), "PRC-SINGLE-SOURCE"));
  facts.t.method = procurement::procurement_method::open_tender;
  CHECK_FALSE(has(tender_flags(facts, thresholds{}, now), "PRC-SINGLE-SOURCE"));
}

TEST_CASE("amendments at 9% of the original price are flagged, below are not", "[flags]") {
  auto facts = opened_tender({});
  contracts::contract c;
  c.id = "ctr_1";
  c.original_price = c.price = money{100000000};
  c.amendments.push_back({1, "r", money{9000000}, "p", now, now, {}, std::nullopt});
  facts.contract = c;
  CHECK(has(tender_flags(facts, thresholds{}, now), "PRC-AMENDMENTS-NEAR-CAP"));
  facts.contract->amendments[0].added_value = money{8999999};
  CHECK_FALSE(has(tender_flags(facts, thresholds{}, now), "PRC-AMENDMENTS-NEAR-CAP"));
}

TEST_CASE("only agreed amendments count towards the 10% flag: pending, declined and withdrawn ones do not", "[flags]") {
  auto facts = opened_tender({});
  contracts::contract c;
  c.id = "ctr_1";
  c.original_price = c.price = money{100000000};
  contracts::contract_amendment declined{1, "r", money{9000000}, "p", now, std::nullopt, {}, std::nullopt};
  declined.ended = contracts::amendment_ending{contracts::amendment_end::declined, "s", now, "no"};
  auto withdrawn = declined;
  withdrawn.number = 2;
  withdrawn.ended->kind = contracts::amendment_end::withdrawn;
  auto pending = declined;
  pending.number = 3;
  pending.ended.reset();
  c.amendments = {declined, withdrawn, pending};
  facts.contract = c;
  CHECK_FALSE(has(tender_flags(facts, thresholds{}, now), "PRC-AMENDMENTS-NEAR-CAP"));
}

TEST_CASE("one supplier winning over half of a purchaser's award value is flagged", "[flags]") {
  std::vector<tender_facts> tenders;
  for (int i = 0; i < 3; ++i) {
    auto facts = opened_tender({make_bid("a" + std::to_string(i), 100), make_bid("b" + std::to_string(i), 100)});
    facts.bids[0].supplier_id = "sup_same";
    facts.t.awarded_bid_id = i < 2 ? facts.bids[0].id : facts.bids[1].id;  // 2 of 3 awards
    tenders.push_back(facts);
  }
  CHECK(has(purchaser_flags("pur", tenders, {}, thresholds{}), "PRC-SUPPLIER-SHARE"));
  tenders[1].t.awarded_bid_id = tenders[1].bids[1].id;  // now 1 of 3
  CHECK_FALSE(has(purchaser_flags("pur", tenders, {}, thresholds{}), "PRC-SUPPLIER-SHARE"));
}

namespace {

/// An awarded tender whose contract (awarded at `awarded`) is in `state`.
tender_facts with_contract(contracts::contract_state state, timestamp awarded) {
  auto facts = opened_tender({make_bid("a", 100), make_bid("b", 110), make_bid("c", 120)});
  facts.t.state = procurement::tender_state::contracted;
  facts.t.awarded_bid_id = "a";
  facts.t.awarded_at = awarded;
  contracts::contract c;
  c.id = "ctr_1";
  c.state = state;
  c.awarded_at = awarded;
  c.clients = 300;
  c.staffing_standard = 20;
  c.staffing = {{procurement::professional_level::social_worker, 15, money{950000}}};
  facts.contract = c;
  return facts;
}

std::int64_t count(const std::vector<red_flag>& flags, std::string_view code) {
  return std::count_if(flags.begin(), flags.end(), [&](const red_flag& f) { return f.code == code; });
}

}  // namespace

TEST_CASE("an unreleased instalment past its due date is flagged as late before it is paid", "[flags][law]") {
  auto facts = with_contract(contracts::contract_state::active, now - std::chrono::days{60});
  // now is 2027-01-10 10:00 in China.
  facts.contract->schedule = {{1, std::chrono::year{2027} / 1 / 9, money{1}, contracts::condition_kind::none, {},
                               std::nullopt, money{}, money{}, false},
                              {2, std::chrono::year{2027} / 1 / 10, money{1}, contracts::condition_kind::none, {},
                               std::nullopt, money{}, money{}, false}};
  const auto flags = tender_flags(facts, thresholds{}, now);
  CHECK(count(flags, "PRC-LATE-INSTALMENT") == 1);  // the one due yesterday, not the one due today
  // Waiting for its condition (a report the supplier owes), it is not the purchaser's delay.
  facts.contract->schedule[0].condition = contracts::condition_kind::report_accepted;
  CHECK_FALSE(has(tender_flags(facts, thresholds{}, now), "PRC-LATE-INSTALMENT"));
  facts.contract->schedule[0].condition = contracts::condition_kind::none;
  // Released on time, it is not late.
  facts.contract->schedule[0].released_at = now - std::chrono::days{2};
  CHECK_FALSE(has(tender_flags(facts, thresholds{}, now), "PRC-LATE-INSTALMENT"));
  // A terminated contract owes nothing more.
  facts.contract->schedule[0].released_at.reset();
  facts.contract->state = contracts::contract_state::terminated;
  CHECK_FALSE(has(tender_flags(facts, thresholds{}, now), "PRC-LATE-INSTALMENT"));
}

TEST_CASE("an instalment whose condition is met, or the final one once its grade stands, is late if unpaid",
          "[flags][law]") {
  auto facts = with_contract(contracts::contract_state::active, now - std::chrono::days{60});
  auto& c = *facts.contract;
  c.service_start = std::chrono::year{2026} / 10 / 1;
  c.service_months = 12;
  // now is 2027-01-10 10:00 in China; both instalments were due on 9 January.
  c.schedule = {{1, std::chrono::year{2027} / 1 / 9, money{1}, contracts::condition_kind::report_accepted, {},
                 std::nullopt, money{}, money{}, false},
                {2, std::chrono::year{2027} / 1 / 9, money{1}, contracts::condition_kind::none, {}, std::nullopt,
                 money{}, money{}, false}};
  // No report yet: the supplier holds the first back, and the final one waits for its grade.
  CHECK_FALSE(has(tender_flags(facts, thresholds{}, now), "PRC-LATE-INSTALMENT"));
  // The report covering October to December was accepted: the first is now the purchaser's delay.
  contracts::service_report covering;
  covering.status = contracts::report_status::accepted;
  covering.period_start = std::chrono::year{2026} / 10 / 1;
  covering.period = contracts::report_period::quarterly;
  facts.reports = {covering};
  CHECK(count(tender_flags(facts, thresholds{}, now), "PRC-LATE-INSTALMENT") == 1);
  // The final grade standing and paying: the final instalment is overdue too.
  facts.grades.final_evaluation.grade = "良";
  facts.grades.final_evaluation.basis = "evaluation evl_1";
  CHECK(count(tender_flags(facts, thresholds{}, now), "PRC-LATE-INSTALMENT") == 2);
  // Still open to appeal, or withheld by the grade: not the purchaser's delay.
  facts.grades.final_evaluation.waits_until = now + std::chrono::days{3};
  CHECK(count(tender_flags(facts, thresholds{}, now), "PRC-LATE-INSTALMENT") == 1);
  facts.grades.final_evaluation.waits_until.reset();
  facts.grades.final_evaluation.withheld = true;
  CHECK(count(tender_flags(facts, thresholds{}, now), "PRC-LATE-INSTALMENT") == 1);
}

TEST_CASE("a report is understaffed against the posts of its own months", "[flags]") {
  auto facts = with_contract(contracts::contract_state::active, now - std::chrono::days{60});
  auto& c = *facts.contract;
  c.service_start = std::chrono::year{2026} / 1 / 1;
  c.service_months = 12;
  // 14 social workers for 12 months and 1 assistant for the first 6.
  c.staffing = {{procurement::professional_level::social_worker, 14, money{950000}, 12},
                {procurement::professional_level::assistant_social_worker, 1, money{750000}, 6}};
  contracts::service_report r;
  r.status = contracts::report_status::accepted;
  r.period_start = std::chrono::year{2026} / 7 / 1;  // months 7 to 9
  r.period = contracts::report_period::quarterly;
  r.workers = {{procurement::professional_level::social_worker, 14, money{950000}}};
  facts.reports = {r};
  CHECK_FALSE(has(tender_flags(facts, thresholds{}, now), "PRC-UNDERSTAFFED"));
  // Months 4 to 6 still held the assistant's post.
  facts.reports[0].period_start = std::chrono::year{2026} / 4 / 1;
  const auto flags = tender_flags(facts, thresholds{}, now);
  REQUIRE(has(flags, "PRC-UNDERSTAFFED"));
}

TEST_CASE("a contract still unsigned 30 days after the award's day is flagged, one within them is not", "[flags][law]") {
  // now is 10:00 on 10 January 2027 in China: an award on 11 December is due by the close of
  // 10 January, whatever its hour (days counted from the next day, 民法典 §201); one on
  // 10 December was due by the close of 9 January.
  const auto at_limit = with_contract(contracts::contract_state::draft, *parse_rfc3339("2026-12-11T00:00:00+08:00"));
  CHECK_FALSE(has(tender_flags(at_limit, thresholds{}, now), "PRC-LATE-SIGNING"));
  const auto late_in_day = with_contract(contracts::contract_state::draft, *parse_rfc3339("2026-12-11T23:00:00+08:00"));
  CHECK_FALSE(has(tender_flags(late_in_day, thresholds{}, now), "PRC-LATE-SIGNING"));
  const auto past = with_contract(contracts::contract_state::draft, *parse_rfc3339("2026-12-10T23:59:59+08:00"));
  CHECK(has(tender_flags(past, thresholds{}, now), "PRC-LATE-SIGNING"));
  // Signed in time by both: nothing.
  CHECK_FALSE(has(tender_flags(with_contract(contracts::contract_state::active, now - std::chrono::days{60}), thresholds{}, now),
                  "PRC-LATE-SIGNING"));
  // Awarded with no contract drafted at all.
  auto undrafted = past;
  undrafted.contract.reset();
  undrafted.t.state = procurement::tender_state::awarded;
  CHECK(has(tender_flags(undrafted, thresholds{}, now), "PRC-LATE-SIGNING"));
  // Awarded again after an upheld challenge, its old draft cancelled: no contract of this award.
  auto set_aside = with_contract(contracts::contract_state::cancelled, now - std::chrono::days{40});
  set_aside.t.state = procurement::tender_state::awarded;
  CHECK(has(tender_flags(set_aside, thresholds{}, now), "PRC-LATE-SIGNING"));
  // A draft the purchaser ended and never drew up again: the tender stays contracted, with no
  // contract in force, and the cancelled draft raises no flag of its own.
  auto ended = with_contract(contracts::contract_state::cancelled, now - std::chrono::days{40});
  ended.contract->late_signing_reason = "公章审批延迟";
  const auto flags = tender_flags(ended, thresholds{}, now);
  CHECK(std::count_if(flags.begin(), flags.end(), [](const auto& f) { return f.code == "PRC-LATE-SIGNING"; }) == 1);
  CHECK(std::any_of(flags.begin(), flags.end(), [](const auto& f) {
    return f.code == "PRC-LATE-SIGNING" && f.title == "no contract signed 30 days after the award";
  }));
}

TEST_CASE("a report whose caseload per worker exceeds the staffing standard is flagged", "[flags]") {
  auto facts = with_contract(contracts::contract_state::active, now - std::chrono::days{60});
  contracts::service_report r;
  r.status = contracts::report_status::accepted;
  r.period_start = std::chrono::year{2027} / 1 / 1;
  r.workers = {{procurement::professional_level::social_worker, 15, money{950000}}};  // all 15 posts filled
  r.counts.clients_served = 450;  // 30 per worker, standard 20
  facts.reports = {r};
  CHECK(has(tender_flags(facts, thresholds{}, now), "PRC-UNDERSTAFFED"));
  facts.reports[0].counts.clients_served = 300;  // exactly 20 per worker
  CHECK_FALSE(has(tender_flags(facts, thresholds{}, now), "PRC-UNDERSTAFFED"));
  facts.reports[0].counts.clients_served = 301;
  CHECK(has(tender_flags(facts, thresholds{}, now), "PRC-UNDERSTAFFED"));
}

TEST_CASE("unqualified staff neither fill a social worker's post nor count against the caseload standard", "[flags]") {
  auto facts = with_contract(contracts::contract_state::active, now - std::chrono::days{60});
  auto& c = *facts.contract;
  c.service_start = std::chrono::year{2027} / 1 / 1;
  c.service_months = 12;
  c.staffing = {{procurement::professional_level::social_worker, 14, money{950000}, 12},
                {procurement::professional_level::senior_social_worker, 1, money{1200000}, 12}};
  contracts::service_report r;
  r.status = contracts::report_status::accepted;
  r.period_start = std::chrono::year{2027} / 1 / 1;
  r.counts.clients_served = 300;
  // Fifteen heads for fifteen posts, but the senior's post is empty: understaffed.
  r.workers = {{procurement::professional_level::social_worker, 15, money{950000}}};
  facts.reports = {r};
  const auto flags = tender_flags(facts, thresholds{}, now);
  REQUIRE(has(flags, "PRC-UNDERSTAFFED"));
  CHECK(std::any_of(flags.begin(), flags.end(), [](const auto& f) {
    return f.code == "PRC-UNDERSTAFFED" && f.detail.find("1 unfilled at their level") != std::string::npos;
  }));
  // A senior may take a social worker's post: every post filled, 300 clients for 15 qualified.
  facts.reports[0].workers = {{procurement::professional_level::social_worker, 13, money{950000}},
                              {procurement::professional_level::senior_social_worker, 2, money{1200000}}};
  CHECK_FALSE(has(tender_flags(facts, thresholds{}, now), "PRC-UNDERSTAFFED"));
  // Five unqualified staff added to 12 social workers and the senior: three posts are still
  // unfilled, and 300 clients for 13 qualified workers is above 20 each.
  facts.reports[0].workers = {{procurement::professional_level::social_worker, 12, money{950000}},
                              {procurement::professional_level::senior_social_worker, 1, money{1200000}},
                              {procurement::professional_level::none, 5, money{1}}};
  const auto padded = tender_flags(facts, thresholds{}, now);
  CHECK(std::count_if(padded.begin(), padded.end(), [](const auto& f) { return f.code == "PRC-UNDERSTAFFED"; }) == 2);
}

TEST_CASE("purchaser-level flags name the supplier they concern", "[flags]") {
  std::vector<tender_facts> tenders;
  for (int i = 0; i < 3; ++i) {
    auto facts = opened_tender({make_bid("a" + std::to_string(i), 100), make_bid("b" + std::to_string(i), 100)});
    facts.t.id = "tnd_" + std::to_string(i);
    facts.bids[0].supplier_id = "sup_same";
    facts.t.awarded_bid_id = facts.bids[0].id;
    facts.t.awarded_at = now + std::chrono::days{i};
    tenders.push_back(facts);
  }
  evaluation::performance_evaluation low;
  low.id = "evl_1";
  low.state = evaluation::evaluation_state::finalized;
  low.grade = "差";
  low.purchaser_id = "pur";
  low.supplier_id = "sup_same";
  low.finalized_at = now;
  const auto flags = purchaser_flags("pur", tenders, {low}, thresholds{});
  REQUIRE(has(flags, "PRC-SUPPLIER-SHARE"));
  REQUIRE(has(flags, "PRC-LOW-GRADE-RENEWAL"));
  for (const auto& f : flags) CHECK(f.supplier_id == "sup_same");
}
