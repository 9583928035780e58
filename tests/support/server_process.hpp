#pragma once
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "temporary_directory.hpp"

namespace procura::testing {

/// Output and exit status of a finished command.
struct command_result {
  int exit_status = -1;
  std::string output;  ///< standard output and standard error, interleaved
};

/// Runs the procura binary with `arguments` and waits for it.
command_result run_procura(const std::vector<std::string>& arguments);
/// The same under a file size limit (RLIMIT_FSIZE, SIGXFSZ ignored): a write past `bytes` fails
/// with EFBIG, as on a full disk.
command_result run_procura(const std::vector<std::string>& arguments, std::uint64_t file_size_limit);

/// A real `procura serve` on a free loopback port, over a fresh database in a temporary
/// directory, initialised with `procura init` (so an admin token exists). Stopped with SIGTERM
/// at the end of the test.
class server_process {
 public:
  struct options {
    bool test_clock = true;
    int threads = 2;
    std::string database;  ///< an existing file to serve instead of a fresh one
    std::vector<std::string> extra_arguments = {};  ///< more `procura serve` options
  };
  server_process() : server_process(options{}) {}
  explicit server_process(const options& settings);
  ~server_process();
  server_process(const server_process&) = delete;
  server_process& operator=(const server_process&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] const std::string& admin_token() const { return admin_token_; }
  [[nodiscard]] const std::string& database() const { return database_; }
  [[nodiscard]] pid_t pid() const { return pid_; }
  [[nodiscard]] const temporary_directory& directory() const { return directory_; }

  /// Sends SIGTERM and waits; returns the exit status (or 128 + signal).
  int stop();
  /// Sends SIGKILL and waits (crash tests).
  void kill_hard();
  /// Starts the server again on the same database (after stop or kill).
  void restart();
  /// Starts the server again with a file size limit (RLIMIT_FSIZE, SIGXFSZ ignored): a write
  /// past `bytes` fails with EFBIG, as on a full disk. 0 lifts the limit.
  void restart_with_file_size_limit(std::uint64_t bytes);
  /// Everything the server printed so far.
  [[nodiscard]] std::string log() const;

 private:
  void launch();
  temporary_directory directory_;
  options settings_;
  std::string database_;
  std::string admin_token_;
  std::uint64_t file_size_limit_ = 0;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace procura::testing
