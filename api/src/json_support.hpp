#pragma once
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http_message.hpp"
#include "procura/core/money.hpp"
#include "procura/core/pagination.hpp"
#include "procura/core/result.hpp"
#include "procura/core/time.hpp"

namespace procura::api {

/// JSON with object keys sorted and no insignificant whitespace: the form whose SHA-256 the
/// audit chain and bid receipts record, so that anyone can recompute it.
std::string canonical_json(const boost::json::value& value);

/// A JSON response.
http_response json_response(unsigned status, const boost::json::value& body);

/// {"amount": fen, "currency": "CNY"}
boost::json::object money_json(money amount);

/// Reads a money object whose shape the schema has checked.
money read_money(const boost::json::value& value);

/// Field readers for bodies whose types the JSON Schema has already checked.
std::string string_field(const boost::json::object& object, std::string_view key, std::string fallback = {});
std::int64_t integer_field(const boost::json::object& object, std::string_view key, std::int64_t fallback = 0);
bool bool_field(const boost::json::object& object, std::string_view key, bool fallback = false);

/// Opaque pagination cursors: the key of the last item, wrapped so that clients do not build them.
std::string encode_cursor(std::string_view key);
std::optional<std::string> decode_cursor(std::string_view cursor);

/// A positive integer written as a path segment or query value: ASCII digits only, no sign,
/// space or leading zero, within int64. Anything else is not a number the API issued, so that
/// "3x", " 4", "+3" or "03" never stand for 3 or 4 (std::stoll reads a prefix and skips
/// leading whitespace).
std::optional<std::int64_t> parse_positive_integer(std::string_view text);

/// Reads `limit` (default 50, 1..500) and `cursor` from the query string.
result<page_request> read_page_request(const http_request& request);

/// Applies an RFC 7386 JSON merge patch to `target`: null removes a member, objects merge,
/// anything else replaces.
void merge_patch(boost::json::value& target, const boost::json::value& patch);

/// {"items": [...], "next_cursor": "…"|null}
boost::json::object page_json(boost::json::array items, const std::optional<std::string>& next_key);

}  // namespace procura::api
