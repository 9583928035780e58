// fuzz_small_parsers: the same bytes through every small text parser a request reaches: RFC 3339
// times and dates (query filters, bodies), exact fractions (stored scores), credit codes,
// pagination cursors and limits, and request targets (held to Boost.URL itself, which plain
// paths skip). Each that accepts its input must give back text that reads back the same.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <boost/url/parse.hpp>

#include "json_support.hpp"
#include "procura/core/credit_code.hpp"
#include "procura/core/rational.hpp"
#include "procura/core/time.hpp"
#include "router.hpp"

namespace {

void require(bool holds, const char* what, std::string_view input) {
  if (holds) return;
  std::fprintf(stderr, "%s for input \"%.*s\"\n", what, static_cast<int>(input.size()), input.data());
  std::abort();
}

void times(std::string_view text) {
  if (const auto parsed = procura::parse_rfc3339(text))
    require(procura::parse_rfc3339(procura::format_rfc3339(*parsed)) == parsed, "RFC 3339 time does not round-trip",
            text);
  if (const auto parsed = procura::parse_date(text))
    require(procura::parse_date(procura::format_date(*parsed)) == parsed, "date does not round-trip", text);
}

void fractions(std::string_view text) {
  if (const auto parsed = procura::rational::parse(text)) {
    require(procura::rational::parse(parsed->to_fraction()) == parsed, "fraction does not round-trip", text);
    (void)parsed->to_decimal(6);
  }
}

void credit_codes(std::string_view text) {
  const bool valid = procura::is_valid_credit_code(text);
  if (text.size() >= 17) {
    const std::string first_seventeen(text.substr(0, 17));
    const char check = procura::credit_code_check_character(first_seventeen);
    if (valid && text.size() == 18) require(text[17] == check, "a valid code disagrees with its check character", text);
  }
}

void cursors_and_pages(std::string_view text) {
  if (const auto key = procura::api::decode_cursor(text))
    require(procura::api::decode_cursor(procura::api::encode_cursor(*key)) == key, "cursor does not round-trip", text);
  procura::api::http_request request;
  request.query["limit"] = std::string(text);
  request.query["cursor"] = std::string(text);
  (void)procura::api::read_page_request(request);
}

void targets(std::string_view text) {
  procura::api::http_request request;
  const bool accepted = procura::api::parse_target(text, request);
  // parse_target skips Boost.URL for plain paths: it must accept exactly what Boost.URL accepts
  // and find the same path.
  const auto reference = boost::urls::parse_origin_form(text);
  require(accepted == reference.has_value(), "parse_target and Boost.URL disagree on accepting", text);
  if (!accepted) return;
  require(!request.path.empty(), "a parsed target has an empty path", text);
  std::string path = reference->path();
  if (path.empty()) path = "/";
  require(request.path == path, "parse_target's path differs from Boost.URL's", text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  times(text);
  fractions(text);
  credit_codes(text);
  cursors_and_pages(text);
  targets(text);
  return 0;
}
