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

}  // namespace procura::api
