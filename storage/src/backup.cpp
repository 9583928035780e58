#include "procura/storage/backup.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "procura/storage/document_files.hpp"

namespace procura::storage {
namespace {

namespace fs = std::filesystem;

void flush_file(const fs::path& path) {
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) throw std::runtime_error("cannot open " + path.string());
  const int synced = ::fsync(descriptor);
  ::close(descriptor);
  if (synced != 0) throw std::runtime_error("cannot flush " + path.string());
}

}  // namespace

void backup_database(const std::string& from, const std::string& to) {
  const fs::path partial = to + ".partial";
  fs::remove(partial);
  try {
    {
      SQLite::Database source(from, SQLite::OPEN_READONLY);
      source.setBusyTimeout(5000);
      SQLite::Database target(partial.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      SQLite::Backup copy(target, source);
      // One step copies every page under one read transaction: a single consistent snapshot,
      // while the server's writer goes on appending to its WAL.
      while (copy.executeStep(-1) != SQLITE_DONE) ::usleep(10'000);  // busy: a checkpoint holds a lock
    }
    flush_file(partial);
  } catch (...) {
    // A copy the disk refused halfway is no backup and holds on to the space that ran out.
    std::error_code ignored;
    fs::remove(partial, ignored);
    throw;
  }
  fs::rename(partial, to);
  const auto parent = fs::absolute(to).parent_path();
  flush_file(parent);
}

std::set<std::string> referenced_documents(const std::string& path) {
  SQLite::Database database(path, SQLite::OPEN_READONLY);
  std::set<std::string> hashes;
  if (!database.tableExists("documents")) return hashes;
  SQLite::Statement query(database, "SELECT DISTINCT sha256 FROM documents");
  while (query.executeStep()) hashes.insert(query.getColumn(0).getString());
  return hashes;
}

std::int64_t copy_documents(const std::string& from_directory, const std::string& to_directory,
                            const std::set<std::string>& hashes) {
  const document_files source(from_directory);
  const document_files target(to_directory);
  std::int64_t copied = 0;
  for (const auto& sha256 : hashes) {
    const auto from = source.path_of(sha256);
    const auto to = target.path_of(sha256);
    if (!fs::exists(from)) throw std::runtime_error("document file " + from.string() + " is missing");
    if (fs::exists(to)) continue;
    fs::create_directories(to.parent_path());
    fs::copy_file(from, to);
    flush_file(to);
    ++copied;
  }
  return copied;
}

}  // namespace procura::storage
