#pragma once
#include <string_view>

namespace procura {

/// True when `code` is a well-formed unified social credit code (统一社会信用代码) whose 18th
/// character is the GB 32100-2015 check character: 18 characters from
/// 0123456789ABCDEFGHJKLMNPQRTUWXY, weights 3^(i-1) mod 31 for positions 1..17,
/// check = (31 − Σ mod 31) mod 31.
bool is_valid_credit_code(std::string_view code);

/// The check character for the first 17 characters of a code, or '\0' when one of them is not
/// in the code alphabet or there are not 17.
char credit_code_check_character(std::string_view first_seventeen);

}  // namespace procura
