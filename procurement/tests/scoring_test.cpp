#include <catch2/catch.hpp>

#include "procura/procurement/scoring.hpp"
#include "procura/core/wide_integer.hpp"

using namespace procura;
using namespace procura::procurement;

namespace {

std::vector<std::int64_t> hundredths(std::initializer_list<std::int64_t> whole_points) {
  std::vector<std::int64_t> out;
  for (const auto p : whole_points) out.push_back(p * 100);
  return out;
}

/// Scores given in hundredths of a point, as exact values.
std::vector<rational> exact_hundredths(const std::vector<std::int64_t>& scores) {
  std::vector<rational> out;
  for (const auto s : scores) out.push_back(rational(s, 100));
  return out;
}

/// The four bids of worked example §1.
std::vector<scored_bid> worked_example() {
  const money a{180000000}, b{165000000}, c{172000000}, d{195000000};
  const money lowest = b;
  const std::vector<score_band> certified_bands{{7000, 10}, {5000, 7}, {0, 4}};
  struct input {
    const char* id;
    money price;
    std::vector<std::int64_t> plan, team;
    std::int64_t certified_share_bp;
    std::vector<std::int64_t> past;  // last final scores in hundredths, most recent first
  };
  // Past performance "mean of the last 3 final scores ÷ 10": A 91.2, B 78.5, C 88.0, D 90.1.
  const std::vector<input> inputs{
      {"A", a, hundredths({26, 27, 25, 28, 26}), hundredths({17, 18, 16, 18, 17}), 7500, {9120, 9120, 9120}},
      {"B", b, hundredths({22, 24, 23, 21, 23}), hundredths({15, 16, 15, 14, 16}), 6000, {7850, 7850, 7850}},
      {"C", c, hundredths({27, 28, 28, 26, 27}), hundredths({18, 17, 18, 19, 18}), 8000, {8800, 8800, 8800}},
      {"D", d, hundredths({29, 28, 29, 30, 28}), hundredths({19, 19, 18, 20, 19}), 7000, {9010, 9010, 9010}},
  };
  std::vector<scored_bid> bids;
  for (const auto& in : inputs) {
    scored_bid s;
    s.bid_id = in.id;
    s.price = in.price;
    s.item_scores = {price_score(lowest, in.price, 30), mean_of_hundredths(in.plan), mean_of_hundredths(in.team),
                     rational{band_points(certified_bands, in.certified_share_bp)},
                     past_performance_score(exact_hundredths(in.past), 10)};
    s.subjective_total = s.item_scores[1] + s.item_scores[2];
    for (const auto& item : s.item_scores) s.total += item;
    bids.push_back(std::move(s));
  }
  return bids;
}

}  // namespace

TEST_CASE("the price score is benchmark over price times the price points, exactly", "[scoring][law]") {
  CHECK(price_score(money{165000000}, money{172000000}, 30) == rational(2475, 86));
  CHECK(price_score(money{165000000}, money{195000000}, 30) == rational(330, 13));
  CHECK(price_score(money{165000000}, money{165000000}, 30) == rational(30));
  CHECK(price_score(money{165000000}, money{180000000}, 30).to_decimal(2) == "27.50");
}

TEST_CASE("worked example 1: totals and ranking C, D, A, B", "[scoring][law]") {
  const auto bids = worked_example();
  CHECK(bids[0].total.to_decimal(2) == "90.22");
  CHECK(bids[1].total.to_decimal(2) == "82.65");
  CHECK(bids[2].total.to_decimal(6) == "92.779070");  // 92.779069… rounded half-up at 6 places
  CHECK(bids[3].total.to_decimal(6) == "92.194615");
  const auto ranked = rank_bids(bids, tie_rule::draw, "seed");
  REQUIRE(ranked.size() == 4);
  CHECK(ranked[0].scored.bid_id == "C");
  CHECK(ranked[1].scored.bid_id == "D");
  CHECK(ranked[2].scored.bid_id == "A");
  CHECK(ranked[3].scored.bid_id == "B");
  CHECK_FALSE(ranked[0].decided_by_tie_rule);
}

TEST_CASE("worked example 1: no bid is abnormally low at 80% of the others' mean", "[scoring][law]") {
  const std::vector<money> prices{money{180000000}, money{165000000}, money{172000000}, money{195000000}};
  for (std::size_t i = 0; i < prices.size(); ++i) {
    std::vector<money> others;
    for (std::size_t j = 0; j < prices.size(); ++j)
      if (j != i) others.push_back(prices[j]);
    CHECK_FALSE(below_share_of_others_mean(prices[i], others, 8000));
  }
  // B's threshold is 1,458,666.67: one fen below it is flagged, the threshold itself is not.
  const std::vector<money> others_of_b{money{180000000}, money{172000000}, money{195000000}};
  CHECK(below_share_of_others_mean(money{145866666}, others_of_b, 8000));
  CHECK_FALSE(below_share_of_others_mean(money{145866667}, others_of_b, 8000));
}

