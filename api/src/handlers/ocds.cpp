#include <boost/json.hpp>

#include "../handlers.hpp"
#include "../json_support.hpp"
#include "../ocds.hpp"
#include "../use_case.hpp"

namespace procura::api::handlers {
namespace {

/// The configured public address, or where this request says it reached us.
std::string site_of(const request_context& context) {
  if (!context.app.open_data.public_url.empty()) return context.app.open_data.public_url;
  const auto host = context.request.header("host");
  return "http://" + std::string(host ? *host : std::string_view("127.0.0.1"));
}

std::string base_uri(const request_context& context) { return site_of(context) + context.request.target; }

}  // namespace

http_response ocds_releases(request_context& context) {
  auto page = read_page_request(context.request);
  if (!page) return error_response(context, page.failure());
  std::optional<timestamp> from, to;
  for (const auto& [name, target] : {std::pair{"from", &from}, {"to", &to}}) {
    const auto found = context.request.query.find(name);
    if (found == context.request.query.end()) continue;
    *target = parse_rfc3339(found->second);
    if (!*target) return error_response(context, error::rule(std::string("/query/") + name, "an RFC 3339 date-time"));
  }
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    // Pages run over tenders (limit = tenders per page); each brings all its releases in the window.
    const auto tenders = work.tenders().list(procurement::tender_filter{}, *page, context.now);
    boost::json::array releases;
    ocds::organization_directory organizations(work.organizations());
    for (const auto& t : tenders.items) {
      if (!t.published_at) continue;
      const ocds::tender_releases all(work, organizations, t, ocds::read_facts(work, t), context.now,
                                     context.app.open_data.ocid_prefix, site_of(context));
      for (std::size_t i = 0; i < all.heads().size(); ++i) {
        const auto& at = all.heads()[i].at;
        if ((from && at < *from) || (to && at > *to)) continue;
        releases.push_back(all.release(i));
      }
    }
    auto body = ocds::package(base_uri(context), context.now, context.app.open_data.publisher_name);
    body["releases"] = std::move(releases);
    body["next_cursor"] = tenders.next_key ? boost::json::value(encode_cursor(*tenders.next_key)) : boost::json::value(nullptr);
    return json_response(200, body);
  });
}

http_response ocds_record(request_context& context) {
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    const auto& ocid = context.param("ocid");
    const auto tender_id = ocds::tender_id_of(context.app.open_data.ocid_prefix, ocid);
    const auto t = tender_id ? work.tenders().find(*tender_id) : std::nullopt;
    if (!t || !t->published_at) return error::not_found("no record " + ocid);
    ocds::organization_directory organizations(work.organizations());
    const ocds::tender_releases all(work, organizations, *t, ocds::read_facts(work, *t), context.now,
                                     context.app.open_data.ocid_prefix, site_of(context));
    boost::json::array releases;
    for (std::size_t i = 0; i < all.heads().size(); ++i) releases.push_back(all.release(i));
    auto body = ocds::package(base_uri(context), context.now, context.app.open_data.publisher_name);
    body["records"] = boost::json::array{
        {{"ocid", ocid}, {"releases", std::move(releases)}, {"compiledRelease", all.compiled_release()}}};
    return json_response(200, body);
  });
}

}  // namespace procura::api::handlers
