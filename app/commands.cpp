#include "commands.hpp"

#include <unistd.h>

#include <csignal>

#include <sys/stat.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <boost/json.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli_support.hpp"
#include "demo.hpp"
#include "procura/api/gateway.hpp"
#include "procura/api/server.hpp"
#include "procura/core/audit.hpp"
#include "procura/core/credit_code.hpp"
#include "procura/procurement/benchmarks.hpp"
#include "procura/storage/connection.hpp"
#include "procura/storage/database.hpp"
#include "store_adapter.hpp"

namespace procura::app {
namespace {

/// Everything a command needs: the database, the API port over it, a clock and a gateway.
struct local_system {
  storage::database database;
  store_adapter store;
  adjustable_clock clock;
  storage::document_files files;
  document_files_adapter files_port{files};
  api::gateway api;
  explicit local_system(const std::string& path)
      : database(path, 2), store(database), files(storage::document_files::root_for(path)), api(store, clock, &files_port) {}
};

void ensure_parent_directory(const std::string& path) {
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
}

void write_secret_file(const std::string& path, const std::string& content) {
  ensure_parent_directory(path);
  std::filesystem::remove(path);
  // Created 0600 from the start, so the secret is never readable by others, even briefly.
  const auto old_mask = ::umask(077);
  std::ofstream out(path, std::ios::trunc);
  ::umask(old_mask);
  if (!out) throw command_error("cannot write " + path);
  out << content << '\n';
  out.close();
  std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::replace);
}

std::string platform_credit_code() {
  const std::string first_seventeen = "11100000MA0000001";
  return first_seventeen + credit_code_check_character(first_seventeen);
}

}  // namespace

namespace {

/// Reads a red-flag threshold file: a JSON object whose members override the defaults.
transparency::thresholds read_thresholds(const std::string& path) {
  transparency::thresholds limits;
  if (path.empty()) return limits;
  std::ifstream in(path);
  if (!in) throw command_error("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  boost::json::error_code failure;
  const auto parsed = boost::json::parse(text.str(), failure);
  if (failure || !parsed.is_object()) throw command_error(path + " is not a JSON object");
  const std::vector<std::pair<const char*, std::int64_t*>> fields{
      {"ceiling_closeness_bp", &limits.ceiling_closeness},
      {"price_closeness_bp", &limits.price_closeness},
      {"amendment_warning_bp", &limits.amendment_warning},
      {"supplier_share_bp", &limits.supplier_share},
      {"supplier_share_minimum_awards", &limits.supplier_share_minimum_awards},
      {"excessive_disqualification_bp", &limits.excessive_disqualification}};
  for (const auto& [key, value] : parsed.as_object()) {
    const auto field = std::find_if(fields.begin(), fields.end(), [&name = key](const auto& f) { return name == f.first; });
    if (field == fields.end()) throw command_error(path + ": unknown threshold " + std::string(key));
    if (!value.is_int64() || value.get_int64() < 0 || value.get_int64() > 10000)
      throw command_error(path + ": " + std::string(key) + " must be an integer from 0 to 10000");
    *field->second = value.get_int64();
  }
  return limits;
}

/// glibc returns the top of the heap to the kernel whenever more than 128 KiB of it is free,
/// and serves blocks of 128 KiB and more from fresh mappings: a request that builds a few
/// hundred KiB (red flags of a purchaser, ~700 bids) then paid brk/munmap, a TLB flush and the
/// page faults to map it again on every request, a third of its time on this VM
/// (docs/performance.md, round 3). Up to 8 MiB of freed heap is kept instead; RSS stays
/// bounded by the largest concurrent working set plus that.
void keep_freed_heap_between_requests() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 8 * 1024 * 1024);
#endif
}

/// Says in the log that migrations are pending before they run: one can take a minute on a
/// large file (migration 23: 60 s for 10.5M bids), and a silent start looks like a hang.
void announce_pending_migrations(const std::string& db) {
  const int version = storage::database::stored_schema_version(db);
  const int latest = storage::latest_schema_version();
  if (version < latest)
    api::log_start_up("migrating the database from schema version " + std::to_string(version) + " to " +
                      std::to_string(latest) +
                      " before serving; on a large database this takes minutes (procura migrate runs it ahead)");
}

}  // namespace

