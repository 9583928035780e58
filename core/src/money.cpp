#include "procura/core/money.hpp"

#include <limits>

#include "procura/core/wide_integer.hpp"

namespace procura {

std::optional<money> scale_half_up(money amount, std::int64_t numerator, std::int64_t denominator) {
  if (denominator <= 0) return std::nullopt;
  const wide_integer product = static_cast<wide_integer>(amount.fen) * numerator;
  const bool negative = product < 0;
  const wide_integer magnitude = negative ? -product : product;
  wide_integer quotient = magnitude / denominator;
  if ((magnitude % denominator) * 2 >= denominator) ++quotient;
  const wide_integer signed_quotient = negative ? -quotient : quotient;
  if (signed_quotient > std::numeric_limits<std::int64_t>::max() ||
      signed_quotient < std::numeric_limits<std::int64_t>::min())
    return std::nullopt;
  return money{static_cast<std::int64_t>(signed_quotient)};
}

std::optional<money> apply_rate(money amount, basis_points rate) { return scale_half_up(amount, rate, 10000); }

std::optional<money> checked_add(money a, money b) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a.fen, b.fen, &sum)) return std::nullopt;
  return money{sum};
}

std::optional<money> checked_multiply(money a, std::int64_t count) {
  std::int64_t product = 0;
  if (__builtin_mul_overflow(a.fen, count, &product)) return std::nullopt;
  return money{product};
}

std::string format_yuan(money amount) {
  const bool negative = amount.fen < 0;
  const unsigned long long magnitude =
      negative ? 0ULL - static_cast<unsigned long long>(amount.fen) : static_cast<unsigned long long>(amount.fen);
  std::string whole = std::to_string(magnitude / 100);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  const unsigned long long cents = magnitude % 100;
  return (negative ? "-" : "") + grouped + "." + (cents < 10 ? "0" : "") + std::to_string(cents);
}

}  // namespace procura
