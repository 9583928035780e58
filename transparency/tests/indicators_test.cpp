#include <catch2/catch.hpp>

#include "procura/transparency/indicators.hpp"

using namespace procura;
using namespace procura::transparency;

TEST_CASE("indicators on a small fixture match the hand-computed figures", "[indicators]") {
  const timestamp now = *parse_rfc3339("2027-06-01T00:00:00Z");
  tender_facts facts;
  facts.t.id = "tnd_1";
  facts.t.state = procurement::tender_state::contracted;
  facts.t.opened_at = now - std::chrono::days{200};
  for (int i = 0; i < 3; ++i) {
    bid_outline b;
    b.id = "b" + std::to_string(i);
    facts.bids.push_back(b);
  }
  contracts::contract c;
  c.id = "ctr_1";
  c.state = contracts::contract_state::active;
  c.clients = 300;
  c.staffing_standard = 20;
  c.price = money{228000000};
  c.service_start = std::chrono::year{2027} / 1 / 1;  // 12 months
  c.schedule = {{1, std::chrono::year{2027} / 1 / 1, money{1}, contracts::condition_kind::none, {},
                 now - std::chrono::days{150}, money{1}, {}, false},
                {2, std::chrono::year{2027} / 3 / 1, money{1}, contracts::condition_kind::none, {},
                 now - std::chrono::days{80}, money{1}, {}, true}};
  facts.contract = c;
  const auto report = [](int month, std::int64_t assistants, std::int64_t uncertified, std::int64_t clients,
                         std::int64_t relapses, std::int64_t abstinent) {
    contracts::service_report r;
    r.status = contracts::report_status::accepted;
    r.period_start = std::chrono::year{2027} / month / 1;
    r.workers = {{procurement::professional_level::assistant_social_worker, assistants, money{750000}},
                 {procurement::professional_level::none, uncertified, money{600000}}};
    r.counts.clients_served = clients;
    r.counts.relapses = relapses;
    r.counts.no_relapse_one_year = abstinent;
    r.salary_guide_year = 2027;
    return r;
  };
  facts.reports = {report(1, 12, 3, 290, 5, 200), report(2, 13, 2, 300, 4, 230)};
  procurement::benchmark_set benchmarks;
  benchmarks.monthly_salary = {money{650000}, money{750000}, money{900000}, money{1150000}};
  evaluation::performance_evaluation graded;
  graded.state = evaluation::evaluation_state::finalized;
  graded.grade = "良";
  graded.finalized_at = now - std::chrono::days{10};

  const auto figures = compute_indicators({facts}, {graded}, [&](const contracts::contract&, std::int32_t) {
    return std::optional<procurement::benchmark_set>(benchmarks);
  }, {}, now);
  CHECK(figures.clients_covered == 300);
  CHECK(figures.workers_per_client.numerator == 13);     // latest report: 13 assistants, not the 2 uncertified
  CHECK(figures.workers_per_client.denominator == 300);
  CHECK(figures.standard_workers_per_client.numerator == 15);  // 300 / 20
  CHECK(*figures.certified_share.value() == rational(13, 15));
  CHECK(*figures.salary_compliance.value() == rational(25, 30));  // uncertified paid 6,000 < 6,500
  CHECK(*figures.payment_punctuality.value() == rational(1, 2));
  CHECK(*figures.relapse_rate.value() == rational(9, 300));  // clients of the latest report, not 290 + 300
  CHECK(*figures.abstinence_one_year.value() == rational(230, 300));
  CHECK(*figures.cost_per_client.value() == rational(228000000, 300));
  CHECK(*figures.bids_per_tender.value() == rational(3));
  CHECK(*figures.single_bid_share.value() == rational(0));
  CHECK(figures.grades.at("良") == 1);
  // A window that excludes February counts only January.
  const auto january = compute_indicators({facts}, {}, [&](const contracts::contract&, std::int32_t) {
    return std::optional<procurement::benchmark_set>(benchmarks);
  }, {std::nullopt, *parse_rfc3339("2027-02-01T00:00:00Z")}, now);
  CHECK(*january.abstinence_one_year.value() == rational(200, 290));
  // Per client served in January's report (290), not per client contracted (300).
  CHECK(*january.cost_per_client.value() == rational(228000000, 290));
  // A wind-down month served nobody: the price stays over February's 300, not over nobody; and a
  // report no guide could check counts in neither part of the salary compliance.
  auto wound_down = facts;
  auto march = facts.reports.back();
  march.period_start = std::chrono::year{2027} / 3 / 1;
  march.counts.clients_served = 0;
  march.counts.relapses = 0;
  march.counts.no_relapse_one_year = 0;
  march.salary_guide_year.reset();
  wound_down.reports.push_back(march);
  const auto later = compute_indicators({wound_down}, {}, [&](const contracts::contract&, std::int32_t) {
    return std::optional<procurement::benchmark_set>(benchmarks);
  }, {}, now);
  CHECK(*later.cost_per_client.value() == rational(228000000, 300));
  CHECK(*later.workers_per_client.value() == rational(13, 300));
  CHECK(*later.abstinence_one_year.value() == rational(230, 300));
  CHECK(*later.relapse_rate.value() == rational(9, 300));
  CHECK(*later.salary_compliance.value() == rational(25, 30));
}

