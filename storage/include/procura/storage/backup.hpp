#pragma once
#include <cstdint>
#include <set>
#include <string>

namespace procura::storage {

/// Copies the database at `from` into a new file `to` with SQLite's online backup API: a
/// consistent snapshot, taken while a server keeps writing. The copy is written beside `to`,
/// flushed, and renamed into place, so `to` is either absent or complete.
void backup_database(const std::string& from, const std::string& to);

/// The SHA-256 of every document the database at `path` refers to (read-only).
std::set<std::string> referenced_documents(const std::string& path);

/// Copies the document files named by `hashes` from one document directory to another (files
/// already there are kept). Returns how many were copied; throws when one is missing.
std::int64_t copy_documents(const std::string& from_directory, const std::string& to_directory,
                            const std::set<std::string>& hashes);

}  // namespace procura::storage
