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
  CHECK(has(tender_flags(opened_tender({make_bid("a", 100)}), limits), "R018"));
  CHECK_FALSE(has(tender_flags(opened_tender({make_bid("a", 100), make_bid("b", 110)}), limits), "R018"));
}

TEST_CASE("R028 flags identical prices, not prices one fen apart", "[flags]") {
  const thresholds limits;
  CHECK(has(tender_flags(opened_tender({make_bid("a", 100), make_bid("b", 100)}), limits), "R028"));
  CHECK_FALSE(has(tender_flags(opened_tender({make_bid("a", 100), make_bid("b", 101)}), limits), "R028"));
}

TEST_CASE("R036 flags a disqualified lowest bid, not a disqualified higher one", "[flags]") {
  const thresholds limits;
  CHECK(has(tender_flags(opened_tender({make_bid("a", 100, false), make_bid("b", 110)}), limits), "R036"));
  CHECK_FALSE(has(tender_flags(opened_tender({make_bid("a", 100), make_bid("b", 110, false)}), limits), "R036"));
}

TEST_CASE("fewer than 3 qualified bids is flagged, 3 are not", "[flags]") {
  const thresholds limits;
  CHECK(has(tender_flags(opened_tender({make_bid("a", 1), make_bid("b", 2), make_bid("c", 3, false)}), limits),
            "PRC-FEW-QUALIFIED"));
  CHECK_FALSE(has(tender_flags(opened_tender({make_bid("a", 1), make_bid("b", 2), make_bid("c", 3)}), limits),
                  "PRC-FEW-QUALIFIED"));
}

TEST_CASE("R058 uses the 1.5 × IQR lower fence", "[flags]") {
  // Prices 100, 100, 100, 100: IQR 0, fence 100; 99 is below it, 100 is not.
  const thresholds limits;
  CHECK(has(tender_flags(opened_tender({make_bid("a", 99), make_bid("b", 100), make_bid("c", 100), make_bid("d", 100),
                                        make_bid("e", 100)}), limits), "R058"));
  CHECK_FALSE(has(tender_flags(opened_tender({make_bid("a", 100), make_bid("b", 100), make_bid("c", 100),
                                              make_bid("d", 100)}), limits), "R058"));
  CHECK(*lower_fence({10, 20, 30, 40}) == rational(-5, 1));  // Q1 17.5, Q3 32.5, fence 17.5 − 22.5
}

TEST_CASE("a winning price within 1% of the ceiling is flagged, 1% and a fen below is not", "[flags]") {
  const thresholds limits;
  auto near = opened_tender({make_bid("a", 297000000), make_bid("b", 299000000)});
  near.t.awarded_bid_id = "a";
  CHECK(has(tender_flags(near, limits), "PRC-NEAR-CEILING"));  // exactly 99 %
  auto far = opened_tender({make_bid("a", 296999999), make_bid("b", 299000000)});
  far.t.awarded_bid_id = "a";
  CHECK_FALSE(has(tender_flags(far, limits), "PRC-NEAR-CEILING"));
}

TEST_CASE("sealed bids are never looked at", "[flags]") {
  auto facts = opened_tender({make_bid("a", 100)});
  facts.t.state = procurement::tender_state::published;
  facts.t.opened_at.reset();
  CHECK_FALSE(has(tender_flags(facts, thresholds{}), "R018"));
}

TEST_CASE("single source is always flagged", "[flags]") {
  auto facts = opened_tender({});
  facts.t.method = procurement::procurement_method::single_source;
  CHECK(has(tender_flags(facts, thresholds{}), "PRC-SINGLE-SOURCE"));
  facts.t.method = procurement::procurement_method::open_tender;
  CHECK_FALSE(has(tender_flags(facts, thresholds{}), "PRC-SINGLE-SOURCE"));
}

TEST_CASE("amendments at 9% of the original price are flagged, below are not", "[flags]") {
  auto facts = opened_tender({});
  contracts::contract c;
  c.id = "ctr_1";
  c.original_price = c.price = money{100000000};
  c.amendments.push_back({1, "r", money{9000000}, "p", now, now, {}});
  facts.contract = c;
  CHECK(has(tender_flags(facts, thresholds{}), "PRC-AMENDMENTS-NEAR-CAP"));
  facts.contract->amendments[0].added_value = money{8999999};
  CHECK_FALSE(has(tender_flags(facts, thresholds{}), "PRC-AMENDMENTS-NEAR-CAP"));
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
