#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "generate.hpp"
#include "procura/api/publication.hpp"

namespace procura::app {

struct serve_settings {
  std::string db;
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;
  int threads = 2;
  int blocking_threads = 8;  ///< threads for writes with large bodies (uploads); see server_options
  bool test_clock = false;
  std::string port_file;  ///< when set, the bound port is written there (tests use port 0)
  std::string red_flag_thresholds;  ///< a JSON file overriding the red-flag thresholds
  std::string documents_directory;  ///< default: next to the database ("<db>.documents")
  std::int64_t document_limit_mib = 50;
  std::string test_crash_point;  ///< with --test-clock only: where to kill the server (crash tests)
  double rate_limit = 100;       ///< requests a second per token (0 = unlimited)
  std::size_t max_connections = 1000;
  int read_timeout_seconds = 30;
  std::string web_directory;  ///< the built web app to serve under / (empty: API only)
  std::int64_t response_cache_mib = 32;  ///< rendered public responses kept while fresh (0 = none)
  api::publication open_data;  ///< ocid prefix, publisher and public address of the open data
};

int serve(const serve_settings& settings);
/// Creates and migrates the database, creates the platform organization if absent, and writes a
/// fresh administrator token to `token_file` (mode 0600).
int init(const std::string& db, const std::string& token_file, std::int64_t token_days = 365);
int migrate(const std::string& db);
int create_organization(const std::string& db, const std::string& kind, const std::string& name,
                        const std::string& credit_code, const std::string& region);
struct token_settings {
  std::string organization_id;
  std::string role;          ///< with display_name, for a new account
  std::string display_name;
  std::string account_id;    ///< instead: a new token for this existing account (a renewal)
  std::vector<std::string> recent_employer_ids;  ///< experts
  std::int64_t valid_days = 90;
  std::string out_file;
};
int issue_token(const std::string& db, const token_settings& settings);
int revoke_token(const std::string& db, const std::string& token_id);
/// `anchors`: entries as recorded outside the server earlier, each `SEQUENCE:HASH`.
int verify_audit(const std::string& db, const std::vector<std::string>& anchors);
int load_demo(const std::string& db);
struct export_settings {
  std::string db;
  std::string out_directory;
  unsigned threads = 2;               ///< threads rendering ranges while the main thread writes files
  std::size_t tenders_per_range = 200;  ///< tenders rendered per read snapshot
  api::publication open_data;  ///< as the server publishes it, so that both agree
};

/// Writes the OCDS release package (releases.json) and one record package per published tender
/// (records/<ocid>.json) to `out_directory`, range by range, with a progress line. The bytes do
/// not depend on the threads or the range size, only on the data (and the publishedDate clock).
int export_ocds(const export_settings& settings);
/// Fills the database with a generated data set through the API's rules (app/generate.hpp).
int generate_data(const std::string& db, const generate::settings& options);
/// Loads a benchmark CSV (header: procurement::benchmark_csv_header), all or nothing.
int import_benchmarks(const std::string& db, const std::string& csv_file);
/// Copies the database (online, while a server runs) and its document files to `out`, then
/// verifies the copy's audit chain.
int backup(const std::string& db, const std::string& out, const std::string& documents_directory = "");
/// Restores `from` to `db` only if its audit chain verifies and every document file is there.
int restore(const std::string& from, const std::string& db, bool replace, const std::string& documents_directory = "");
/// Re-hashes every document file and reports missing, altered and orphan files; `repair`
/// removes orphans older than `minimum_age_seconds`. Exit code 0 only when all is well.
int verify_documents(const std::string& db, const std::string& documents_directory, bool repair,
                     std::int64_t minimum_age_seconds);

}  // namespace procura::app
