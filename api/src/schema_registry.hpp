#pragma once
#include <boost/json/value.hpp>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "procura/core/error.hpp"

namespace procura::api {

/// The request JSON Schemas of schemas/json/, compiled once at start (valijson, draft 7 subset
/// that is also valid JSON Schema 2020-12, so the same files serve the OpenAPI 3.1 document).
/// Immutable after construction; safe to share between threads.
class schema_registry {
 public:
  schema_registry();
  ~schema_registry();
  schema_registry(const schema_registry&) = delete;
  schema_registry& operator=(const schema_registry&) = delete;

  /// Every violation of schema `name` by `document`, each named by JSON Pointer.
  /// Throws std::logic_error for an unknown schema name (a route table defect).
  [[nodiscard]] std::vector<field_error> validate(std::string_view name, const boost::json::value& document) const;

  /// The parsed schema document, for the OpenAPI assembly.
  [[nodiscard]] const boost::json::value& document(std::string_view name) const;

  [[nodiscard]] bool contains(std::string_view name) const;

 private:
  struct compiled;
  std::map<std::string, std::unique_ptr<compiled>, std::less<>> schemas_;
};

}  // namespace procura::api