int serve(const serve_settings& settings) {
  keep_freed_heap_between_requests();
  ensure_parent_directory(settings.db);
  announce_pending_migrations(settings.db);
  // Readers for the I/O threads plus a few for the write handlers' short reads (token lookups):
  // each connection keeps its own page cache, so one per blocking thread would cost memory.
  storage::database database(settings.db, static_cast<std::size_t>(std::max(2, settings.threads + 4)));
  if (database.sqlite_calls_take_a_mutex())
    api::log_start_up("warning: SQLite was set up before the database (in serialized mode): every SQLite call takes a mutex");
  // The server asks for each group's commit once its I/O threads have run the requests that
  // were waiting (server.cpp, deliver); 2 ms bounds the wait should a thread be held up.
  database.commit_when_asked(std::chrono::milliseconds(2));
  store_adapter store(database);
  adjustable_clock clock;
  api::server_options options;
  options.address = settings.address;
  options.port = settings.port;
  options.threads = settings.threads;
  options.blocking_threads = settings.blocking_threads;
  options.test_clock = settings.test_clock;
  options.red_flag_thresholds = read_thresholds(settings.red_flag_thresholds);
  storage::document_files files(storage::document_files::root_for(settings.db, settings.documents_directory));
  document_files_adapter files_port(files);
  options.documents = &files_port;
  options.document_limit = static_cast<std::size_t>(settings.document_limit_mib) * 1024 * 1024;
  options.test_crash_point = settings.test_crash_point;
  // The crash test of durable responses: die after a group's COMMIT, before its fdatasync, so
  // that no client may have heard of that group (tests/api_durability_test.cpp).
  if (settings.test_clock && settings.test_crash_point == "commit-not-yet-durable")
    database.set_before_sync_for_tests([] { ::kill(::getpid(), SIGKILL); });
  options.rate_limit_per_second = settings.rate_limit;
  options.rate_limit_burst = settings.rate_limit * 2;
  options.max_connections = settings.max_connections;
  options.read_timeout_seconds = settings.read_timeout_seconds;
  options.web_directory = settings.web_directory;
  options.response_cache_bytes = static_cast<std::size_t>(settings.response_cache_mib) * 1024 * 1024;
  if (const auto refused = api::publication_error(settings.open_data)) throw command_error(*refused);
  options.open_data = settings.open_data;
  if (!settings.port_file.empty()) {
    options.on_listening = [&](std::uint16_t port) {
      const std::string temporary = settings.port_file + ".tmp";
      { std::ofstream(temporary) << port << '\n'; }
      std::filesystem::rename(temporary, settings.port_file);
    };
  }
  return api::run_server(options, store, clock);
}

int init(const std::string& db, const std::string& token_file, std::int64_t token_days) {
  ensure_parent_directory(db);
  local_system system(db);
  auto platform = platform_organization_id(system.api);
  if (!platform) {
    const boost::json::object body{{"kind", "platform"},
                                   {"name", "平台管理 Platform administration"},
                                   {"credit_code", platform_credit_code()},
                                   {"region", "000000"}};
    const auto created = call_expecting(system.api, 201, "POST", "/api/v1/organizations",
                                        boost::json::serialize(body), cli_principal());
    platform = std::string(created.at("id").as_string());
  }
  const boost::json::object token_body{
      {"role", "admin"}, {"display_name", "administrator (procura init)"}, {"valid_days", token_days}};
  const auto issued = call_expecting(system.api, 201, "POST", "/api/v1/organizations/" + *platform + "/tokens",
                                     boost::json::serialize(token_body), cli_principal());
  write_secret_file(token_file, std::string(issued.at("token").as_string()));
  std::cout << "database " << db << " at schema version " << system.database.schema_version() << "\n"
            << "a fresh admin token is in " << token_file << " (mode 0600); it is shown nowhere else\n";
  return 0;
}

int migrate(const std::string& db) {
  ensure_parent_directory(db);
  storage::connection connection(db, storage::connection::mode::read_write);
  const int before = storage::schema_version(connection);
  const int after = storage::migrate(connection);
  std::cout << "schema version " << before << " -> " << after << "\n";
  return 0;
}

int create_organization(const std::string& db, const std::string& kind, const std::string& name,
                        const std::string& credit_code, const std::string& region) {
  require_existing(db);
  local_system system(db);
  const boost::json::object body{{"kind", kind}, {"name", name}, {"credit_code", credit_code}, {"region", region}};
  const auto created =
      call_expecting(system.api, 201, "POST", "/api/v1/organizations", boost::json::serialize(body), cli_principal());
  std::cout << created.at("id").as_string().c_str() << "\n";
  return 0;
}

int issue_token(const std::string& db, const token_settings& settings) {
  require_existing(db);
  local_system system(db);
  boost::json::object body{{"valid_days", settings.valid_days}};
  if (!settings.role.empty()) body["role"] = settings.role;
  if (!settings.display_name.empty()) body["display_name"] = settings.display_name;
  if (!settings.account_id.empty()) body["account_id"] = settings.account_id;
  if (!settings.recent_employer_ids.empty()) {
    boost::json::array employers;
    for (const auto& id : settings.recent_employer_ids) employers.emplace_back(id);
    body["recent_employer_ids"] = std::move(employers);
  }
  const auto issued = call_expecting(system.api, 201, "POST", "/api/v1/organizations/" + settings.organization_id + "/tokens",
                                     boost::json::serialize(body), cli_principal());
  const std::string secret(issued.at("token").as_string());
  const std::string token_id(issued.at("token_id").as_string());
  const std::string account_id(issued.at("account").at("id").as_string());
  if (!settings.out_file.empty()) {
    write_secret_file(settings.out_file, secret);
    std::cout << "token " << token_id << " of account " << account_id << " written to " << settings.out_file << "\n";
  } else {
    // Only the secret on standard output, for `TOKEN=$(procura issue-token …)`; what revoking or
    // renewing it later needs goes to standard error.
    std::cout << secret << std::endl;
    std::cerr << "token " << token_id << " of account " << account_id << "\n";
  }
  return 0;
}

