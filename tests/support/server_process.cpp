#include "server_process.hpp"

#include <algorithm>

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <thread>

namespace procura::testing {
namespace {

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

pid_t spawn(const std::vector<std::string>& arguments, const std::string& output_file,
            std::uint64_t file_size_limit = 0) {
  std::vector<char*> argv;
  std::string binary = PROCURA_BINARY;
  argv.push_back(binary.data());
  std::vector<std::string> copies = arguments;
  for (auto& argument : copies) argv.push_back(argument.data());
  argv.push_back(nullptr);
  const pid_t test_process = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // A test binary killed mid-run (a timeout, a debugger) must not leave its servers behind:
    // an orphan keeps its port, its database and every descriptor it inherited, such as the
    // lock a `flock` wrapper holds for the test run.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != test_process) ::_exit(127);
    const int fd = ::open(output_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::close(fd);
    }
    if (file_size_limit > 0) {
      // An ignored signal stays ignored across exec: the write fails with EFBIG instead.
      ::signal(SIGXFSZ, SIG_IGN);
      rlimit limit{};
      ::getrlimit(RLIMIT_FSIZE, &limit);
      limit.rlim_cur = static_cast<rlim_t>(file_size_limit);
      if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(126);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

}  // namespace

command_result run_procura(const std::vector<std::string>& arguments) { return run_procura(arguments, 0); }

command_result run_procura(const std::vector<std::string>& arguments, std::uint64_t file_size_limit) {
  temporary_directory scratch;
  const std::string output = scratch.file("output.txt");
  const pid_t pid = spawn(arguments, output, file_size_limit);
  command_result result;
  result.exit_status = wait_for(pid);
  result.output = read_file(output);
  return result;
}

server_process::server_process(const options& settings) : settings_(settings) {
  database_ = settings.database.empty() ? directory_.file("procura.db") : settings.database;
  const std::string token_file = directory_.file("admin.token");
  // Tests move the server clock years ahead: the admin token lasts ten years.
  const auto initialised = run_procura({"init", "--db", database_, "--token-file", token_file, "--token-days", "3650"});
  if (initialised.exit_status != 0) throw std::runtime_error("procura init failed: " + initialised.output);
  admin_token_ = read_file(token_file);
  while (!admin_token_.empty() && (admin_token_.back() == '\n' || admin_token_.back() == '\r')) admin_token_.pop_back();
  launch();
}

server_process::~server_process() {
  if (pid_ > 0) stop();
}

void server_process::launch() {
  const std::string port_file = directory_.file("port");
  std::filesystem::remove(port_file);
  std::vector<std::string> arguments{"serve", "--db", database_, "--port", "0", "--port-file", port_file,
                                     "--threads", std::to_string(settings_.threads)};
  if (settings_.test_clock) arguments.emplace_back("--test-clock");
  for (const auto& extra : settings_.extra_arguments) arguments.push_back(extra);
  // Tests fire requests faster than any person; the rate limit has its own test.
  if (std::find(arguments.begin(), arguments.end(), "--rate-limit") == arguments.end())
    arguments.insert(arguments.end(), {"--rate-limit", "0"});
  pid_ = spawn(arguments, directory_.file("server.log"), file_size_limit_);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(port_file)) {
      port_ = static_cast<std::uint16_t>(std::stoi(read_file(port_file)));
      return;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("procura serve exited during start: " + log());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("procura serve did not start within 30 s: " + log());
}

int server_process::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  const int status = wait_for(pid_);
  pid_ = -1;
  // A failed shutdown is rare and only seen under load: keep what the server said about it.
  if (status != 0) std::cerr << "procura serve stopped with status " << status << "; its log:\n" << log() << '\n';
  return status;
}

void server_process::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  wait_for(pid_);
  pid_ = -1;
}

void server_process::restart() {
  if (pid_ > 0) stop();
  launch();
}

void server_process::restart_with_file_size_limit(std::uint64_t bytes) {
  file_size_limit_ = bytes;
  restart();
}

std::string server_process::log() const { return read_file(directory_.file("server.log")); }

}  // namespace procura::testing
