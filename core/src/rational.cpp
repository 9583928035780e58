#include "procura/core/rational.hpp"

#include <stdexcept>

namespace procura {
namespace {

wide_integer absolute(wide_integer v) { return v < 0 ? -v : v; }

wide_integer gcd(wide_integer a, wide_integer b) {
  a = absolute(a);
  b = absolute(b);
  while (b != 0) {
    const wide_integer t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// Scores decide rankings (law): a product or sum past 128 bits must fail loudly, never wrap.
wide_integer checked_multiply(wide_integer a, wide_integer b) {
  wide_integer out = 0;
  if (__builtin_mul_overflow(a, b, &out)) throw std::overflow_error("rational arithmetic beyond 128 bits");
  return out;
}

wide_integer checked_add(wide_integer a, wide_integer b) {
  wide_integer out = 0;
  if (__builtin_add_overflow(a, b, &out)) throw std::overflow_error("rational arithmetic beyond 128 bits");
  return out;
}

/// floor(numerator / denominator) for a positive denominator.
wide_integer floor_divide(wide_integer numerator, wide_integer denominator) {
  const wide_integer quotient = numerator / denominator;
  return (numerator % denominator != 0 && numerator < 0) ? quotient - 1 : quotient;
}

/// Compares a/b with c/d (b, d > 0) without cross-multiplying, which could pass 128 bits: by
/// whole parts, then by the reciprocals of the remainders (the continued-fraction expansion).
std::strong_ordering compare_fractions(wide_integer a, wide_integer b, wide_integer c, wide_integer d) {
  bool reversed = false;
  for (;;) {
    const wide_integer whole_left = floor_divide(a, b);
    const wide_integer whole_right = floor_divide(c, d);
    if (whole_left != whole_right) {
      const auto order = whole_left < whole_right ? std::strong_ordering::less : std::strong_ordering::greater;
      return reversed ? (order == std::strong_ordering::less ? std::strong_ordering::greater : std::strong_ordering::less)
                      : order;
    }
    const wide_integer rest_left = a - whole_left * b;  // 0 <= rest < b
    const wide_integer rest_right = c - whole_right * d;
    if (rest_left == 0 || rest_right == 0) {
      if (rest_left == rest_right) return std::strong_ordering::equal;
      const auto order = rest_left == 0 ? std::strong_ordering::less : std::strong_ordering::greater;
      return reversed ? (order == std::strong_ordering::less ? std::strong_ordering::greater : std::strong_ordering::less)
                      : order;
    }
    // rest_left/b < rest_right/d  exactly when  b/rest_left > d/rest_right: compare the
    // reciprocals, in reverse.
    const wide_integer next_a = b, next_b = rest_left, next_c = d, next_d = rest_right;
    a = next_a;
    b = next_b;
    c = next_c;
    d = next_d;
    reversed = !reversed;
  }
}

std::string to_text(wide_integer v) {
  if (v == 0) return "0";
  std::string digits;
  const bool negative = v < 0;
  v = absolute(v);
  while (v > 0) {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  return negative ? "-" + digits : digits;
}

}  // namespace

rational::rational(std::int64_t whole) : numerator_(whole), denominator_(1) {}

rational::rational(wide_integer numerator, wide_integer denominator) {
  if (denominator == 0) throw std::domain_error("rational with a zero denominator");
  if (denominator < 0) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const wide_integer divisor = gcd(numerator, denominator);
  numerator_ = divisor == 0 ? 0 : numerator / divisor;
  denominator_ = divisor == 0 ? 1 : denominator / divisor;
}

rational operator+(const rational& a, const rational& b) {
  const wide_integer divisor = gcd(a.denominator_, b.denominator_);
  return {checked_add(checked_multiply(a.numerator_, b.denominator_ / divisor),
                      checked_multiply(b.numerator_, a.denominator_ / divisor)),
          checked_multiply(a.denominator_ / divisor, b.denominator_)};
}

rational operator-(const rational& a, const rational& b) { return a + rational(-b.numerator_, b.denominator_); }

rational operator*(const rational& a, const rational& b) {
  // Cancelling across first keeps the products as small as they can be.
  const wide_integer left = gcd(a.numerator_, b.denominator_);
  const wide_integer right = gcd(b.numerator_, a.denominator_);
  const wide_integer left_divisor = left == 0 ? 1 : left;
  const wide_integer right_divisor = right == 0 ? 1 : right;
  return {checked_multiply(a.numerator_ / left_divisor, b.numerator_ / right_divisor),
          checked_multiply(a.denominator_ / right_divisor, b.denominator_ / left_divisor)};
}

rational operator/(const rational& a, const rational& b) {
  if (b.numerator_ == 0) throw std::domain_error("rational division by zero");
  return a * rational(b.denominator_, b.numerator_);
}

std::strong_ordering operator<=>(const rational& a, const rational& b) {
  return compare_fractions(a.numerator_, a.denominator_, b.numerator_, b.denominator_);
}

std::string rational::to_fraction() const { return to_text(numerator_) + "/" + to_text(denominator_); }

std::optional<rational> rational::parse(std::string_view fraction) {
  const auto slash = fraction.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto read = [](std::string_view digits, wide_integer& out) {
    bool negative = false;
    if (!digits.empty() && digits.front() == '-') {
      negative = true;
      digits.remove_prefix(1);
    }
    if (digits.empty() || digits.size() > 38) return false;
    out = 0;
    for (const char c : digits) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    if (negative) out = -out;
    return true;
  };
  wide_integer numerator = 0, denominator = 0;
  if (!read(fraction.substr(0, slash), numerator) || !read(fraction.substr(slash + 1), denominator) || denominator == 0)
    return std::nullopt;
  return rational(numerator, denominator);
}

std::string rational::to_decimal(int places) const {
  // Long division one digit at a time, so that no intermediate exceeds 2 × the denominator:
  // scaling the numerator by 10^places first overflowed 128 bits for large fractions.
  using wide = unsigned_wide_integer;
  const wide denominator = static_cast<wide>(denominator_);
  const wide magnitude = numerator_ < 0 ? static_cast<wide>(-(numerator_ + 1)) + 1 : static_cast<wide>(numerator_);
  wide whole = magnitude / denominator;
  wide remainder = magnitude % denominator;
  std::string fraction;
  for (int i = 0; i < places; ++i) {
    int digit = 0;
    wide tenfold = 0;  // remainder × 10 reduced modulo the denominator, by repeated addition
    for (int step = 0; step < 10; ++step) {
      tenfold += remainder;
      if (tenfold >= denominator) {
        tenfold -= denominator;
        ++digit;
      }
    }
    remainder = tenfold;
    fraction += static_cast<char>('0' + digit);
  }
  if (remainder >= denominator - remainder) {  // half-up: remainder × 2 ≥ denominator
    auto position = fraction.rbegin();
    while (position != fraction.rend() && *position == '9') *position++ = '0';
    if (position != fraction.rend()) ++*position;
    else ++whole;
  }
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(whole % 10)));
    whole /= 10;
  } while (whole > 0);
  const bool zero = digits == "0" && fraction.find_first_not_of('0') == std::string::npos;
  if (places > 0) digits += "." + fraction;
  return (numerator_ < 0 && !zero ? "-" : "") + digits;
}

}  // namespace procura
