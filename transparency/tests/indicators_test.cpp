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
    return r;
  };
  facts.reports = {report(1, 12, 3, 290, 5, 200), report(2, 13, 2, 300, 4, 230)};
  procurement::benchmark_set benchmarks;
  benchmarks.monthly_salary = {money{650000}, money{750000}, money{900000}, money{1150000}};
  evaluation::performance_evaluation graded;
  graded.state = evaluation::evaluation_state::finalized;
  graded.grade = "良";
  graded.finalized_at = now - std::chrono::days{10};

  const auto figures = compute_indicators({facts}, {graded}, [&](const contracts::contract&) {
    return std::optional<procurement::benchmark_set>(benchmarks);
  }, {});
  CHECK(figures.clients_covered == 300);
  CHECK(figures.workers_per_client.numerator == 15);     // latest report: 13 + 2
  CHECK(figures.workers_per_client.denominator == 300);
  CHECK(figures.standard_workers_per_client.numerator == 15);  // 300 / 20
  CHECK(*figures.certified_share.value() == rational(13, 15));
  CHECK(*figures.salary_compliance.value() == rational(25, 30));  // uncertified paid 6,000 < 6,500
  CHECK(*figures.payment_punctuality.value() == rational(1, 2));
  CHECK(*figures.relapse_rate.value() == rational(9, 590));
  CHECK(*figures.abstinence_one_year.value() == rational(230, 300));
  CHECK(*figures.cost_per_client.value() == rational(228000000, 300));
  CHECK(*figures.bids_per_tender.value() == rational(3));
  CHECK(*figures.single_bid_share.value() == rational(0));
  CHECK(figures.grades.at("良") == 1);
  // A window that excludes February counts only January.
  const auto january = compute_indicators({facts}, {}, [&](const contracts::contract&) {
    return std::optional<procurement::benchmark_set>(benchmarks);
  }, {std::nullopt, *parse_rfc3339("2027-02-01T00:00:00Z")});
  CHECK(*january.abstinence_one_year.value() == rational(200, 290));
}