namespace {

const timestamp june = *parse_rfc3339("2027-06-01T00:00:00Z");

/// A signed contract of 300 clients, service from 2027-01-01 for 12 months, in a contracted tender.
tender_facts contracted(std::vector<contracts::instalment> schedule = {}) {
  tender_facts facts;
  facts.t.id = "tnd_1";
  facts.t.state = procurement::tender_state::contracted;
  contracts::contract c;
  c.id = "ctr_1";
  c.state = contracts::contract_state::active;
  c.clients = 300;
  c.staffing_standard = 20;
  c.price = money{228000000};
  c.service_start = std::chrono::year{2027} / 1 / 1;
  c.schedule = std::move(schedule);
  facts.contract = c;
  return facts;
}

contracts::service_report served(int month, std::int64_t clients, std::int64_t relapses) {
  contracts::service_report r;
  r.status = contracts::report_status::accepted;
  r.period_start = std::chrono::year{2027} / month / 1;
  r.workers = {{procurement::professional_level::social_worker, 15, money{900000}}};
  r.counts.clients_served = clients;
  r.counts.relapses = relapses;
  return r;
}

indicators computed(const tender_facts& facts, indicator_window window, timestamp now) {
  return compute_indicators({facts}, {}, [](const contracts::contract&, std::int32_t) { return std::optional<procurement::benchmark_set>(); },
                            window, now);
}

}  // namespace

TEST_CASE("salary compliance holds each report to the guide it was checked against when submitted", "[indicators]") {
  auto facts = contracted();
  facts.contract->service_start = std::chrono::year{2027} / 7 / 1;  // July 2027 to June 2028
  auto january = served(1, 300, 0);
  january.period_start = std::chrono::year{2028} / 1 / 1;  // paid 9,000.00
  january.salary_guide_year = 2028;
  facts.reports = {january};
  procurement::benchmark_set guide_2027, guide_2028;
  guide_2027.monthly_salary = {money{650000}, money{750000}, money{880000}, money{1150000}};
  guide_2028.monthly_salary = {money{680000}, money{780000}, money{920000}, money{1180000}};
  const auto figures = compute_indicators({facts}, {}, [&](const contracts::contract&, std::int32_t year) {
    return std::optional<procurement::benchmark_set>(year == 2028 ? guide_2028 : guide_2027);
  }, {}, june + std::chrono::days{365});
  // 15 social workers paid 9,000.00: below 2028's 9,200.00, though above 2027's 8,800.00.
  CHECK(figures.salary_compliance.numerator == 0);
  CHECK(figures.salary_compliance.denominator == 15);
  // Submitted before the 2028 guide was imported, it was checked against 2027's and met it: a
  // guide imported later does not judge it again (decision 82).
  facts.reports.front().salary_guide_year = 2027;
  const auto before_the_guide = compute_indicators({facts}, {}, [&](const contracts::contract&, std::int32_t year) {
    return std::optional<procurement::benchmark_set>(year == 2028 ? guide_2028 : guide_2027);
  }, {}, june + std::chrono::days{365});
  CHECK(before_the_guide.salary_compliance.numerator == 15);
  CHECK(before_the_guide.salary_compliance.denominator == 15);
}

