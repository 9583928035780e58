#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procura/core/money.hpp"
#include "procura/core/rational.hpp"
#include "procura/procurement/tender.hpp"

/// Comprehensive scoring and ranking (SPEC §3.5, examples/worked-examples.md §1–2).
namespace procura::procurement {

/// Price score, low-price-first (87号令 §55): benchmark / price × price points, where the
/// benchmark is the lowest price among the qualified bids.
rational price_score(money benchmark_price, money price, std::int64_t price_points);

/// The points of the highest band reached by `value` (0 when none is reached).
std::int64_t band_points(const std::vector<score_band>& bands, std::int64_t value);

/// Past performance: mean of the last (up to) 3 final evaluation scores, ÷ 100 × points.
/// `scores` are the exact scores, most recent first: a rounded score could make two suppliers
/// tie, or not, on rounding noise (SPEC §2). A supplier without a final evaluation gets
/// `no_record_points` (documented default: 0).
rational past_performance_score(const std::vector<rational>& scores, std::int64_t points,
                                std::int64_t no_record_points = 0);

/// A subjective item's score: the mean of the experts' scores (given in hundredths of a point).
rational mean_of_hundredths(const std::vector<std::int64_t>& scores_hundredths);

/// Abnormally low price (87号令 §60): below `threshold` (default 8000 bp = 80 %) of the mean of
/// the other qualified bids' prices. Needs at least one other bid.
bool below_share_of_others_mean(money price, const std::vector<money>& other_prices, basis_points threshold);

/// What ranking needs of one bid.
struct scored_bid {
  std::string bid_id;
  std::string supplier_id;
  money price;
  std::vector<rational> item_scores;  ///< one per tender criterion, in criterion order
  rational total;
  rational subjective_total;
};

/// One place of the ranking.
struct ranked_bid {
  scored_bid scored;
  std::int64_t rank = 0;
  std::string draw_key;            ///< SHA-256 of "seed:bid-id", lowercase hex
  bool decided_by_tie_rule = false;  ///< its place against a neighbour was settled by the tie rule
};

/// The draw key of a bid: lowercase hex SHA-256 of `seed + ":" + bid_id`.
std::string draw_key(std::string_view seed, std::string_view bid_id);

/// Ranks (law): total descending; equal totals by price ascending; still equal, by the tender's
/// rule: the higher subjective total, then (or directly, for `draw`) the draw key ascending.
std::vector<ranked_bid> rank_bids(std::vector<scored_bid> bids, tie_rule rule, std::string_view seed);

}  // namespace procura::procurement