TEST_CASE("worked example 2: the draw orders tied bids by SHA-256 of seed:id", "[scoring][law]") {
  const std::string seed = "93c80f76a3689120ac4b0b3adc2d6cf71fa0777862b2dfc23aa6c15aed5b6353";
  CHECK(draw_key(seed, "bid-17") == "579661d8f5f04d03a8d47c2452c2442c3695245cc933de07fbc589018be192ba");
  CHECK(draw_key(seed, "bid-08") == "8fc9253fbb488a2b641b3f4c86596d1fdcf8fa2c9fb85f54060177a54f52db21");
  CHECK(draw_key(seed, "bid-42") == "c4d36eba90cd09540b96db45d45c9ac8682e1212d620c456b5a86587dd91de22");
  std::vector<scored_bid> tied;
  for (const char* id : {"bid-42", "bid-08", "bid-17"}) tied.push_back({id, "s", money{100}, {}, rational{80}, rational{40}});
  const auto ranked = rank_bids(tied, tie_rule::draw, seed);
  CHECK(ranked[0].scored.bid_id == "bid-17");
  CHECK(ranked[1].scored.bid_id == "bid-08");
  CHECK(ranked[2].scored.bid_id == "bid-42");
  CHECK(ranked[0].decided_by_tie_rule);
}

TEST_CASE("equal totals are ranked by price ascending before any tie rule", "[scoring][law]") {
  std::vector<scored_bid> bids{{"x", "s", money{200}, {}, rational{80}, rational{50}},
                               {"y", "s", money{100}, {}, rational{80}, rational{10}}};
  const auto ranked = rank_bids(bids, tie_rule::higher_subjective_total, "seed");
  CHECK(ranked[0].scored.bid_id == "y");
  CHECK_FALSE(ranked[0].decided_by_tie_rule);
}

TEST_CASE("the higher-subjective-total rule decides before the draw when stated", "[scoring][law]") {
  std::vector<scored_bid> bids{{"x", "s", money{100}, {}, rational{80}, rational{30}},
                               {"y", "s", money{100}, {}, rational{80}, rational{50}}};
  CHECK(rank_bids(bids, tie_rule::higher_subjective_total, "seed")[0].scored.bid_id == "y");
}

TEST_CASE("a tie is a tie only when the exact totals are equal, never by rounding", "[scoring]") {
  // 1/3 + 1/3 + 1/3 is exactly 1; 0.333333 three times would not be.
  const rational third(1, 3);
  CHECK(third + third + third == rational{1});
  CHECK(rational(2, 3).to_decimal(6) == "0.666667");
  CHECK(rational(100000001, 1000000) > rational(100, 1));
}

// Found by fuzz_small_parsers: scaling by 10^places overflowed 128 bits (undefined behaviour).
TEST_CASE("exact scores print half-up at any size, without overflow", "[scoring]") {
  CHECK(rational(2475, 86).to_decimal(6) == "28.779070");
  CHECK(rational(-1, 2).to_decimal(0) == "-1");
  CHECK(rational(-1, 3).to_decimal(2) == "-0.33");
  CHECK(rational(-1, 1000).to_decimal(2) == "0.00");
  CHECK(rational(199, 200).to_decimal(2) == "1.00");
  CHECK(rational(0).to_decimal(3) == "0.000");
  const wide_integer large = static_cast<wide_integer>(1) << 120;  // about 1.3 × 10^36
  CHECK(rational(large, 3).to_decimal(6) == "443075998594971957634602353426781525.333333");
  CHECK(rational(1, large).to_decimal(6) == "0.000000");
}

TEST_CASE("past performance uses the exact final scores: two that round alike still differ", "[scoring][law]") {
  // 88.574 and 88.566 both read 88.57 at two decimals; ranked on those, the two suppliers would
  // tie and fall to price or the draw.
  const auto higher = past_performance_score({rational(88574, 1000)}, 10);
  const auto lower = past_performance_score({rational(88566, 1000)}, 10);
  CHECK(higher > lower);
  CHECK(higher == rational(88574, 10000));
  // The mean of the last three, most recent first; older ones do not count.
  CHECK(past_performance_score({rational(16829, 190), rational{90}, rational{80}, rational{10}}, 10) ==
        (rational(16829, 190) + rational{170}) / rational{30});
  CHECK(past_performance_score({}, 10) == rational{0});
}
