#pragma once
#include <boost/json/object.hpp>

#include "procura/core/audit.hpp"
#include "procura/procurement/parties.hpp"

/// JSON representations of parties and audit entries (the API's wire format).
namespace procura::api {

boost::json::object to_json(const procurement::organization& value);
boost::json::object to_json(const procurement::account& value);
boost::json::object to_json(const procurement::qualification_profile& value);
/// A profile from a PUT body whose shape the schema has checked.
procurement::qualification_profile profile_from_json(const boost::json::object& body, std::string organization_id);
/// An audit entry; `redacted` shows only the sequence and hashes (entries about sealed bids).
boost::json::object to_json(const audit::entry& value, bool redacted);

}  // namespace procura::api