int revoke_token(const std::string& db, const std::string& token_id) {
  require_existing(db);
  local_system system(db);
  call_expecting(system.api, 200, "POST", "/api/v1/tokens/" + token_id + "/revoke", "{}", cli_principal());
  std::cout << "token " << token_id << " revoked\n";
  return 0;
}

int verify_audit(const std::string& db, const std::vector<std::string>& anchor_texts) {
  std::vector<audit::anchor> anchors;
  for (const auto& text : anchor_texts) {
    const auto parsed = audit::parse_anchors(text);
    if (!parsed) throw command_error("--anchor " + text + ": expected SEQUENCE:HASH (a 64-digit lowercase SHA-256)");
    anchors.insert(anchors.end(), parsed->begin(), parsed->end());
  }
  require_existing(db);
  storage::database database(db, 1);
  audit::verification outcome;
  database.read([&](storage::session& current) { outcome = audit::verify_chain(current.audit(), anchors); });
  if (outcome.intact) {
    std::cout << "audit chain intact: " << outcome.entries_checked << " entries, head " << outcome.head_hash;
    if (!anchors.empty()) std::cout << " (" << anchors.size() << " anchor" << (anchors.size() == 1 ? "" : "s") << " held)";
    // The pair to record outside the server, for a later --anchor.
    std::cout << "\nanchor: " << outcome.entries_checked << ":" << outcome.head_hash << "\n";
    return 0;
  }
  std::cout << "audit chain BROKEN at entry " << *outcome.first_broken_sequence << ": " << outcome.problem << "\n";
  return 1;
}

int import_benchmarks(const std::string& db, const std::string& csv_file) {
  require_existing(db);
  std::ifstream in(csv_file);
  if (!in) throw command_error("cannot read " + csv_file);
  std::vector<procurement::benchmark_row> rows;
  std::string line;
  std::size_t number = 0;
  const auto trim = [](std::string text) {
    while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t')) text.pop_back();
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.erase(0, 1);
    return text;
  };
  while (std::getline(in, line)) {
    ++number;
    line = trim(line);
    if (number == 1) {
      if (line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // a UTF-8 byte-order mark from spreadsheets
      if (line != procurement::benchmark_csv_header)
        throw command_error(csv_file + ": line 1 must be the header " + std::string(procurement::benchmark_csv_header));
      continue;
    }
    if (line.empty()) continue;
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
      const auto comma = line.find(',', start);
      fields.push_back(trim(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (fields.size() != 9)
      throw command_error(csv_file + ": line " + std::to_string(number) + " has " + std::to_string(fields.size()) +
                          " fields, the header has 9");
    rows.push_back({number, fields[0], fields[1], fields[2], fields[3], {fields[4], fields[5], fields[6], fields[7], fields[8]}});
  }
  const auto sets = procurement::assemble_benchmark_sets(rows, system_clock{}.now());
  if (!sets) throw command_error(csv_file + ": " + sets.failure().detail + " (nothing was imported)");
  boost::json::array items;
  for (const auto& set : *sets) {
    boost::json::object salaries;
    for (const auto level : procurement::all_levels)
      salaries[procurement::to_string(level)] = {{"amount", set.salary(level).fen}, {"currency", "CNY"}};
    items.push_back({{"region", set.region},
                     {"year", set.year},
                     {"monthly_salary", std::move(salaries)},
                     {"employer_rates",
                      {{"pension_bp", set.rates.pension},
                       {"medical_bp", set.rates.medical},
                       {"unemployment_bp", set.rates.unemployment},
                       {"work_injury_bp", set.rates.work_injury},
                       {"housing_fund_bp", set.rates.housing_fund}}}});
  }
  local_system system(db);
  call_expecting(system.api, 200, "POST", "/api/v1/salary-benchmarks/import",
                 boost::json::serialize(boost::json::object{{"sets", std::move(items)}}), cli_principal());
  std::cout << "imported " << sets->size() << " benchmark sets (" << rows.size() << " rows) from " << csv_file << "\n";
  return 0;
}

int load_demo(const std::string& db) {
  require_existing(db);
  local_system system(db);
  const bool loaded = demo::load(system.api, system.clock);
  std::cout << (loaded ? "demo data loaded\n" : "demo data already present; nothing changed\n");
  return 0;
}

int generate_data(const std::string& db, const generate::settings& options) {
  require_existing(db);
  local_system system(db);
  const auto started = std::chrono::steady_clock::now();
  generate::totals made;
  {
    storage::database::bulk_load bulk(system.database, options.writes_per_commit);
    made = generate::run(system.api, system.clock, bulk, options);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "generated " << made.tenders << " tenders, " << made.bids << " bids, " << made.contracts
            << " contracts with " << made.requests << " API calls in " << static_cast<std::int64_t>(seconds) << " s\n";
  return 0;
}

}  // namespace procura::app
