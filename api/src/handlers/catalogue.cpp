#include <boost/json.hpp>

#include "../handlers.hpp"
#include "../json_support.hpp"
#include "../procurement_json.hpp"
#include "../use_case.hpp"

namespace procura::api::handlers {

http_response list_catalogue(request_context& context) {
  auto page = read_page_request(context.request);
  if (!page) return error_response(context, page.failure());
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    const auto found = work.catalogue().list(*page);
    boost::json::array items;
    for (const auto& item : found.items) items.push_back(to_json(item));
    return json_response(200, page_json(std::move(items), found.next_key));
  });
}

http_response get_catalogue_item(request_context& context) {
  std::optional<std::int64_t> wanted;
  if (const auto version = context.request.query.find("version"); version != context.request.query.end()) {
    wanted = parse_positive_integer(version->second);
    if (!wanted) return error_response(context, error::rule("/query/version", "version must be a positive integer"));
  }
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    const auto& code = context.param("code");
    const auto item = wanted ? work.catalogue().version(code, *wanted) : work.catalogue().latest(code);
    if (!item) return error::not_found("no catalogue item " + code);
    auto response = json_response(200, to_json(*item));
    response.with_header("ETag", etag_of(item->version));
    return response;
  });
}

http_response create_catalogue_item(request_context& context) {
  const auto& body = context.body.as_object();
  const auto input = catalogue_input_from_json(body, string_field(body, "code"));
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto created = procurement::create_catalogue_item(work.catalogue(), input, context.now);
    if (!created) return created.failure();
    return write_outcome{201, to_json(*created), "catalogue.create", "catalogue_item", created->code, std::nullopt,
                         "/api/v1/catalogue/" + created->code, etag_of(created->version)};
  });
}

http_response revise_catalogue_item(request_context& context) {
  const auto expected = required_if_match(context);
  if (!expected) return error_response(context, expected.failure());
  const auto input = catalogue_input_from_json(context.body.as_object(), context.param("code"));
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto revised = procurement::revise_catalogue_item(work.catalogue(), input, *expected, context.now);
    if (!revised) return revised.failure();
    return write_outcome{200, to_json(*revised), "catalogue.revise", "catalogue_item", revised->code, std::nullopt,
                         {}, etag_of(revised->version)};
  });
}

}  // namespace procura::api::handlers
