#include "procura/storage/document_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <system_error>

#include "procura/core/crypto.hpp"

namespace procura::storage {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& what, const fs::path& path) {
  throw std::system_error(errno, std::generic_category(), what + " " + path.string());
}

void sync_directory(const fs::path& directory) {
  const int descriptor = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (descriptor < 0) fail("cannot open directory", directory);
  const int synced = ::fsync(descriptor);
  ::close(descriptor);
  if (synced != 0) fail("cannot flush directory", directory);
}

void write_durably(const fs::path& path, std::string_view bytes) {
  const int descriptor = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (descriptor < 0) fail("cannot create", path);
  std::size_t written = 0;
  while (written < bytes.size()) {
    const auto n = ::write(descriptor, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(descriptor);
      fail("cannot write", path);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(descriptor) != 0) {
    ::close(descriptor);
    fail("cannot flush", path);
  }
  if (::close(descriptor) != 0) fail("cannot close", path);
}

std::string read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  return std::move(contents).str();
}

bool is_hash_name(const std::string& name) {
  return name.size() == 64 && name.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

document_files::document_files(fs::path root) : root_(std::move(root)) {
  fs::create_directories(root_ / "incoming");
}

fs::path document_files::root_for(const std::string& database_path) { return fs::path(database_path + ".documents"); }

fs::path document_files::root_for(const std::string& database_path, const std::string& chosen_directory) {
  return chosen_directory.empty() ? root_for(database_path) : fs::path(chosen_directory);
}

fs::path document_files::path_of(std::string_view sha256) const {
  return root_ / std::string(sha256.substr(0, 2)) / std::string(sha256);
}

std::string document_files::put(std::string_view bytes) {
  const std::string sha256 = crypto::sha256_hex(bytes);
  const fs::path target = path_of(sha256);
  std::error_code ignored;
  if (fs::exists(target, ignored) && fs::file_size(target, ignored) == bytes.size()) {
    // Touching it tells a concurrent repair that the file is in use again.
    fs::last_write_time(target, fs::file_time_type::clock::now(), ignored);
    // Its name may not be durable yet: an earlier upload whose directory sync failed after the
    // rename (and was answered "not kept"), or one racing this one into a new directory. The
    // row that follows must never outlive the file's name.
    sync_directory(target.parent_path());
    sync_directory(root_);
    return sha256;
  }
  const fs::path incoming = root_ / "incoming" / (sha256 + "." + crypto::random_hex(8));
  // Whatever stops the upload (a full disk, most likely) must not leave its partial file: it
  // would hold on to the very space that ran out until the next repair.
  struct removed_unless_moved {
    const fs::path& path;
    bool moved = false;
    ~removed_unless_moved() {
      std::error_code ignored_here;
      if (!moved) fs::remove(path, ignored_here);
    }
  } leftover{incoming};
  write_durably(incoming, bytes);
  const bool new_directory = fs::create_directories(target.parent_path());
  if (::rename(incoming.c_str(), target.c_str()) != 0) fail("cannot move into place", target);
  leftover.moved = true;
  sync_directory(target.parent_path());
  if (new_directory) sync_directory(root_);
  return sha256;
}

document_files::report document_files::verify(const std::set<std::string>& referenced, bool repair,
                                              std::chrono::seconds minimum_age) const {
  report found;
  for (const auto& sha256 : referenced) {
    const fs::path path = path_of(sha256);
    std::error_code missing;
    if (!fs::is_regular_file(path, missing)) {
      found.missing.push_back(sha256);
      continue;
    }
    ++found.checked;
    if (crypto::sha256_hex(read_whole(path)) != sha256) found.mismatched.push_back(sha256);
  }
  std::error_code listing;
  for (const auto& entry : fs::recursive_directory_iterator(root_, listing)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    const bool leftover_upload = entry.path().parent_path().filename() == "incoming";
    if (leftover_upload || !is_hash_name(name) || !referenced.contains(name)) found.orphans.push_back(entry.path());
  }
  if (repair) {
    const auto now = fs::file_time_type::clock::now();
    for (const auto& orphan : found.orphans) {
      std::error_code failure;
      const auto changed = fs::last_write_time(orphan, failure);
      if (failure || now - changed < minimum_age) continue;
      if (fs::remove(orphan, failure)) ++found.removed;
    }
  }
  return found;
}

}  // namespace procura::storage
