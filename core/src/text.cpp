#include "procura/core/text.hpp"

namespace procura {
namespace {

constexpr std::string_view ideographic_space = "\xE3\x80\x80";
constexpr std::string_view no_break_space = "\xC2\xA0";

bool ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

}  // namespace

bool blank_or_padded(std::string_view text) {
  if (text.empty()) return true;
  return ascii_space(text.front()) || ascii_space(text.back()) || text.starts_with(ideographic_space) ||
         text.ends_with(ideographic_space) || text.starts_with(no_break_space) || text.ends_with(no_break_space);
}

}  // namespace procura
