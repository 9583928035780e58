#pragma once
#include <boost/json/object.hpp>

#include <optional>
#include <string>

#include "procura/core/principal.hpp"
#include "procura/procurement/benchmarks.hpp"
#include "procura/procurement/catalogue.hpp"
#include "procura/procurement/clarification.hpp"
#include "procura/procurement/cost_estimate.hpp"
#include "procura/procurement/tender.hpp"

namespace procura::api {
class json_writer;
}

/// JSON representations of the procurement resources, and readers for bodies whose shape the
/// JSON Schema has checked.
namespace procura::api {

boost::json::object to_json(const procurement::catalogue_item& item);
procurement::catalogue_input catalogue_input_from_json(const boost::json::object& body, std::string code);

boost::json::object to_json(const procurement::benchmark_set& set);
procurement::benchmark_set benchmark_set_from_json(const boost::json::object& body);

boost::json::object to_json(const procurement::cost_estimate& estimate);
procurement::cost_estimate_input cost_estimate_input_from_json(const boost::json::object& body);

/// The terms as the client writes them (the shape of tender-terms.json).
boost::json::object terms_to_json(const procurement::tender_terms& terms);
procurement::tender_terms terms_from_json(const boost::json::object& body);
/// A deadline the schema lets through (a string of the right length) that names no instant, such
/// as 30 February or "this is not a date": refused, where terms_from_json would read the epoch.
std::optional<error> malformed_deadline(const boost::json::object& terms, const std::string& pointer_prefix);

/// A tender as clients see it at `now`. Drafts carry the rules that would stop publication.
/// Written straight to JSON text (the hot read path); `to_json` is the same text as a value.
void write_json(json_writer& out, const procurement::tender& t, timestamp now);
std::string render_json(const procurement::tender& t, timestamp now);
boost::json::object to_json(const procurement::tender& t, timestamp now);

boost::json::object to_json(const procurement::question& q, bool show_asker);

}  // namespace procura::api
