#pragma once
#include <filesystem>
#include <string>

namespace procura::testing {

/// A fresh directory under the system's temporary directory, removed with its contents at the
/// end of the test.
class temporary_directory {
 public:
  temporary_directory();
  ~temporary_directory();
  temporary_directory(const temporary_directory&) = delete;
  temporary_directory& operator=(const temporary_directory&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

/// The whole content of a file as bytes.
std::string read_file(const std::string& path);

}  // namespace procura::testing
