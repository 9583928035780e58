// `procura backup` and `procura restore`: the database and its document files, checked.
#include <filesystem>
#include <iostream>
#include <set>

#include "cli_support.hpp"
#include "commands.hpp"
#include "procura/core/audit.hpp"
#include "procura/storage/backup.hpp"
#include "procura/storage/database.hpp"
#include "procura/storage/document_files.hpp"

namespace procura::app {
namespace {

namespace fs = std::filesystem;

audit::verification verify_chain_of(const std::string& path) {
  storage::database database(path, 1);
  audit::verification outcome;
  database.read([&](storage::session& current) { outcome = audit::verify_chain(current.audit()); });
  return outcome;
}

std::string documents_of(const std::string& path) { return storage::document_files::root_for(path).string(); }

}  // namespace

int backup(const std::string& db, const std::string& out, const std::string& documents_directory) {
  if (!fs::exists(db)) throw command_error("no database at " + db);
  // The server's --documents, when it was given one: the files are wherever it keeps them.
  const auto source_documents = storage::document_files::root_for(db, documents_directory).string();
  if (fs::exists(out)) throw command_error(out + " exists; choose a new file");
  const bool documents_were_there = fs::exists(documents_of(out));
  std::set<std::string> hashes;
  std::int64_t copied = 0;
  try {
    storage::backup_database(db, out);
    // Files are only ever added, so copying after the snapshot finds every file it names.
    hashes = storage::referenced_documents(out);
    copied = storage::copy_documents(source_documents, documents_of(out), hashes);
  } catch (...) {
    // A backup that stopped halfway (a full disk, most likely) must not be taken for one.
    std::error_code ignored;
    fs::remove(out, ignored);
    if (!documents_were_there) fs::remove_all(documents_of(out), ignored);
    throw;
  }
  const auto chain = verify_chain_of(out);
  if (!chain.intact) throw command_error("the copy's audit chain does not verify: " + chain.problem);
  std::cout << "backup " << out << ": " << chain.entries_checked << " audit entries, head " << chain.head_hash << ", "
            << hashes.size() << " documents (" << copied << " files copied to " << documents_of(out) << ")\n";
  return 0;
}

int restore(const std::string& from, const std::string& db, bool replace, const std::string& documents_directory) {
  const auto target_documents = storage::document_files::root_for(db, documents_directory).string();
  if (!fs::exists(from)) throw command_error("no backup at " + from);
  if (fs::exists(db) && !replace)
    throw command_error(db + " exists; stop its server and pass --replace to overwrite it");
  const std::string staged = db + ".restoring";
  fs::remove(staged);
  fs::remove(staged + "-wal");
  fs::remove(staged + "-shm");
  storage::backup_database(from, staged);
  const auto chain = verify_chain_of(staged);
  if (!chain.intact) {
    fs::remove(staged);
    fs::remove(staged + "-wal");
    fs::remove(staged + "-shm");
    throw command_error("refused: the backup's audit chain is broken at entry " +
                        std::to_string(chain.first_broken_sequence.value_or(0)) + ": " + chain.problem);
  }
  const auto hashes = storage::referenced_documents(staged);
  std::int64_t copied = 0;
  try {
    copied = storage::copy_documents(documents_of(from), target_documents, hashes);
  } catch (const std::exception& failure) {
    fs::remove(staged);
    throw command_error(std::string("refused: ") + failure.what());
  }
  fs::remove(db + "-wal");
  fs::remove(db + "-shm");
  fs::rename(staged, db);
  fs::remove(staged + "-wal");
  fs::remove(staged + "-shm");
  std::cout << "restored " << db << " from " << from << ": audit chain intact (" << chain.entries_checked
            << " entries, head " << chain.head_hash << "), " << hashes.size() << " documents (" << copied
            << " files copied to " << target_documents << ")\n";
  return 0;
}

}  // namespace procura::app
