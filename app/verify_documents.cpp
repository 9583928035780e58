// `procura verify-documents`: the files behind the documents against the rows that name them.
#include <filesystem>
#include <iostream>
#include <set>

#include "cli_support.hpp"
#include "commands.hpp"
#include "procura/storage/database.hpp"
#include "procura/storage/document_files.hpp"

namespace procura::app {

int verify_documents(const std::string& db, const std::string& documents_directory, bool repair,
                     std::int64_t minimum_age_seconds) {
  if (!std::filesystem::exists(db)) throw command_error("no database at " + db);
  storage::database database(db, 1);
  std::set<std::string> referenced;
  database.read([&](storage::session& current) {
    auto& query = current.raw().prepare("SELECT DISTINCT sha256 FROM documents");
    while (query.executeStep()) referenced.insert(query.getColumn(0).getString());
  });
  const storage::document_files files(storage::document_files::root_for(db, documents_directory));
  const auto found = files.verify(referenced, repair, std::chrono::seconds(minimum_age_seconds));
  for (const auto& sha256 : found.missing) std::cout << "missing  " << sha256 << "\n";
  for (const auto& sha256 : found.mismatched) std::cout << "altered  " << sha256 << "\n";
  for (const auto& orphan : found.orphans) std::cout << "orphan   " << orphan.string() << "\n";
  std::cout << "documents: " << referenced.size() << " files referenced, " << found.checked << " re-hashed, "
            << found.missing.size() << " missing, " << found.mismatched.size() << " altered, " << found.orphans.size()
            << " orphan";
  if (repair) std::cout << ", " << found.removed << " orphan removed";
  std::cout << "\n";
  const bool orphans_left = found.orphans.size() > static_cast<std::size_t>(found.removed);
  return found.missing.empty() && found.mismatched.empty() && !orphans_left ? 0 : 1;
}

}  // namespace procura::app
