#include <catch2/catch.hpp>

#include "memory_repositories.hpp"
#include "procura/procurement/tender.hpp"

using namespace procura;
using namespace procura::procurement;
using namespace std::chrono;

namespace {

const timestamp now = *parse_rfc3339("2026-11-23T00:00:00Z");

tender_terms valid_terms(procurement_method method = procurement_method::open_tender) {
  tender_terms terms;
  terms.title = "社区戒毒社区康复社会工作服务";
  terms.quantity = 300;
  terms.region = "310115";
  terms.budget_ceiling = money{240000000};
  terms.service_start = year_month_day{year{2027}, January, day{1}};
  terms.service_months = 12;
  terms.method = method;
  terms.criteria = {{"price", criterion_kind::price, 30, std::nullopt, {}},
                    {"plan", criterion_kind::subjective, 60, std::nullopt, {}},
                    {"certified", criterion_kind::objective, 10, objective_metric::certified_share,
                     {{7000, 10}, {5000, 7}, {0, 4}}}};
  terms.deadline = now + days{30};
  return terms;
}

/// A tender published at `now` on valid terms, as the amendment tests start from.
tender published_tender() {
  tender t;
  t.id = "tnd_1";
  t.state = tender_state::published;
  t.published_at = now;
  t.terms = valid_terms();
  return t;
}

bool names(const validation_errors& errors, std::string_view pointer) {
  if (errors.empty()) return false;
  for (const auto& field : errors.to_error().fields)
    if (field.pointer == pointer) return true;
  return false;
}

void set_price_points(tender_terms& terms, std::int64_t price) {
  terms.criteria[0].points = price;
  terms.criteria[1].points = 90 - price;
}

}  // namespace

TEST_CASE("valid terms have no publication errors", "[tenders]") {
  CHECK(publication_errors(valid_terms(), now).empty());
}

TEST_CASE("criteria must sum to exactly 100 points", "[tenders][law]") {
  auto terms = valid_terms();
  terms.criteria[1].points = 59;
  CHECK(names(publication_errors(terms, now), "/criteria"));
  terms.criteria[1].points = 61;
  CHECK(names(publication_errors(terms, now), "/criteria"));
}

TEST_CASE("under open tender the price weight is at least 10 points", "[tenders][law]") {
  auto terms = valid_terms();
  set_price_points(terms, 9);
  CHECK(names(publication_errors(terms, now), "/criteria"));
  set_price_points(terms, 10);
  CHECK(publication_errors(terms, now).empty());
  set_price_points(terms, 60);
  CHECK(publication_errors(terms, now).empty());
}

TEST_CASE("under competitive consultation the price weight is 10 to 30 points", "[tenders][law]") {
  auto terms = valid_terms(procurement_method::competitive_consultation);
  for (const auto& [price, allowed] : {std::pair{9, false}, {10, true}, {30, true}, {31, false}}) {
    set_price_points(terms, price);
    INFO("price points " << price);
    CHECK(publication_errors(terms, now).empty() == allowed);
  }
}

TEST_CASE("an open tender's deadline is at least 20 days after publication, to the second", "[tenders][law]") {
  auto terms = valid_terms();
  terms.deadline = now + days{20};
  CHECK(publication_errors(terms, now).empty());
  terms.deadline = now + days{20} - seconds{1};
  CHECK(names(publication_errors(terms, now), "/deadline"));
}

TEST_CASE("a competitive consultation's deadline is at least 10 days after publication", "[tenders][law]") {
  auto terms = valid_terms(procurement_method::competitive_consultation);
  terms.deadline = now + days{10};
  CHECK(publication_errors(terms, now).empty());
  terms.deadline = now + days{10} - seconds{1};
  CHECK(names(publication_errors(terms, now), "/deadline"));
}