TEST_CASE("an instalment past its due date and unreleased counts as not punctual; one due today does not count yet",
          "[indicators]") {
  const contracts::instalment overdue{1, std::chrono::year{2027} / 5 / 31, money{1}, contracts::condition_kind::none, {},
                                      std::nullopt, money{}, money{}, false};
  // The final instalment, which the final grade governs, falls due later.
  const contracts::instalment final_one{2, std::chrono::year{2027} / 12 / 31, money{1}, contracts::condition_kind::none, {},
                                        std::nullopt, money{}, money{}, false};
  // 2027-06-01T00:00Z is 08:00 on 1 June in China: 31 May has passed.
  const auto late = computed(contracted({overdue, final_one}), {}, june);
  CHECK(late.payment_punctuality.numerator == 0);
  CHECK(late.payment_punctuality.denominator == 1);
  auto due_today = overdue;
  due_today.due_date = std::chrono::year{2027} / 6 / 1;
  CHECK(computed(contracted({due_today, final_one}), {}, june).payment_punctuality.denominator == 0);
  // Overdue since 1 June (China): outside a window that ends on 31 May.
  CHECK(computed(contracted({overdue, final_one}), {std::nullopt, *parse_rfc3339("2027-05-31T00:00:00+08:00")}, june)
            .payment_punctuality.denominator == 0);
  // Not the purchaser's delay: an instalment waiting for its condition, or the final one.
  auto waiting = overdue;
  waiting.condition = contracts::condition_kind::report_accepted;
  CHECK(computed(contracted({waiting, final_one}), {}, june).payment_punctuality.denominator == 0);
  CHECK(computed(contracted({overdue}), {}, june).payment_punctuality.denominator == 0);  // alone, it is the final one
}

TEST_CASE("contracts whose service period lies outside the window are left out of the contract figures", "[indicators]") {
  const auto facts = contracted();
  const auto all = computed(facts, {}, june);
  CHECK(all.contracts == 1);
  CHECK(all.clients_covered == 300);
  const auto later = computed(facts, {*parse_rfc3339("2040-01-01T00:00:00Z"), std::nullopt}, june);
  CHECK(later.contracts == 0);
  CHECK(later.clients_covered == 0);
  CHECK(later.cost_per_client.denominator == 0);
  CHECK(later.standard_workers_per_client.denominator == 0);
  CHECK(computed(facts, {std::nullopt, *parse_rfc3339("2000-01-01T00:00:00Z")}, june).contracts == 0);
  // The service period 2027-01-01 .. 2028-01-01 (China) overlaps a window of its last day, not one after it.
  CHECK(computed(facts, {*parse_rfc3339("2027-12-31T12:00:00+08:00"), std::nullopt}, june).contracts == 1);
  CHECK(computed(facts, {*parse_rfc3339("2028-01-01T00:00:00+08:00"), std::nullopt}, june).contracts == 0);
  // A mid-month start counts whole months from the first of its month, as reports do: 2027-01-15
  // for 12 months ends with December 2027, not on 2028-01-15.
  auto mid_month = facts;
  mid_month.contract->service_start = std::chrono::year{2027} / 1 / 15;
  CHECK(computed(mid_month, {*parse_rfc3339("2027-12-31T12:00:00+08:00"), std::nullopt}, june).contracts == 1);
  CHECK(computed(mid_month, {*parse_rfc3339("2028-01-05T00:00:00+08:00"), std::nullopt}, june).contracts == 0);
}

TEST_CASE("the relapse rate counts each contract's clients once, like the abstinence rates", "[indicators]") {
  auto facts = contracted();
  facts.reports = {served(1, 288, 5), served(2, 296, 4), served(3, 301, 6)};
  const auto figures = computed(facts, {}, june);
  CHECK(figures.relapse_rate.numerator == 15);
  CHECK(figures.relapse_rate.denominator == 301);
  CHECK(figures.abstinence_one_year.denominator == 301);
}

TEST_CASE("a cancelled contract, never in force, is no contract in the figures", "[indicators]") {
  auto facts = contracted();
  REQUIRE(computed(facts, {}, june).contracts == 1);
  facts.contract->state = contracts::contract_state::cancelled;
  const auto figures = computed(facts, {}, june);
  CHECK(figures.contracts == 0);
  CHECK(figures.clients_covered == 0);
  CHECK(figures.cost_per_client.denominator == 0);
}
