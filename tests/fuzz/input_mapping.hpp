#pragma once
#include <boost/json/value.hpp>

#include <string_view>

#include "schema_registry.hpp"

namespace procura::fuzz {

/// Runs what the handlers run on a body that passed schema `name`: its `*_from_json` mapping,
/// then the pure domain rules the result feeds (content and publication rules, cost estimate,
/// schedule resolution, leaf scoring, …), and checks the invariants the API relies on, such as
/// "terms read from a valid body write back as valid terms". Aborts when one does not hold; a
/// mapping that throws on a schema-valid body is a 500 in production, so it aborts too.
void map_valid_body(std::string_view name, const boost::json::value& body, const api::schema_registry& schemas);

}  // namespace procura::fuzz
