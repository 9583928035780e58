#include "file_sync.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace procura::storage {
namespace {

std::runtime_error failure(const std::string& what, const std::string& path) {
  return std::runtime_error("cannot " + what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

file_sync::file_sync(const std::string& path) {
  descriptor_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor_ < 0) throw failure("open", path);
  auto directory = std::filesystem::path(path).parent_path();
  if (directory.empty()) directory = ".";
  const int directory_descriptor = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const bool directory_synced = directory_descriptor >= 0 && ::fsync(directory_descriptor) == 0;
  if (directory_descriptor >= 0) ::close(directory_descriptor);
  if (!directory_synced) {
    ::close(descriptor_);
    throw failure("sync the directory of", path);
  }
}

file_sync::~file_sync() {
  if (descriptor_ >= 0) ::close(descriptor_);
}

bool file_sync::sync() const {
  int result = 0;
  do {
    result = ::fdatasync(descriptor_);
  } while (result != 0 && errno == EINTR);
  return result == 0;
}

}  // namespace procura::storage
