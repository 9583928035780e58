#pragma once
#include <boost/json/object.hpp>

#include "procura/procurement/document.hpp"

namespace procura::api {

/// A document's description, with where to download it.
boost::json::object to_json(const procurement::document& d);

/// One attachment: what it is attached to and the document.
boost::json::object to_json(const procurement::attachment& a);

/// The download path of a document.
std::string content_url(const procurement::document& d);

}  // namespace procura::api
