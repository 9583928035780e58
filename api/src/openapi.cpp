#include "openapi.hpp"

#include <boost/json.hpp>

#include <set>

#include "context.hpp"
#include "procura/core/embedded_files.hpp"

namespace procura::api {
namespace {

std::string operation_id(const route& r) {
  std::string id;
  for (const char c : r.method) id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char c : r.pattern) {
    if (c == '/' || c == '-' || c == '.') id += '_';
    else if (c != '{' && c != '}') id += c;
  }
  return id;
}

boost::json::object problem_reference(std::string_view description) {
  return {{"description", description},
          {"content", {{"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/problem"}}}}}}}};
}

}  // namespace

boost::json::object build_openapi(const schema_registry& schemas) {
  boost::json::error_code failure;
  auto document = boost::json::parse(embedded::find("openapi/base.json").value_or("{}"), failure).as_object();
  auto& components = document["components"].as_object();
  auto& component_schemas = components["schemas"].as_object();
  boost::json::object paths;
  std::set<std::string> tags;

  for (const auto& r : routes()) {
    if (r.test_clock_only) continue;  // not part of the product's contract
    boost::json::object operation;
    operation["operationId"] = operation_id(r);
    operation["summary"] = r.summary;
    operation["description"] = r.summary;
    operation["tags"] = boost::json::array{boost::json::value(r.tag)};
    tags.emplace(r.tag);
    boost::json::array parameters;
    std::string_view rest = r.pattern;
    while (true) {
      const auto open = rest.find('{');
      if (open == std::string_view::npos) break;
      const auto close = rest.find('}', open);
      parameters.push_back({{"name", rest.substr(open + 1, close - open - 1)},
                            {"in", "path"},
                            {"required", true},
                            {"schema", {{"type", "string"}}}});
      rest = rest.substr(close + 1);
    }
    for (const auto name : r.query_parameters)
      parameters.push_back({{"name", name}, {"in", "query"}, {"required", false}, {"schema", {{"type", "string"}}}});
    if (r.creates)
      parameters.push_back({{"name", "Idempotency-Key"},
                            {"in", "header"},
                            {"required", false},
                            {"description", "repeats of the same request with this key return the first response"},
                            {"schema", {{"type", "string"}, {"maxLength", 255}}}});
    if (r.requires_if_match)
      parameters.push_back({{"name", "If-Match"},
                            {"in", "header"},
                            {"required", true},
                            {"description", "the ETag of the version being changed"},
                            {"schema", {{"type", "string"}}}});
    if (r.upload)
      parameters.push_back({{"name", "X-File-Name"},
                            {"in", "header"},
                            {"required", true},
                            {"description", "the original file name, percent-encoded UTF-8"},
                            {"schema", {{"type", "string"}}}});
    if (!parameters.empty()) operation["parameters"] = std::move(parameters);
    if (!r.request_schema.empty()) {
      operation["requestBody"] = {
          {"required", true},
          {"content",
           {{"application/json", {{"schema", {{"$ref", "#/components/schemas/" + std::string(r.request_schema)}}}}}}}};
    }
    if (r.upload) {
      operation["requestBody"] = {
          {"required", true},
          {"description", "the file's bytes; Content-Type is checked against the content"},
          {"content", {{"application/octet-stream", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
    }
    boost::json::object responses;
    responses[r.success_status] = {
        {"description", "success"},
        {"content", {{r.pattern == "/metrics" ? "text/plain" : "application/json", {{"schema", boost::json::object{}}}}}}};
    responses["400"] = problem_reference("malformed request");
    if (!r.who.anyone) {
      responses["401"] = problem_reference("no or bad bearer token");
      responses["403"] = problem_reference("the caller may not do this");
    }
    responses["404"] = problem_reference("unknown, or not visible to the caller");
    if (r.upload) {
      responses["413"] = problem_reference("document over the size limit");
      responses["415"] = problem_reference("the content is not an accepted type, or not the declared one");
      responses["422"] = problem_reference("no usable file name");
    }
    if (r.pattern == "/api/v1/documents/{id}/content") {
      responses["206"] = {{"description", "the requested byte range"}};
      responses["304"] = {{"description", "unchanged (If-None-Match)"}};
      responses["416"] = {{"description", "range not satisfiable"}};
    }
    if (!r.request_schema.empty()) {
      responses["413"] = problem_reference("body too large");
      responses["415"] = problem_reference("body is not JSON");
      responses["422"] = problem_reference("the body breaks its schema or a rule");
    }
    if (r.method != "GET") responses["409"] = problem_reference("wrong state for this action");
    if (r.requires_if_match || r.method == "PUT" || r.method == "PATCH") {
      responses["412"] = problem_reference("If-Match is stale");
      responses["428"] = problem_reference("If-Match is missing");
    }
    operation["responses"] = std::move(responses);
    if (r.who.anyone) operation["security"] = boost::json::array{};

    std::string method;
    for (const char c : r.method) method += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto& path_item = paths[r.pattern];
    if (!path_item.is_object()) path_item = boost::json::object{};
    path_item.as_object()[method] = std::move(operation);
  }
  document["paths"] = std::move(paths);

  boost::json::array tag_list;
  for (const auto& tag : tags) tag_list.push_back({{"name", tag}, {"description", "operations on " + tag}});
  document["tags"] = std::move(tag_list);

  for (const auto& r : routes()) {
    if (r.test_clock_only || r.request_schema.empty() || component_schemas.contains(r.request_schema)) continue;
    auto schema = schemas.document(r.request_schema).as_object();
    schema.erase("$schema");  // the document's dialect (2020-12) applies
    schema.erase("$id");
    component_schemas[r.request_schema] = std::move(schema);
  }
  return document;
}

}  // namespace procura::api
