#pragma once
#include <cstdint>
#include <string>

namespace procura::app {

struct serve_settings {
  std::string db;
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;
  int threads = 2;
  bool test_clock = false;
  std::string port_file;  ///< when set, the bound port is written there (tests use port 0)
  std::string red_flag_thresholds;  ///< a JSON file overriding the red-flag thresholds
  std::string web_directory;  ///< the built web app to serve under / (empty: API only)
};

int serve(const serve_settings& settings);
/// Creates and migrates the database, creates the platform organization if absent, and writes a
/// fresh administrator token to `token_file` (mode 0600).
int init(const std::string& db, const std::string& token_file, std::int64_t token_days = 365);
int migrate(const std::string& db);
int create_organization(const std::string& db, const std::string& kind, const std::string& name,
                        const std::string& credit_code, const std::string& region);
int issue_token(const std::string& db, const std::string& organization_id, const std::string& role,
                const std::string& display_name, std::int64_t valid_days, const std::string& out_file);
int revoke_token(const std::string& db, const std::string& token_id);
int verify_audit(const std::string& db);
int load_demo(const std::string& db);
/// Writes the OCDS release package (releases.json) and one record package per tender
/// (records/<ocid>.json) to `out_directory`, page by page, with a progress line.
int export_ocds(const std::string& db, const std::string& out_directory);
/// Loads a benchmark CSV (header: procurement::benchmark_csv_header), all or nothing.
int import_benchmarks(const std::string& db, const std::string& csv_file);

}  // namespace procura::app
