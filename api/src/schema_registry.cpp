#include "schema_registry.hpp"

#include <boost/json.hpp>
#include <valijson/adapters/boost_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <stdexcept>

#include "procura/core/embedded_files.hpp"

namespace procura::api {
namespace {

/// One reference token of a JSON Pointer (RFC 6901): `~` and `/` escaped.
std::string escape_pointer_step(std::string_view step) {
  std::string escaped;
  for (char c : step) {
    if (c == '~') escaped += "~0";
    else if (c == '/') escaped += "~1";
    else escaped += c;
  }
  return escaped;
}

}  // namespace

struct schema_registry::compiled {
  boost::json::value document;
  valijson::Schema schema;
};

schema_registry::schema_registry() {
  for (const auto& file : embedded::files()) {
    if (!file.path.starts_with("json/") || !file.path.ends_with(".json")) continue;
    const auto name = file.path.substr(5, file.path.size() - 5 - 5);
    auto entry = std::make_unique<compiled>();
    boost::json::error_code parse_error;
    entry->document = boost::json::parse(file.content, parse_error);
    if (parse_error) throw std::logic_error("schema " + std::string(file.path) + " is not JSON: " + parse_error.message());
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::BoostJsonAdapter adapter(entry->document);
    parser.populateSchema(adapter, entry->schema);
    schemas_.emplace(std::string(name), std::move(entry));
  }
}

schema_registry::~schema_registry() = default;

bool schema_registry::contains(std::string_view name) const { return schemas_.find(name) != schemas_.end(); }

const boost::json::value& schema_registry::document(std::string_view name) const {
  const auto found = schemas_.find(name);
  if (found == schemas_.end()) throw std::logic_error("no JSON Schema named " + std::string(name));
  return found->second->document;
}

std::vector<field_error> schema_registry::validate(std::string_view name, const boost::json::value& document) const {
  const auto found = schemas_.find(name);
  if (found == schemas_.end()) throw std::logic_error("no JSON Schema named " + std::string(name));
  // One validator per thread keeps valijson's cache of compiled `pattern` regexes across
  // requests: a validator made per call compiled every pattern again (3% of the generator's
  // time). The cache is keyed by the pattern text, so one validator serves every schema.
  thread_local valijson::Validator validator(valijson::Validator::kStrongTypes);
  valijson::ValidationResults results;
  valijson::adapters::BoostJsonAdapter target(document);
  std::vector<field_error> errors;
  if (validator.validate(found->second->schema, target, &results)) return errors;

  valijson::ValidationResults::Error failure;
  std::vector<std::pair<std::vector<std::string>, std::string>> raw;
  while (results.popError(failure)) raw.emplace_back(failure.context, failure.description);
  // valijson also reports each failing ancestor ("Failed to validate against schema associated
  // with property…", "Failed to validate item #2…"); those say nothing the deeper error does not.
  const bool has_specific = std::any_of(raw.begin(), raw.end(), [](const auto& error) {
    return !error.second.starts_with("Failed to validate");
  });
  for (const auto& [context, description] : raw) {
    if (has_specific && description.starts_with("Failed to validate")) continue;
    std::string pointer;
    for (std::size_t i = 1; i < context.size(); ++i) {  // context[0] is "<root>"
      std::string step = context[i];
      if (step.size() >= 2 && step.front() == '[' && step.back() == ']') step = step.substr(1, step.size() - 2);
      pointer += '/' + escape_pointer_step(step);
    }
    // An unknown field is reported on its parent; name the field itself.
    std::string message = description;
    constexpr std::string_view unknown_marker = "could not be validated using 'properties' or 'additionalProperties' constraints: '";
    if (const auto at = description.find(unknown_marker); at != std::string::npos) {
      const auto name_start = at + unknown_marker.size();
      const auto name_end = description.find('\'', name_start);
      pointer += '/' + escape_pointer_step(description.substr(name_start, name_end - name_start));
      message = "unknown field: this request has no such property";
    }
    // A missing field is reported on the object that lacks it; name the field, so that a form
    // shows the error beside it.
    constexpr std::string_view missing_marker = "Missing required property '";
    if (description.starts_with(missing_marker)) {
      const auto name_end = description.find('\'', missing_marker.size());
      pointer += '/' + escape_pointer_step(description.substr(missing_marker.size(), name_end - missing_marker.size()));
      message = "required field is missing";
    }
    const bool duplicate = std::any_of(errors.begin(), errors.end(), [&](const field_error& e) {
      return e.pointer == pointer && e.message == message;
    });
    if (!duplicate) errors.push_back({pointer, message});
  }
  return errors;
}

}  // namespace procura::api
