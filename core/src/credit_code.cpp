#include "procura/core/credit_code.hpp"

namespace procura {
namespace {

constexpr std::string_view alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

int value_of(char c) {
  const auto at = alphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

}  // namespace

char credit_code_check_character(std::string_view first_seventeen) {
  if (first_seventeen.size() != 17) return '\0';
  int sum = 0;
  int weight = 1;  // 3^(i-1) mod 31 for position i
  for (char c : first_seventeen) {
    const int value = value_of(c);
    if (value < 0) return '\0';
    sum += value * weight;
    weight = weight * 3 % 31;
  }
  return alphabet[static_cast<std::size_t>((31 - sum % 31) % 31)];
}

bool is_valid_credit_code(std::string_view code) {
  if (code.size() != 18 || value_of(code[17]) < 0) return false;
  const char expected = credit_code_check_character(code.substr(0, 17));
  return expected != '\0' && expected == code[17];
}

}  // namespace procura
