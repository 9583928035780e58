#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace procura::api {

/// Appends JSON text to a string as it is produced, for the hot read responses (a tender, a
/// page of tenders), where building a boost::json::value first cost more than the query
/// (docs/performance.md, round 3). The output is byte-for-byte what boost::json::serialize
/// gives for the same members in the same order (same string escapes), so either path can
/// render a resource. Commas are placed by the writer; keys and values must alternate inside
/// objects, which the caller's code structure guarantees.
class json_writer {
 public:
  explicit json_writer(std::string& out) : out_(out) {}

  json_writer& begin_object();
  json_writer& end_object();
  json_writer& begin_array();
  json_writer& end_array();
  /// A member name of the API's own (an identifier in our code): written without escaping.
  json_writer& key(std::string_view name);
  /// A member name that came from outside (a client's document): escaped like a string.
  json_writer& escaped_key(std::string_view name);
  json_writer& string(std::string_view text);
  json_writer& number(std::int64_t value);
  json_writer& boolean(bool value);
  json_writer& null();
  /// A value that is already JSON text (e.g. a stored canonical document).
  json_writer& raw(std::string_view json);

 private:
  void before_value();
  void append_escaped(std::string_view text);

  std::string& out_;
  bool after_value_ = false;  ///< a value or a closed container was written: the next needs a comma
};

}  // namespace procura::api
