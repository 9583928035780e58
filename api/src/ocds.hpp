#pragma once
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

#include "procura/api/ports.hpp"
#include "procura/core/time.hpp"

/// Open Contracting Data Standard 1.1 releases and records (SPEC §3.9). The ocid of a tender is
/// the configured prefix, a dash, and the tender id.
namespace procura::api::ocds {

inline constexpr std::string_view default_prefix = "ocds-procura";

/// Every release of one tender, oldest first: tender, each amendment, cancellation, award (with
/// bids, only after opening), contract, contract amendments, implementation.
/// `site` ("http://host:port") makes document URLs absolute.
std::vector<boost::json::object> releases_of(unit_of_work& work, const procurement::tender& t, timestamp now,
                                             const std::string& site);

/// The merged view of a tender's releases, tagged "compiled".
boost::json::object compiled_release(unit_of_work& work, const procurement::tender& t, timestamp now,
                                     const std::string& site);

/// A release package or record package frame.
boost::json::object package(const std::string& uri, timestamp now);

std::string ocid_of(const procurement::tender& t);
/// The tender id of an ocid of this publisher, if it is one.
std::optional<std::string> tender_id_of(std::string_view ocid);

}  // namespace procura::api::ocds
