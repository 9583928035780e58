#pragma once
#include <string_view>

#include "http_message.hpp"
#include "procura/core/error.hpp"

namespace procura::api {

/// The HTTP status of each error kind: the one table (SPEC §4).
unsigned status_of(error_kind kind);

/// An RFC 9457 problem+json response for `failure`. A 500 shows only the request id.
http_response problem_response(const error& failure, std::string_view request_id);

}  // namespace procura::api