TEST_CASE("an open tender's committee has 5 members or more, 7 for a budget of 10 million yuan", "[tenders][law]") {
  auto terms = valid_terms();
  terms.panel_minimum = 3;
  CHECK(names(publication_errors(terms, now), "/panel_minimum"));
  terms.panel_minimum = 5;
  CHECK_FALSE(names(publication_errors(terms, now), "/panel_minimum"));
  terms.budget_ceiling = money{10'000'000'00};
  CHECK(names(publication_errors(terms, now), "/panel_minimum"));
  terms.budget_ceiling = money{9'999'999'99};
  CHECK_FALSE(names(publication_errors(terms, now), "/panel_minimum"));
  terms.budget_ceiling = money{10'000'000'00};
  terms.panel_minimum = 7;
  CHECK_FALSE(names(publication_errors(terms, now), "/panel_minimum"));
  // A consultation group may be three.
  terms.method = procurement_method::competitive_consultation;
  set_price_points(terms, 20);
  terms.panel_minimum = 3;
  CHECK_FALSE(names(publication_errors(terms, now), "/panel_minimum"));
}

TEST_CASE("a region with spaces at either end is refused: it would match no benchmark and no filter", "[tenders]") {
  auto terms = valid_terms();
  terms.region = "310115 ";
  CHECK(names(publication_errors(terms, now), "/region"));
}

TEST_CASE("a service starts on the first day of a month", "[tenders]") {
  auto terms = valid_terms();
  CHECK_FALSE(names(publication_errors(terms, now), "/service_start"));
  terms.service_start = std::chrono::year_month_day{terms.service_start.year(), terms.service_start.month(),
                                                    std::chrono::day{15}};
  CHECK(names(publication_errors(terms, now), "/service_start"));
}

TEST_CASE("a service cannot start before the China date on which bids close", "[tenders]") {
  auto terms = valid_terms();
  // 07:00 on 2 March in China is still 1 March in UTC: a service from 1 March starts before bids close.
  terms.deadline = *parse_rfc3339("2027-03-02T07:00:00+08:00");
  terms.service_start = year_month_day{year{2027}, March, day{1}};
  CHECK(names(publication_errors(terms, now), "/service_start"));
  terms.service_start = year_month_day{year{2027}, April, day{1}};
  CHECK_FALSE(names(publication_errors(terms, now), "/service_start"));
}

TEST_CASE("single source needs a written justification", "[tenders][law]") {
  auto terms = valid_terms(procurement_method::single_source);
  terms.deadline = now + days{5};
  CHECK(names(publication_errors(terms, now), "/single_source_justification"));
  terms.single_source_justification = "唯一具备资质的机构 (the only qualified provider)";
  CHECK(publication_errors(terms, now).empty());
}

TEST_CASE("a service period is at most 12 months, or 36 with the continuity justification", "[tenders][law]") {
  auto terms = valid_terms();
  terms.service_months = 12;
  CHECK(publication_errors(terms, now).empty());
  terms.service_months = 13;
  CHECK(names(publication_errors(terms, now), "/service_months"));
  terms.continuity_justification = "持续性服务且资金有保障";
  CHECK(publication_errors(terms, now).empty());
  terms.service_months = 36;
  CHECK(publication_errors(terms, now).empty());
  terms.service_months = 37;
  CHECK(names(publication_errors(terms, now), "/service_months"));
}

TEST_CASE("a bid bond is at most 2% and a performance bond at most 10%", "[tenders][law]") {
  auto terms = valid_terms();
  terms.bid_bond_rate = 200;
  terms.performance_bond_rate = 1000;
  CHECK(publication_errors(terms, now).empty());
  terms.bid_bond_rate = 201;
  CHECK(names(publication_errors(terms, now), "/bid_bond_rate_bp"));
  terms.bid_bond_rate = 200;
  terms.performance_bond_rate = 1001;
  CHECK(names(publication_errors(terms, now), "/performance_bond_rate_bp"));
}

TEST_CASE("the minimum number of posts is the caseload divided by the standard, rounded up", "[tenders]") {
  tender t;
  t.staffing_standard = 20;
  t.terms.quantity = 300;
  CHECK(t.minimum_posts() == 15);
  t.terms.quantity = 301;
  CHECK(t.minimum_posts() == 16);
  t.staffing_standard = 30;
  CHECK(t.minimum_posts() == 11);
}

TEST_CASE("a change less than 15 days before the deadline pushes it to 15 days after the change", "[tenders][law]") {
  const timestamp deadline = now + days{15};
  CHECK(pushed_deadline(deadline, now) == deadline);  // exactly 15 days: no push
  CHECK(pushed_deadline(deadline, now + seconds{1}) == now + seconds{1} + days{15});
  CHECK(pushed_deadline(deadline, now + days{10}) == now + days{25});
}

TEST_CASE("an amendment that affects bid preparation moves a near deadline, and is recorded", "[tenders][law]") {
  testing::memory_estimates estimates;
  testing::memory_tenders tenders;
  tender t = published_tender();
  tenders.insert(t);
  const timestamp amended_at = now + days{20};  // 10 days before the deadline
  auto terms = t.terms;
  terms.quantity = 320;
  const auto amended = amend_tender(estimates, tenders, t, terms, "more clients", true, t.version, amended_at);
  REQUIRE(amended);
  CHECK(amended->terms.deadline == amended_at + days{15});
  REQUIRE(amended->amendments.size() == 1);
  CHECK(amended->amendments[0].deadline_before == now + days{30});
  CHECK(amended->amendments[0].changes.size() == 2);  // quantity and deadline

  const auto not_affecting = amend_tender(estimates, tenders, *amended, [&] {
    auto t2 = amended->terms;
    t2.description = "typo fixed";
    return t2;
  }(), "typo", false, amended->version, amended_at + days{1});
  REQUIRE(not_affecting);
  CHECK(not_affecting->terms.deadline == amended->terms.deadline);
}

TEST_CASE("an amendment names only the purchaser's own cost estimate, and a replaced one stays named in public",
          "[tenders]") {
  testing::memory_estimates estimates;
  testing::memory_tenders tenders;
  cost_estimate own;
  own.id = "est_own";
  own.purchaser_id = "org_p";
  own.total = valid_terms().budget_ceiling;  // the ceiling came from it: not above it
  estimates.insert(own);
  cost_estimate other = own;
  other.id = "est_other";
  other.purchaser_id = "org_rival";
  estimates.insert(other);
  tender t;
  t.id = "tnd_1";
  t.purchaser_id = "org_p";
  t.state = tender_state::published;
  t.published_at = now;
  t.terms = valid_terms();
  t.terms.cost_estimate_id = "est_first";
  tenders.insert(t);
  CHECK(tenders.cost_estimate_named_in_public("est_first"));
  CHECK_FALSE(tenders.cost_estimate_named_in_public("est_own"));

  auto foreign = t.terms;
  foreign.cost_estimate_id = "est_other";
  const auto refused = amend_tender(estimates, tenders, t, foreign, "another estimate", false, t.version, now + days{1});
  REQUIRE_FALSE(refused);
  CHECK(refused.failure().kind == error_kind::rule_violated);
  CHECK(refused.failure().fields.at(0).pointer == "/changes/cost_estimate_id");
  CHECK_FALSE(tenders.cost_estimate_named_in_public("est_other"));

  auto mine = t.terms;
  mine.cost_estimate_id = "est_own";
  const auto amended = amend_tender(estimates, tenders, t, mine, "a newer estimate", false, t.version, now + days{1});
  REQUIRE(amended);
  CHECK(tenders.cost_estimate_named_in_public("est_own"));
  CHECK(tenders.cost_estimate_named_in_public("est_first"));  // once public, it stays so
}

TEST_CASE("an amendment that brings the deadline forward must say it affects preparation, and keeps 15 days",
          "[tenders][law]") {
  testing::memory_estimates estimates;
  testing::memory_tenders tenders;
  tender t = published_tender();
  t.terms.deadline = now + days{36};  // the service starts 3 days after it
  tenders.insert(t);
  const timestamp amended_at = now + days{19};
  auto sooner = t.terms;
  sooner.deadline = now + days{21};  // two days' notice
  const auto refused = amend_tender(estimates, tenders, t, sooner, "sooner", false, t.version, amended_at);
  REQUIRE_FALSE(refused);
  CHECK(refused.failure().fields.at(0).pointer == "/affects_bid_preparation");
  const auto declared = amend_tender(estimates, tenders, t, sooner, "sooner", true, t.version, amended_at);
  REQUIRE(declared);
  CHECK(declared->terms.deadline == amended_at + days{15});  // earlier than before, but 15 days away
  // Moving it later without affecting preparation stays allowed.
  auto later = t.terms;
  later.deadline = now + days{37};
  CHECK(amend_tender(estimates, tenders, t, later, "later", false, t.version, amended_at));
}

TEST_CASE("a tender cannot be amended after its deadline", "[tenders][law]") {
  testing::memory_estimates estimates;
  testing::memory_tenders tenders;
  tender t = published_tender();
  auto terms = t.terms;
  terms.quantity = 320;
  const auto refused = amend_tender(estimates, tenders, t, terms, "late", true, t.version, t.terms.deadline);
  REQUIRE_FALSE(refused);
  CHECK(refused.failure().kind == error_kind::conflict);
}

TEST_CASE("a published tender is shown as closed from its deadline on", "[tenders]") {
  tender t;
  t.state = tender_state::published;
  t.terms.deadline = now;
  CHECK(display_status(t, now - seconds{1}) == "published");
  CHECK(display_status(t, now) == "closed");
}

TEST_CASE("the span of a status covers exactly the moments that show the same status", "[tenders]") {
  tender t;
  t.terms.deadline = now;
  t.state = tender_state::published;
  for (const auto at : {now - days{3}, now - seconds{1}, now, now + seconds{1}, now + days{400}}) {
    const auto span = display_status_span(t, at);
    INFO("at " << format_rfc3339(at));
    CHECK(span.from <= at);
    CHECK(at < span.until);
    // Inside the span the status reads as at `at`; one second outside it, it does not.
    const auto shown = display_status(t, at);
    if (span.from != timestamp::min()) {
      CHECK(display_status(t, span.from) == shown);
      CHECK(display_status(t, span.from - seconds{1}) != shown);
    }
    if (span.until != timestamp::max()) {
      CHECK(display_status(t, span.until - seconds{1}) == shown);
      CHECK(display_status(t, span.until) != shown);
    }
  }
  CHECK(display_status_span(t, now - seconds{1}).until == now);
  CHECK(display_status_span(t, now).from == now);
  for (const auto state : {tender_state::draft, tender_state::opened, tender_state::awarded, tender_state::cancelled}) {
    t.state = state;
    const auto span = display_status_span(t, now);
    CHECK(span.from == timestamp::min());
    CHECK(span.until == timestamp::max());
  }
}

TEST_CASE("a catalogue code of dots only is refused: it would name a path segment", "[catalogue]") {
  testing::memory_catalogue catalogue;
  for (const std::string code : {".", ".."}) {
    INFO(code);
    catalogue_input item{code, "社区戒毒", "rehabilitation", "client_year", {}, 20, {}};
    const auto refused = create_catalogue_item(catalogue, item, now);
    REQUIRE_FALSE(refused);
    CHECK(refused.failure().fields.at(0).pointer == "/code");
  }
  catalogue_input dotted{"JD.01", "社区戒毒", "rehabilitation", "client_year", {}, 20, {}};
  CHECK(create_catalogue_item(catalogue, dotted, now));
}

TEST_CASE("a draft pins the catalogue version current when it was made", "[tenders]") {
  testing::memory_catalogue catalogue;
  testing::memory_estimates estimates;
  testing::memory_tenders tenders;
  catalogue_input item{"JD-01", "社区戒毒", "rehabilitation", "client_year", {}, 20, {}};
  REQUIRE(create_catalogue_item(catalogue, item, now));
  const auto first = create_draft(catalogue, estimates, tenders, {"JD-01", valid_terms()}, "org_p", now);
  REQUIRE(first);
  item.staffing_standard = 30;
  REQUIRE(revise_catalogue_item(catalogue, item, 1, now));
  const auto second = create_draft(catalogue, estimates, tenders, {"JD-01", valid_terms()}, "org_p", now);
  REQUIRE(second);
  CHECK(first->catalogue_version == 1);
  CHECK(first->staffing_standard == 20);
  CHECK(second->catalogue_version == 2);
  CHECK(second->staffing_standard == 30);
  CHECK_FALSE(create_draft(catalogue, estimates, tenders, {"NOPE", valid_terms()}, "org_p", now));
}
