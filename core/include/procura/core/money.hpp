#pragma once
#include <compare>
#include <cstdint>
#include <optional>
#include <string>

namespace procura {

/// An amount of Chinese yuan in fen (1 yuan = 100 fen). Never a floating-point number.
struct money {
  std::int64_t fen = 0;
  auto operator<=>(const money&) const = default;
};

/// Basis points: 1 bp = 0.01 %; 10000 bp = 100 %.
using basis_points = std::int64_t;

/// `amount × numerator / denominator`, rounded half-up to the fen (half away from zero for
/// negative amounts). Every computed money line in the product goes through this one rule
/// (examples/worked-examples.md: "each computed line is rounded half-up to the fen on its own").
/// Nothing when the intermediate product overflows 128 bits or the denominator is not positive.
std::optional<money> scale_half_up(money amount, std::int64_t numerator, std::int64_t denominator);

/// `amount × rate`, for a rate in basis points, rounded half-up.
std::optional<money> apply_rate(money amount, basis_points rate);

/// Checked sum; nothing on overflow.
std::optional<money> checked_add(money a, money b);

/// Checked product with a count; nothing on overflow.
std::optional<money> checked_multiply(money a, std::int64_t count);

/// "12,345.67" (yuan with thousands separators), for messages people read.
std::string format_yuan(money amount);

}  // namespace procura
