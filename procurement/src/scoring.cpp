#include "procura/procurement/scoring.hpp"

#include <algorithm>

#include "procura/core/crypto.hpp"
#include "procura/core/wide_integer.hpp"

namespace procura::procurement {

rational price_score(money benchmark_price, money price, std::int64_t price_points) {
  if (price.fen <= 0) return rational{0};
  return rational(static_cast<wide_integer>(benchmark_price.fen) * price_points, price.fen);
}

std::int64_t band_points(const std::vector<score_band>& bands, std::int64_t value) {
  std::optional<score_band> best;
  for (const auto& band : bands)
    if (value >= band.at_least && (!best || band.at_least > best->at_least)) best = band;
  return best ? best->points : 0;
}

rational past_performance_score(const std::vector<rational>& scores, std::int64_t points,
                                std::int64_t no_record_points) {
  if (scores.empty()) return rational{no_record_points};
  const std::size_t counted = std::min<std::size_t>(3, scores.size());
  rational sum;
  for (std::size_t i = 0; i < counted; ++i) sum += scores[i];
  // mean / 100 × points
  return sum * rational{points} / rational{static_cast<std::int64_t>(counted) * 100};
}

rational mean_of_hundredths(const std::vector<std::int64_t>& scores_hundredths) {
  if (scores_hundredths.empty()) return rational{0};
  wide_integer sum = 0;
  for (const auto score : scores_hundredths) sum += score;
  return rational(sum, static_cast<wide_integer>(scores_hundredths.size()) * 100);
}

bool below_share_of_others_mean(money price, const std::vector<money>& other_prices, basis_points threshold) {
  if (other_prices.empty()) return false;
  wide_integer sum = 0;
  for (const auto other : other_prices) sum += other.fen;
  // price < threshold/10000 × sum/n  ⇔  price × n × 10000 < threshold × sum
  return static_cast<wide_integer>(price.fen) * static_cast<wide_integer>(other_prices.size()) * 10000 < threshold * sum;
}

std::string draw_key(std::string_view seed, std::string_view bid_id) {
  std::string input(seed);
  input += ':';
  input += bid_id;
  return crypto::sha256_hex(input);
}

std::vector<ranked_bid> rank_bids(std::vector<scored_bid> bids, tie_rule rule, std::string_view seed) {
  std::vector<ranked_bid> ranked;
  ranked.reserve(bids.size());
  for (auto& b : bids) {
    ranked_bid r;
    r.draw_key = draw_key(seed, b.bid_id);
    r.scored = std::move(b);
    ranked.push_back(std::move(r));
  }
  const auto before_without_rule = [](const ranked_bid& a, const ranked_bid& b) -> std::optional<bool> {
    if (a.scored.total != b.scored.total) return a.scored.total > b.scored.total;
    if (a.scored.price != b.scored.price) return a.scored.price < b.scored.price;
    return std::nullopt;
  };
  const auto by_tie_rule = [rule](const ranked_bid& a, const ranked_bid& b) {
    if (rule == tie_rule::higher_subjective_total && a.scored.subjective_total != b.scored.subjective_total)
      return a.scored.subjective_total > b.scored.subjective_total;
    return a.draw_key < b.draw_key;
  };
  std::sort(ranked.begin(), ranked.end(), [&](const ranked_bid& a, const ranked_bid& b) {
    if (const auto decided = before_without_rule(a, b)) return *decided;
    return by_tie_rule(a, b);
  });
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    ranked[i].rank = static_cast<std::int64_t>(i) + 1;
    const bool tied_with_previous = i > 0 && !before_without_rule(ranked[i - 1], ranked[i]).has_value();
    const bool tied_with_next = i + 1 < ranked.size() && !before_without_rule(ranked[i], ranked[i + 1]).has_value();
    ranked[i].decided_by_tie_rule = tied_with_previous || tied_with_next;
  }
  return ranked;
}

}  // namespace procura::procurement
