#include <catch2/catch.hpp>

#include <string>

#include "procura/core/credit_code.hpp"

using procura::credit_code_check_character;
using procura::is_valid_credit_code;

TEST_CASE("the credit codes the spec gives as valid pass the GB 32100-2015 check", "[core][law]") {
  CHECK(is_valid_credit_code("91350100M000100Y43"));
  CHECK(is_valid_credit_code("91110000802100433B"));
}

TEST_CASE("changing any one character of a valid credit code makes it invalid", "[core][law]") {
  const std::string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  for (const std::string valid : {"91350100M000100Y43", "91110000802100433B"}) {
    for (std::size_t position = 0; position < valid.size(); ++position) {
      for (const char replacement : alphabet) {
        if (replacement == valid[position]) continue;
        std::string mutated = valid;
        mutated[position] = replacement;
        INFO(mutated);
        CHECK_FALSE(is_valid_credit_code(mutated));
      }
    }
  }
}

TEST_CASE("credit codes of the wrong length or with letters outside the alphabet are invalid", "[core][law]") {
  CHECK_FALSE(is_valid_credit_code(""));
  CHECK_FALSE(is_valid_credit_code("91350100M000100Y4"));
  CHECK_FALSE(is_valid_credit_code("91350100M000100Y430"));
  CHECK_FALSE(is_valid_credit_code("91350100I000100Y43"));  // I is not in the alphabet
  CHECK_FALSE(is_valid_credit_code("91350100m000100Y43"));  // lower case is not either
  CHECK_FALSE(is_valid_credit_code("91350100M000100Y4O"));
}

TEST_CASE("the check character is computed from the first seventeen characters", "[core][law]") {
  CHECK(credit_code_check_character("91350100M000100Y4") == '3');
  CHECK(credit_code_check_character("91110000802100433") == 'B');
  CHECK(credit_code_check_character("short") == '\0');
}
