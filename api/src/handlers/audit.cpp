#include <boost/json.hpp>

#include <charconv>
#include <map>

#include "../handlers.hpp"
#include "../json_support.hpp"
#include "../parties_json.hpp"
#include "../use_case.hpp"

namespace procura::api::handlers {

http_response list_audit(request_context& context) {
  auto page = read_page_request(context.request);
  if (!page) return error_response(context, page.failure());
  // An issued cursor is an entry's sequence number: anything else (empty, or beyond 64 bits) is
  // refused. It may be 0 or below: a row slipped in there is listed (and named by verification),
  // and paging must get past it.
  if (page->after) {
    std::int64_t sequence = 0;
    const auto& text = *page->after;
    const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), sequence);
    if (text.empty() || status != std::errc{} || end != text.data() + text.size())
      return error_response(context, error::rule("/query/cursor", "cursor is not one this server issued"));
  }
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    const auto found = work.audit().list(*page);
    boost::json::array items;
    std::map<std::string, bool> sealed_tenders;
    for (const auto& entry : found.items) {
      // Entries about sealed bids show only their place in the chain until the tender opens.
      bool sealed = false;
      // The chain's hash reads a missing and an empty tender id alike, so only a named tender
      // seals: an entry edited from NULL to '' is not hidden from auditors by the edit.
      if (entry.sealed_by && !entry.sealed_by->empty()) {
        auto known = sealed_tenders.find(*entry.sealed_by);
        if (known == sealed_tenders.end()) {
          const auto t = work.tenders().find(*entry.sealed_by);
          known = sealed_tenders.emplace(*entry.sealed_by, !t || procurement::bids_are_sealed(*t)).first;
        }
        sealed = known->second;
      }
      items.push_back(to_json(entry, sealed));
    }
    return json_response(200, page_json(std::move(items), found.next_key));
  });
}

http_response verify_audit(request_context& context) {
  std::vector<audit::anchor> anchors;
  if (const auto given = context.request.query.find("anchor"); given != context.request.query.end()) {
    auto parsed = audit::parse_anchors(given->second);
    if (!parsed)
      return error_response(context, error::rule("/query/anchor", "expected SEQUENCE:HASH (a 64-digit lowercase "
                                                                  "SHA-256), several separated by commas"));
    anchors = std::move(*parsed);
  }
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    const auto outcome = audit::verify_chain(work.audit(), anchors);
    boost::json::object body{{"intact", outcome.intact},
                             {"entries_checked", outcome.entries_checked},
                             {"head_hash", outcome.head_hash},
                             {"anchor", std::to_string(outcome.entries_checked) + ":" + outcome.head_hash},
                             {"anchors_checked", anchors.size()}};
    if (!outcome.intact) {
      body["first_broken_sequence"] = *outcome.first_broken_sequence;
      body["problem"] = outcome.problem;
    }
    return json_response(200, body);
  });
}

}  // namespace procura::api::handlers
