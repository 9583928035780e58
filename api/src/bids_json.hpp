#pragma once
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

#include "procura/procurement/award.hpp"
#include "procura/procurement/bid.hpp"
#include "procura/procurement/panel.hpp"

/// JSON representations of bids and of what follows them: reviews, panel, scores, ranking,
/// challenges.
namespace procura::api {

procurement::bid_content bid_content_from_json(const boost::json::object& body);

/// The document whose SHA-256 is the bid's receipt: every submitted field of the version plus
/// its ids, profile version and server time, in canonical JSON.
boost::json::object receipt_document(const procurement::bid& b);

/// What the audit chain records of a submitted version: its ids and its receipt. The receipt's
/// hash binds the whole document, which the bid tables keep version by version (decision 47).
boost::json::object receipt_record(const procurement::bid& b);

/// The whole bid, as its bidder (and after opening the purchaser and panel) see it.
boost::json::object to_json(const procurement::bid& b);

/// What the public sees of a bid after opening (the OCDS bid details): no proposal text.
boost::json::object public_summary(const procurement::bid& b);

boost::json::array to_json(const std::vector<procurement::staffing_finding>& findings);

boost::json::object to_json(const procurement::panel_member& member);

boost::json::object to_json(const procurement::challenge& c, bool show_challenger);

/// The ranking with per-item scores and, for subjective items, every expert's score.
boost::json::object to_json(const procurement::ranking& r, const procurement::tender& t,
                            const std::vector<procurement::expert_score>& scores);

}  // namespace procura::api
