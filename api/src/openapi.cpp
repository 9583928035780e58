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
    else if (r.accepts_if_match)
      parameters.push_back({{"name", "If-Match"},
                            {"in", "header"},
                            {"required", false},
                            {"description", "the ETag of the version read: when sent, the action is refused (412) if it changed since"},
                            {"schema", {{"type", "string"}}}});
    else if (r.method == "PUT" || r.method == "PATCH")
      parameters.push_back({{"name", "If-Match"},
                            {"in", "header"},
                            {"required", false},
                            {"description", "the ETag of the version being replaced: required once the resource exists (428 without it)"},
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
    const bool download = r.pattern == "/api/v1/documents/{id}/content";
    const std::string_view media_type = r.pattern == "/metrics" ? "text/plain"
                                        : download              ? "application/octet-stream"
                                                                : "application/json";
    responses[r.success_status] = {{"description", "success"}, {"content", {{media_type, {{"schema", boost::json::object{}}}}}}};
    responses["400"] = problem_reference("malformed request");
    // A token is checked wherever it is sent, on public routes too, and each token is rate limited.
    responses["401"] = problem_reference(r.who.anyone ? "a bearer token was sent and is not valid" : "no or bad bearer token");
    responses["429"] = problem_reference("this token has made too many requests (Retry-After says when to retry)");
    if (!r.who.anyone) responses["403"] = problem_reference("the caller may not do this");
    if (!r.query_parameters.empty()) responses["422"] = problem_reference("a query parameter is not valid");
    if (!r.read_conflict.empty()) responses["409"] = problem_reference(std::string(r.read_conflict));
    responses["404"] = problem_reference("unknown, or not visible to the caller");
    if (r.upload) {
      responses["413"] = problem_reference("document over the size limit");
      responses["415"] = problem_reference("the content is not an accepted type, or not the declared one");
      responses["422"] = problem_reference("no usable file name");
    }
    if (download) {
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
    } else if (r.accepts_if_match) {
      responses["412"] = problem_reference("If-Match is stale");
    }
    operation["responses"] = std::move(responses);
    // Public: no token needed, and one may be sent (it is then checked).
    if (r.who.anyone) operation["security"] = boost::json::array{boost::json::object{}, {{"bearer", boost::json::array{}}}};

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
