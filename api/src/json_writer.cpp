#include "json_writer.hpp"

#include <charconv>
#include <cstdint>
#include <cstring>

namespace procura::api {

void json_writer::before_value() {
  if (after_value_) out_ += ',';
}

json_writer& json_writer::begin_object() {
  before_value();
  out_ += '{';
  after_value_ = false;
  return *this;
}

json_writer& json_writer::end_object() {
  out_ += '}';
  after_value_ = true;
  return *this;
}

json_writer& json_writer::begin_array() {
  before_value();
  out_ += '[';
  after_value_ = false;
  return *this;
}

json_writer& json_writer::end_array() {
  out_ += ']';
  after_value_ = true;
  return *this;
}

json_writer& json_writer::key(std::string_view name) {
  // Member names are the API's own identifiers (never text from a client): no escaping.
  before_value();
  out_ += '"';
  out_ += name;
  out_ += "\":";
  after_value_ = false;
  return *this;
}

json_writer& json_writer::escaped_key(std::string_view name) {
  before_value();
  append_escaped(name);
  out_ += ':';
  after_value_ = false;
  return *this;
}

json_writer& json_writer::string(std::string_view text) {
  before_value();
  append_escaped(text);
  after_value_ = true;
  return *this;
}

json_writer& json_writer::number(std::int64_t value) {
  before_value();
  char digits[24];
  const auto [end, status] = std::to_chars(digits, digits + sizeof digits, value);
  out_.append(digits, end);
  after_value_ = true;
  return *this;
}

json_writer& json_writer::boolean(bool value) {
  before_value();
  out_ += value ? "true" : "false";
  after_value_ = true;
  return *this;
}

json_writer& json_writer::null() {
  before_value();
  out_ += "null";
  after_value_ = true;
  return *this;
}

json_writer& json_writer::raw(std::string_view json) {
  before_value();
  out_ += json;
  after_value_ = true;
  return *this;
}

namespace {

/// True when one of the 8 bytes of `word` must be escaped: below 0x20, '"' or '\\'. Checking a
/// word at a time matters: escaping long Chinese descriptions byte by byte was a quarter of
/// a tender list's instructions.
bool needs_escape(std::uint64_t word) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  const auto has_zero_byte = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
  const std::uint64_t below_space = (word - ones * 0x20) & ~word & highs;
  return (below_space | has_zero_byte(word ^ (ones * '"')) | has_zero_byte(word ^ (ones * '\\'))) != 0;
}

}  // namespace

void json_writer::append_escaped(std::string_view text) {
  // The escapes Boost.JSON's serializer uses: short forms for \b \t \n \f \r, \u00xx (lower
  // case hex) for the other control characters, and bytes from 0x20 up (UTF-8 included) as is.
  static constexpr char hex[] = "0123456789abcdef";
  out_ += '"';
  std::size_t clean_from = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (i + 8 <= text.size()) {
      std::uint64_t word = 0;
      std::memcpy(&word, text.data() + i, 8);
      if (!needs_escape(word)) {
        i += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    out_.append(text.data() + clean_from, i - clean_from);
    clean_from = ++i;
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\b': out_ += "\\b"; break;
      case '\t': out_ += "\\t"; break;
      case '\n': out_ += "\\n"; break;
      case '\f': out_ += "\\f"; break;
      case '\r': out_ += "\\r"; break;
      default:
        out_ += "\\u00";
        out_ += hex[c >> 4];
        out_ += hex[c & 15];
    }
  }
  out_.append(text.data() + clean_from, text.size() - clean_from);
  out_ += '"';
}

}  // namespace procura::api
