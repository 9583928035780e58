#include "procura/api/ocds_export.hpp"

#include <boost/json.hpp>

#include "ocds.hpp"

namespace procura::api::ocds_export {
namespace {

namespace json = boost::json;

// Without a configured public address, the addresses the export has always written: those the
// handlers gave it through the in-process gateway, which sends no Host header (hence 127.0.0.1)
// and read 200 tenders a page.
std::string site_of(const publication& open_data) {
  return open_data.public_url.empty() ? std::string("http://127.0.0.1") : open_data.public_url;
}
std::string releases_uri(const publication& open_data) { return site_of(open_data) + "/api/v1/ocds/releases?limit=200"; }
std::string records_uri(const publication& open_data) { return site_of(open_data) + "/api/v1/ocds/records/"; }

void append_string(std::string& out, std::string_view text) { out += json::serialize(json::string_view(text)); }

/// One release as json::serialize writes its whole object: the head's four members, then its
/// body (`body_text`, serialized by the caller).
void append_release(std::string& out, const ocds::tender_releases& all, const ocds::tender_releases::head& head,
                    std::string_view body_text) {
  out += "{\"ocid\":";
  append_string(out, all.ocid());
  out += ",\"id\":";
  append_string(out, head.id);
  out += ",\"date\":";
  append_string(out, format_rfc3339(head.at));
  out += ",\"tag\":[";
  append_string(out, head.tag);
  out += "],";
  out += body_text.substr(1);  // without its opening brace
}

/// A package frame without its closing brace: its releases or records follow.
std::string open_package(const std::string& uri, timestamp now, const publication& open_data) {
  auto text = json::serialize(ocds::package(uri, now, open_data.publisher_name));
  text.pop_back();
  return text;
}

}  // namespace

std::string release_package_start(const publication& open_data, timestamp now) {
  return open_package(releases_uri(open_data), now, open_data) + ",\"releases\":[";
}

batch read_batch(store& database, const publication& open_data, const std::optional<std::string>& after,
                 std::size_t limit, timestamp now, const listed_function& listed) {
  batch out;
  database.read([&](unit_of_work& work) {
    const auto tenders = work.tenders().list(procurement::tender_filter{}, page_request{limit, after}, now);
    out.next_after = tenders.next_key;
    if (listed) listed(out.next_after);
    ocds::organization_directory organizations(work.organizations());
    const std::string site_text = site_of(open_data);
    const std::string records_address = records_uri(open_data);
    auto facts = ocds::read_facts(work, tenders.items);
    std::string releases;
    for (std::size_t i = 0; i < tenders.items.size(); ++i) {
      const auto& t = tenders.items[i];
      if (!t.published_at) continue;
      const ocds::tender_releases all(work, organizations, t, std::move(facts[i]), now, open_data.ocid_prefix,
                                      site_text);
      releases.clear();
      for (std::size_t h = 0; h < all.heads().size(); ++h) {
        if (!releases.empty()) releases += ',';
        append_release(releases, all, all.heads()[h], json::serialize(all.body(h)));
      }
      if (!out.releases.empty()) out.releases += ',';
      out.releases += releases;
      out.release_count += all.heads().size();
      auto& record = out.records.emplace_back();
      record.ocid = all.ocid();
      record.package = open_package(records_address + all.ocid(), now, open_data);
      record.package += ",\"records\":[{\"ocid\":";
      append_string(record.package, all.ocid());
      record.package += ",\"releases\":[";
      record.package += releases;
      record.package += "],\"compiledRelease\":";
      append_release(record.package, all, all.compiled_head(), json::serialize(all.compiled_body()));
      record.package += "}]}\n";
    }
  });
  return out;
}

}  // namespace procura::api::ocds_export
