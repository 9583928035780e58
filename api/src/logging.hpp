#pragma once
#include <string_view>

namespace procura::api {

/// One JSON line per request on standard output: {"time","request_id","method","path","status","micros"}.
/// Lines are written in batches by a background thread (at most ~20 ms late), not one syscall
/// per request.
void log_request(std::string_view request_id, std::string_view method, std::string_view path, unsigned status,
                 long long microseconds);

/// Writes the request lines still buffered (on a clean stop).
void flush_request_log();

/// One JSON line on standard error with the details a 500 hides from the client.
void log_error(std::string_view request_id, std::string_view message);

/// An error that belongs to no one request (the database refused a commit) as a JSON line on
/// standard error.
void log_failure(std::string_view message);

/// A free-form operational message (start, stop) as a JSON line on standard error.
void log_event(std::string_view message);

}  // namespace procura::api
