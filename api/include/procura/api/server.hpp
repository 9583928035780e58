#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "procura/api/ports.hpp"
#include "procura/api/publication.hpp"
#include "procura/core/clock.hpp"
#include "procura/transparency/red_flags.hpp"

namespace procura::api {

struct server_options {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;
  int threads = 2;
  /// Threads that handle writes with large bodies (document uploads, salary tables), whose
  /// hashing and file syncs would stall an I/O thread. Other writes run on the I/O threads.
  int blocking_threads = 8;
  std::size_t default_body_limit = 1024 * 1024;
  std::size_t header_limit = 16 * 1024;
  int read_timeout_seconds = 30;
  /// Enables POST /api/v1/test/clock (admin only); without it that path does not exist.
  bool test_clock = false;
  /// Red-flag thresholds (documented defaults unless the operator configures them).
  transparency::thresholds red_flag_thresholds{};
  /// Requests a second per account (token), on average and at once; 0 = unlimited.
  double rate_limit_per_second = 100;
  double rate_limit_burst = 200;
  /// Open connections beyond this get 503 and are closed (each costs memory, not a thread).
  std::size_t max_connections = 1000;
  /// The document files; without them uploads answer 503.
  document_store* documents = nullptr;
  std::size_t document_limit = std::size_t{50} * 1024 * 1024;
  std::string test_crash_point;  ///< see services::test_crash_point (only with test_clock)
  /// The built web app served under / (empty: none; only the API answers).
  std::string web_directory;
  /// Bytes of rendered public responses kept while provably fresh (response_cache.hpp); 0 = none.
  std::size_t response_cache_bytes = std::size_t{32} * 1024 * 1024;
  /// The open data's ocid prefix, publisher and public address.
  publication open_data;
  /// Called once the listener is bound, with the actual port (0 asks the OS for a free one).
  std::function<void(std::uint16_t)> on_listening;
};

/// Serves the API until SIGTERM or SIGINT: then stops accepting, finishes in-flight requests
/// and returns 0. `clock` must be an adjustable_clock when options.test_clock is set.
int run_server(const server_options& options, store& database, adjustable_clock& clock);

/// One info line in the server's JSON log, for what the app does before run_server (a long
/// schema migration must not look like a server that hangs).
void log_start_up(std::string_view message);

}  // namespace procura::api
