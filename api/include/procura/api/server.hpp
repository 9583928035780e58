#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "procura/api/ports.hpp"
#include "procura/core/clock.hpp"
#include "procura/transparency/red_flags.hpp"

namespace procura::api {

struct server_options {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;
  int threads = 2;
  std::size_t default_body_limit = 1024 * 1024;
  std::size_t header_limit = 16 * 1024;
  int read_timeout_seconds = 30;
  /// Enables POST /api/v1/test/clock (admin only); without it that path does not exist.
  bool test_clock = false;
  /// Red-flag thresholds (documented defaults unless the operator configures them).
  transparency::thresholds red_flag_thresholds{};
  /// The built web app served under / (empty: none; only the API answers).
  std::string web_directory;
  /// Called once the listener is bound, with the actual port (0 asks the OS for a free one).
  std::function<void(std::uint16_t)> on_listening;
};

/// Serves the API until SIGTERM or SIGINT: then stops accepting, finishes in-flight requests
/// and returns 0. `clock` must be an adjustable_clock when options.test_clock is set.
int run_server(const server_options& options, store& database, adjustable_clock& clock);

}  // namespace procura::api
