#pragma once
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "procura/core/wide_integer.hpp"

namespace procura {

/// An exact fraction for scores: sums and comparisons never round, so a tie is a real tie
/// (SPEC §2: "a tie must not depend on rounding noise"). Kept normalised (lowest terms,
/// positive denominator) in 128-bit integers; the products the scoring rules make stay far
/// below that range (docs/decisions.md).
class rational {
 public:
  constexpr rational() = default;
  rational(std::int64_t whole);  // NOLINT(google-explicit-constructor): integers are rationals
  rational(wide_integer numerator, wide_integer denominator);

  [[nodiscard]] wide_integer numerator() const { return numerator_; }
  [[nodiscard]] wide_integer denominator() const { return denominator_; }

  friend rational operator+(const rational& a, const rational& b);
  friend rational operator-(const rational& a, const rational& b);
  friend rational operator*(const rational& a, const rational& b);
  friend rational operator/(const rational& a, const rational& b);
  rational& operator+=(const rational& other) { return *this = *this + other; }
  friend std::strong_ordering operator<=>(const rational& a, const rational& b);
  friend bool operator==(const rational& a, const rational& b) = default;

  /// Decimal text rounded half-up to `places` decimals, e.g. "92.779070" for 6 places.
  [[nodiscard]] std::string to_decimal(int places) const;

  /// Exact text "numerator/denominator", e.g. "2475/86"; read back with parse.
  [[nodiscard]] std::string to_fraction() const;
  static std::optional<rational> parse(std::string_view fraction);

 private:
  wide_integer numerator_ = 0;
  wide_integer denominator_ = 1;
};

}  // namespace procura
