#pragma once
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace procura::storage {

/// The files behind documents, stored by content: `<root>/<first two hex digits>/<sha256>`.
/// A file is written to `<root>/incoming/`, flushed to disk and renamed into place before its
/// database row is committed, so a row never points at a missing or half-written file; a crash
/// in between leaves at most an orphan file, which `verify` finds (and `repair` removes).
class document_files {
 public:
  explicit document_files(std::filesystem::path root);

  /// Where the files of the database at `database_path` live: next to it, "<file>.documents".
  static std::filesystem::path root_for(const std::string& database_path);
  /// `chosen_directory` when an operator gave one (`--documents`), else `root_for(database_path)`.
  static std::filesystem::path root_for(const std::string& database_path, const std::string& chosen_directory);

  /// Stores the bytes durably and returns their SHA-256; bytes already stored are not written
  /// again. Throws std::system_error when the disk refuses.
  std::string put(std::string_view bytes);

  [[nodiscard]] std::filesystem::path path_of(std::string_view sha256) const;
  [[nodiscard]] const std::filesystem::path& root() const { return root_; }

  struct report {
    std::int64_t checked = 0;               ///< referenced files re-hashed
    std::vector<std::string> missing;       ///< referenced, no file
    std::vector<std::string> mismatched;    ///< referenced, the file's bytes have another hash
    std::vector<std::filesystem::path> orphans;  ///< files no row refers to (and leftovers of uploads)
    std::int64_t removed = 0;               ///< orphans removed by repair
    [[nodiscard]] bool clean() const { return missing.empty() && mismatched.empty() && orphans.empty(); }
  };

  /// Re-hashes every referenced file and lists what is missing, altered or unreferenced;
  /// with `repair`, removes the orphans not touched for `minimum_age` (never a referenced
  /// file): a younger one may belong to an upload whose row is about to commit.
  report verify(const std::set<std::string>& referenced, bool repair,
                std::chrono::seconds minimum_age = std::chrono::hours(1)) const;

 private:
  std::filesystem::path root_;
};

}  // namespace procura::storage
