#include "procura/core/rational.hpp"

#include <stdexcept>

namespace procura {
namespace {

__int128 absolute(__int128 v) { return v < 0 ? -v : v; }

__int128 gcd(__int128 a, __int128 b) {
  a = absolute(a);
  b = absolute(b);
  while (b != 0) {
    const __int128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

std::string to_text(__int128 v) {
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

rational::rational(__int128 numerator, __int128 denominator) {
  if (denominator == 0) throw std::domain_error("rational with a zero denominator");
  if (denominator < 0) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const __int128 divisor = gcd(numerator, denominator);
  numerator_ = divisor == 0 ? 0 : numerator / divisor;
  denominator_ = divisor == 0 ? 1 : denominator / divisor;
}

rational operator+(const rational& a, const rational& b) {
  const __int128 divisor = gcd(a.denominator_, b.denominator_);
  return {a.numerator_ * (b.denominator_ / divisor) + b.numerator_ * (a.denominator_ / divisor),
          a.denominator_ / divisor * b.denominator_};
}

rational operator-(const rational& a, const rational& b) { return a + rational(-b.numerator_, b.denominator_); }

rational operator*(const rational& a, const rational& b) {
  return {a.numerator_ * b.numerator_, a.denominator_ * b.denominator_};
}

rational operator/(const rational& a, const rational& b) {
  return {a.numerator_ * b.denominator_, a.denominator_ * b.numerator_};
}

std::strong_ordering operator<=>(const rational& a, const rational& b) {
  const __int128 left = a.numerator_ * b.denominator_;
  const __int128 right = b.numerator_ * a.denominator_;
  return left < right ? std::strong_ordering::less : left > right ? std::strong_ordering::greater : std::strong_ordering::equal;
}

std::string rational::to_fraction() const { return to_text(numerator_) + "/" + to_text(denominator_); }

std::optional<rational> rational::parse(std::string_view fraction) {
  const auto slash = fraction.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto read = [](std::string_view digits, __int128& out) {
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
  __int128 numerator = 0, denominator = 0;
  if (!read(fraction.substr(0, slash), numerator) || !read(fraction.substr(slash + 1), denominator) || denominator == 0)
    return std::nullopt;
  return rational(numerator, denominator);
}

std::string rational::to_decimal(int places) const {
  // Long division one digit at a time, so that no intermediate exceeds 2 × the denominator:
  // scaling the numerator by 10^places first overflowed 128 bits for large fractions.
  using wide = unsigned __int128;
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
