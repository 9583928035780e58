// procura: one executable, one subcommand per operation (SPEC §5).
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "cli_support.hpp"
#include "commands.hpp"
#include "memory_allocator.hpp"

int main(int argc, char** argv) {
  using namespace procura::app;
  CLI::App cli{"procura: government service procurement and contract evaluation"};
  cli.set_version_flag("--version", "procura 0.1.0\nmemory allocator: " + memory_allocator());
  cli.require_subcommand(1);

  std::string db = "var/procura.db";
  const auto add_db = [&](CLI::App* command) {
    command->add_option("--db", db, "SQLite database file")->capture_default_str();
  };
  // The server and the export publish the same open data, so they take the same options.
  const auto add_publication = [](CLI::App* command, procura::api::publication& open_data) {
    command->add_option("--ocid-prefix", open_data.ocid_prefix,
                        "the OCDS ocid prefix registered for this publisher (ocds- and a lowercase code)")
        ->capture_default_str();
    command->add_option("--publisher-name", open_data.publisher_name, "the publisher named in OCDS packages")
        ->capture_default_str();
    command->add_option("--public-url", open_data.public_url,
                        "the API's public address for OCDS package and document URLs, e.g. https://procura.example.gov.cn");
  };

  serve_settings serve_options;
  auto* serve_command = cli.add_subcommand("serve", "Serve the HTTP API");
  add_db(serve_command);
  serve_command->add_option("--address", serve_options.address, "address to listen on")->capture_default_str();
  serve_command->add_option("--port", serve_options.port, "TCP port (0 = any free port)")->capture_default_str();
  serve_command->add_option("--threads", serve_options.threads, "worker threads")->check(CLI::Range(1, 256))->capture_default_str();
  serve_command->add_option("--blocking-threads", serve_options.blocking_threads,
                            "threads for writes with large bodies (document uploads, salary tables)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  serve_command->add_flag("--test-clock", serve_options.test_clock, "enable POST /api/v1/test/clock (never in production)");
  serve_command->add_option("--port-file", serve_options.port_file, "write the bound port to this file");
  serve_command->add_option("--documents", serve_options.documents_directory,
                            "directory of the document files (default: <db>.documents)");
  serve_command->add_option("--document-limit-mib", serve_options.document_limit_mib,
                            "largest document accepted, in MiB")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  serve_command->add_option("--rate-limit", serve_options.rate_limit,
                            "requests a second per token, bursts of twice that (0 = unlimited)")
      ->check(CLI::Range(0.0, 1e6))
      ->capture_default_str();
  serve_command->add_option("--max-connections", serve_options.max_connections,
                            "open connections beyond this get 503")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  serve_command->add_option("--read-timeout", serve_options.read_timeout_seconds,
                            "seconds a client has to send a whole request")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  serve_command->add_option("--test-crash-point", serve_options.test_crash_point,
                            "with --test-clock: kill the server at this point (document-file-written, commit-not-yet-durable); tests only");
  serve_command->add_option("--response-cache-mib", serve_options.response_cache_mib,
                            "MiB of rendered public responses kept while provably fresh (0 = none)")
      ->check(CLI::Range(0, 4096))
      ->capture_default_str();
  serve_command->add_option("--red-flag-thresholds", serve_options.red_flag_thresholds,
                            "JSON file overriding red-flag thresholds (docs/operator-guide.md)");
  add_publication(serve_command, serve_options.open_data);
  serve_command->add_option("--web-dir", serve_options.web_directory,
                            "serve the built web app from this directory under / (scripts/run passes build/web)")
      ->check(CLI::ExistingDirectory);

  std::string token_file = "var/admin.token";
  auto* init_command = cli.add_subcommand("init", "Create or migrate the database and write a fresh admin token");
  add_db(init_command);
  init_command->add_option("--token-file", token_file, "where to write the admin token (mode 0600)")->capture_default_str();
  std::int64_t token_days = 365;
  init_command->add_option("--token-days", token_days, "validity of the admin token in days")
      ->check(CLI::Range(1, 3660))
      ->capture_default_str();

  auto* migrate_command = cli.add_subcommand("migrate", "Apply pending schema migrations");
  add_db(migrate_command);

  std::string kind, name, credit_code, region;
  auto* create_org_command = cli.add_subcommand("create-org", "Register an organization");
  add_db(create_org_command);
  create_org_command->add_option("--kind", kind, "platform, purchaser, supplier or evaluator")->required();
  create_org_command->add_option("--name", name, "legal name")->required();
  create_org_command->add_option("--code", credit_code, "unified social credit code")->required();
  create_org_command->add_option("--region", region, "region code, e.g. 310000")->required();

  token_settings token;
  auto* issue_command = cli.add_subcommand(
      "issue-token", "Create an account and print its bearer token once (or, with --account, a new token for it)");
  add_db(issue_command);
  issue_command->add_option("--org", token.organization_id, "organization id")->required();
  auto* role_option =
      issue_command->add_option("--role", token.role, "admin, auditor, purchaser, supplier, expert or evaluator");
  auto* name_option = issue_command->add_option("--name", token.display_name, "who the account is for");
  auto* account_option = issue_command->add_option(
      "--account", token.account_id, "an existing account of the organization: renew its token, keeping its identity");
  role_option->excludes(account_option);
  name_option->excludes(account_option);
  issue_command->add_option("--employers", token.recent_employer_ids,
                            "experts: organization ids that employed the expert in the last three years")
      ->delimiter(',');
  issue_command->add_option("--days", token.valid_days, "validity in days")->capture_default_str();
  issue_command->add_option("--out", token.out_file, "write the token to this file (mode 0600) instead of printing it");

  std::string token_id;
  auto* revoke_command = cli.add_subcommand("revoke-token", "Revoke a token by its id");
  add_db(revoke_command);
  revoke_command->add_option("token_id", token_id, "token id (tok_…)")->required();

  auto* verify_command = cli.add_subcommand("verify-audit", "Recompute the audit chain; exit 1 naming the first broken entry");
  add_db(verify_command);
  std::vector<std::string> anchors;
  verify_command->add_option("--anchor", anchors,
                             "SEQUENCE:HASH of an entry recorded earlier outside the server (as printed: entries and "
                             "head); catches a chain rewritten or cut short since. Repeatable");

  auto* demo_command = cli.add_subcommand("load-demo", "Load the demo data set (once)");
  add_db(demo_command);

  std::string csv_file;
  auto* import_command = cli.add_subcommand(
      "import-benchmarks", "Load salary benchmarks from a CSV file, all or nothing (header: "
                           "region,year,level,monthly_salary_fen,pension_bp,medical_bp,unemployment_bp,work_injury_bp,housing_fund_bp)");
  add_db(import_command);
  import_command->add_option("file", csv_file, "CSV file")->required();

  export_settings export_options;
  auto* export_command = cli.add_subcommand("export-ocds", "Write OCDS 1.1 release and record packages to a directory");
  add_db(export_command);
  export_command->add_option("--out", export_options.out_directory, "output directory")->required();
  export_command->add_option("--threads", export_options.threads, "threads rendering tenders while the files are written")
      ->capture_default_str();
  export_command->add_option("--tenders-per-range", export_options.tenders_per_range,
                             "tenders rendered per read snapshot")
      ->capture_default_str();
  add_publication(export_command, export_options.open_data);

  std::string documents_directory;
  bool repair = false;
  std::int64_t minimum_age_seconds = 3600;
  auto* verify_documents_command = cli.add_subcommand(
      "verify-documents", "Re-hash every document file; report missing, altered and orphan files (exit 1 if any)");
  add_db(verify_documents_command);
  verify_documents_command->add_option("--documents", documents_directory, "document directory (default: <db>.documents)");
  verify_documents_command->add_flag("--repair", repair, "remove orphan files (stop the server first, or rely on --min-age)");
  verify_documents_command->add_option("--min-age", minimum_age_seconds,
                                       "only remove orphans untouched for this many seconds")
      ->capture_default_str();

  std::string backup_out;
  auto* backup_command = cli.add_subcommand(
      "backup", "Copy the database (online, safe while serving) and its document files; verify the copy");
  add_db(backup_command);
  backup_command->add_option("--out", backup_out, "new backup file (its documents go to <out>.documents)")->required();
  std::string backup_documents;
  backup_command->add_option("--documents", backup_documents,
                             "document directory of the database, as given to serve (default: <db>.documents)");

  std::string restore_from;
  bool replace = false;
  auto* restore_command = cli.add_subcommand(
      "restore", "Restore a backup to --db, only if its audit chain verifies and its document files are all there");
  add_db(restore_command);
  restore_command->add_option("--from", restore_from, "backup file")->required();
  restore_command->add_flag("--replace", replace, "overwrite an existing database (stop its server first)");
  std::string restore_documents;
  restore_command->add_option("--documents", restore_documents,
                              "where the restored database's document files go, as serve will be given (default: <db>.documents)");
  generate::settings generate_options;
  auto* generate_command = cli.add_subcommand(
      "generate", "Fill an initialized database with a realistic data set, through the API's rules (for benchmarks)");
  add_db(generate_command);
  generate_command->add_option("--tenders", generate_options.tenders, "tenders in all")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100'000'000}))
      ->capture_default_str();
  generate_command->add_option("--bids-per-tender", generate_options.bids_per_tender, "bids on each tender that takes bids")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{200}))
      ->capture_default_str();
  generate_command->add_option("--contracts", generate_options.contracts,
                               "tenders taken to a contract with reports and an evaluation")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{10'000'000}))
      ->capture_default_str();
  generate_command->add_option("--bench-suppliers", generate_options.bench_suppliers,
                               "extra suppliers with tokens for the bid benchmark")
      ->capture_default_str();
  generate_command->add_option("--bench-out", generate_options.bench_directory,
                               "directory for the benchmark's inputs (tokens, open tenders, ids)");
  generate_command->add_option("--writes-per-commit", generate_options.writes_per_commit,
                               "changes per bulk transaction")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}))
      ->capture_default_str();
  bool quiet = false;
  generate_command->add_flag("--quiet", quiet, "no progress line");

  CLI11_PARSE(cli, argc, argv);
  try {
    if (*serve_command) {
      serve_options.db = db;
      return serve(serve_options);
    }
    if (*init_command) return init(db, token_file, token_days);
    if (*migrate_command) return migrate(db);
    if (*create_org_command) return create_organization(db, kind, name, credit_code, region);
    if (*issue_command) {
      if (token.account_id.empty() && (token.role.empty() || token.display_name.empty()))
        throw CLI::ValidationError("issue-token", "give --role and --name for a new account, or --account to renew one");
      return issue_token(db, token);
    }
    if (*revoke_command) return revoke_token(db, token_id);
    if (*verify_command) return verify_audit(db, anchors);
    if (*demo_command) return load_demo(db);
    if (*import_command) return import_benchmarks(db, csv_file);
    if (*export_command) {
      export_options.db = db;
      return export_ocds(export_options);
    }
    if (*backup_command) return backup(db, backup_out, backup_documents);
    if (*restore_command) return restore(restore_from, db, replace, restore_documents);
    if (*verify_documents_command) return verify_documents(db, documents_directory, repair, minimum_age_seconds);
    if (*generate_command) {
      generate_options.progress = !quiet;
      return generate_data(db, generate_options);
    }
  } catch (const std::exception& failure) {
    std::cerr << "procura: " << failure.what() << "\n";
    return 1;
  }
  return 0;
}
