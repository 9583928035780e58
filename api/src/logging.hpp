#pragma once
#include <string_view>

namespace procura::api {

/// One JSON line per request on standard output: {"time","request_id","method","path","status","micros"}.
void log_request(std::string_view request_id, std::string_view method, std::string_view path, unsigned status,
                 long long microseconds);

/// One JSON line on standard error with the details a 500 hides from the client.
void log_error(std::string_view request_id, std::string_view message);

/// A free-form operational message (start, stop) as a JSON line on standard error.
void log_event(std::string_view message);

}  // namespace procura::api
