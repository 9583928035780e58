#pragma once
#include <string>
#include <string_view>

namespace procura::api {

/// A fresh id for a request that brought none: a random prefix drawn once per process and a
/// counter (16 hex digits). Ids only correlate log lines and responses, so they need to be
/// unique, not unpredictable; drawing 8 random bytes per request cost a CSPRNG call (locks and
/// a getpid) on every response (docs/performance.md).
std::string next_request_id();

/// Whether a client's X-Request-Id may be echoed and logged as it is.
bool acceptable_request_id(std::string_view id);

/// The id of a request: the client's X-Request-Id (`given`) when acceptable, else a fresh one.
std::string request_id_for(std::string_view given);

}  // namespace procura::api
