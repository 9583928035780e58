#include "json_support.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <vector>

#include "json_writer.hpp"

namespace procura::api {
namespace {

void write_canonical(const boost::json::value& value, json_writer& out) {
  switch (value.kind()) {
    case boost::json::kind::object: {
      const auto& object = value.get_object();
      std::vector<const boost::json::key_value_pair*> members;
      members.reserve(object.size());
      for (const auto& member : object) members.push_back(&member);
      std::sort(members.begin(), members.end(),
                [](const auto* a, const auto* b) { return a->key() < b->key(); });
      out.begin_object();
      for (const auto* member : members) {
        out.escaped_key(member->key());
        write_canonical(member->value(), out);
      }
      out.end_object();
      break;
    }
    case boost::json::kind::array:
      out.begin_array();
      for (const auto& element : value.get_array()) write_canonical(element, out);
      out.end_array();
      break;
    case boost::json::kind::string: out.string(value.get_string()); break;
    case boost::json::kind::int64: out.number(value.get_int64()); break;
    case boost::json::kind::bool_: out.boolean(value.get_bool()); break;
    case boost::json::kind::null: out.null(); break;
    default:  // uint64 and double: Boost.JSON's own number formatting, as before
      out.raw(boost::json::serialize(value));
  }
}

constexpr std::string_view cursor_prefix = "c1";

}  // namespace

std::string canonical_json(const boost::json::value& value) {
  std::string text;
  text.reserve(1024);
  json_writer out(text);
  write_canonical(value, out);
  return text;
}

http_response json_response(unsigned status, const boost::json::value& body) {
  http_response response;
  response.status = status;
  response.body = boost::json::serialize(body);
  return response;
}

boost::json::object money_json(money amount) { return {{"amount", amount.fen}, {"currency", "CNY"}}; }

money read_money(const boost::json::value& value) { return money{value.at("amount").to_number<std::int64_t>()}; }

std::string string_field(const boost::json::object& object, std::string_view key, std::string fallback) {
  const auto* found = object.if_contains(key);
  if (found == nullptr || !found->is_string()) return fallback;
  return std::string(found->get_string());
}

std::int64_t integer_field(const boost::json::object& object, std::string_view key, std::int64_t fallback) {
  const auto* found = object.if_contains(key);
  if (found == nullptr) return fallback;
  if (found->is_int64()) return found->get_int64();
  if (found->is_uint64() && found->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(found->get_uint64());
  return fallback;
}

bool bool_field(const boost::json::object& object, std::string_view key, bool fallback) {
  const auto* found = object.if_contains(key);
  if (found == nullptr || !found->is_bool()) return fallback;
  return found->get_bool();
}

std::string encode_cursor(std::string_view key) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(cursor_prefix);
  for (const char byte : key) {
    const auto c = static_cast<unsigned char>(byte);
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::optional<std::string> decode_cursor(std::string_view cursor) {
  if (!cursor.starts_with(cursor_prefix) || cursor.size() % 2 != 0 || cursor.size() > 2 + 512) return std::nullopt;
  std::string key;
  for (std::size_t i = cursor_prefix.size(); i < cursor.size(); i += 2) {
    unsigned value = 0;
    const auto [end, status] = std::from_chars(cursor.data() + i, cursor.data() + i + 2, value, 16);
    if (status != std::errc{} || end != cursor.data() + i + 2) return std::nullopt;
    key += static_cast<char>(value);
  }
  return key;
}

std::optional<std::int64_t> parse_positive_integer(std::string_view text) {
  if (text.empty() || text.front() < '1' || text.front() > '9') return std::nullopt;
  if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  std::int64_t value = 0;
  const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (status != std::errc{} || end != text.data() + text.size()) return std::nullopt;  // out of range
  return value;
}

result<page_request> read_page_request(const http_request& request) {
  page_request page;
  if (const auto limit = request.query.find("limit"); limit != request.query.end()) {
    std::size_t value = 0;
    const auto& text = limit->second;
    const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (status != std::errc{} || end != text.data() + text.size() || value < 1 || value > 500)
      return error::rule("/query/limit", "limit must be an integer from 1 to 500");
    page.limit = value;
  }
  if (const auto cursor = request.query.find("cursor"); cursor != request.query.end()) {
    auto key = decode_cursor(cursor->second);
    if (!key) return error::rule("/query/cursor", "cursor is not one this server issued");
    page.after = std::move(*key);
  }
  return page;
}

void merge_patch(boost::json::value& target, const boost::json::value& patch) {
  if (!patch.is_object()) {
    target = patch;
    return;
  }
  if (!target.is_object()) target = boost::json::object{};
  auto& object = target.as_object();
  for (const auto& [key, value] : patch.as_object()) {
    if (value.is_null()) {
      object.erase(key);
    } else {
      merge_patch(object[key], value);
    }
  }
}

boost::json::object page_json(boost::json::array items, const std::optional<std::string>& next_key) {
  boost::json::object body;
  body["items"] = std::move(items);
  body["next_cursor"] = next_key ? boost::json::value(encode_cursor(*next_key)) : boost::json::value(nullptr);
  return body;
}

}  // namespace procura::api
