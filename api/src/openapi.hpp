#pragma once
#include <boost/json/object.hpp>

#include "schema_registry.hpp"

namespace procura::api {

/// The OpenAPI 3.1 document: schemas/openapi/base.json, plus one operation per route of the
/// route table, plus the request schemas of schemas/json/ as components. Built from the same
/// data that serves requests, so it covers every route that exists.
boost::json::object build_openapi(const schema_registry& schemas);

}  // namespace procura::api
