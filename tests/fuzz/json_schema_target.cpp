// fuzz_json_schema: "<schema name>\n<JSON>" → the router's JSON parse (depth 32) → validation
// against that embedded schema (valijson) → for a valid body, the domain's input mapping and
// rules (input_mapping.cpp). The name line lets the corpus keep one valid body per schema and
// the fuzzer mutate each towards the edges of its schema.
#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "input_mapping.hpp"
#include "schema_registry.hpp"

namespace {

const procura::api::schema_registry& schemas() {
  static const procura::api::schema_registry registry;
  return registry;
}

/// As router.cpp's parse_json: the same depth limit, and trailing data refused.
std::optional<boost::json::value> parse_body(std::string_view text) {
  boost::json::parse_options options;
  options.max_depth = 32;
  boost::json::stream_parser parser({}, options);
  boost::json::error_code failure;
  const std::size_t consumed = parser.write_some(text.data(), text.size(), failure);
  if (!failure) parser.finish(failure);
  if (failure || consumed != text.size()) return std::nullopt;
  return parser.release();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  const auto name = input.substr(0, newline);
  if (!schemas().contains(name)) return 0;
  const auto body = parse_body(input.substr(newline + 1));
  if (!body) return 0;
  if (!schemas().validate(name, *body).empty()) return 0;
  procura::fuzz::map_valid_body(name, *body, schemas());
  return 0;
}
