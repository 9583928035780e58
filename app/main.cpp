// procura: one executable, one subcommand per operation (SPEC §5).
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "cli_support.hpp"
#include "commands.hpp"

int main(int argc, char** argv) {
  using namespace procura::app;
  CLI::App cli{"procura: government service procurement and contract evaluation"};
  cli.set_version_flag("--version", std::string("procura 0.1.0"));
  cli.require_subcommand(1);

  std::string db = "var/procura.db";
  const auto add_db = [&](CLI::App* command) {
    command->add_option("--db", db, "SQLite database file")->capture_default_str();
  };

  serve_settings serve_options;
  auto* serve_command = cli.add_subcommand("serve", "Serve the HTTP API");
  add_db(serve_command);
  serve_command->add_option("--address", serve_options.address, "address to listen on")->capture_default_str();
  serve_command->add_option("--port", serve_options.port, "TCP port (0 = any free port)")->capture_default_str();
  serve_command->add_option("--threads", serve_options.threads, "worker threads")->check(CLI::Range(1, 256))->capture_default_str();
  serve_command->add_flag("--test-clock", serve_options.test_clock, "enable POST /api/v1/test/clock (never in production)");
  serve_command->add_option("--port-file", serve_options.port_file, "write the bound port to this file");
  serve_command->add_option("--red-flag-thresholds", serve_options.red_flag_thresholds,
                            "JSON file overriding red-flag thresholds (docs/operator-guide.md)");
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

  std::string organization_id, role_name, display_name, out_file;
  std::int64_t valid_days = 90;
  auto* issue_command = cli.add_subcommand("issue-token", "Create an account and print its bearer token once");
  add_db(issue_command);
  issue_command->add_option("--org", organization_id, "organization id")->required();
  issue_command->add_option("--role", role_name, "admin, auditor, purchaser, supplier, expert or evaluator")->required();
  issue_command->add_option("--name", display_name, "who the account is for")->required();
  issue_command->add_option("--days", valid_days, "validity in days")->capture_default_str();
  issue_command->add_option("--out", out_file, "write the token to this file (mode 0600) instead of printing it");

  std::string token_id;
  auto* revoke_command = cli.add_subcommand("revoke-token", "Revoke a token by its id");
  add_db(revoke_command);
  revoke_command->add_option("token_id", token_id, "token id (tok_…)")->required();

  auto* verify_command = cli.add_subcommand("verify-audit", "Recompute the audit chain; exit 1 naming the first broken entry");
  add_db(verify_command);

  auto* demo_command = cli.add_subcommand("load-demo", "Load the demo data set (once)");
  add_db(demo_command);

  std::string csv_file;
  auto* import_command = cli.add_subcommand(
      "import-benchmarks", "Load salary benchmarks from a CSV file, all or nothing (header: "
                           "region,year,level,monthly_salary_fen,pension_bp,medical_bp,unemployment_bp,work_injury_bp,housing_fund_bp)");
  add_db(import_command);
  import_command->add_option("file", csv_file, "CSV file")->required();

  std::string out_directory;
  auto* export_command = cli.add_subcommand("export-ocds", "Write OCDS 1.1 release and record packages to a directory");
  add_db(export_command);
  export_command->add_option("--out", out_directory, "output directory")->required();

  CLI11_PARSE(cli, argc, argv);
  try {
    if (*serve_command) {
      serve_options.db = db;
      return serve(serve_options);
    }
    if (*init_command) return init(db, token_file, token_days);
    if (*migrate_command) return migrate(db);
    if (*create_org_command) return create_organization(db, kind, name, credit_code, region);
    if (*issue_command) return issue_token(db, organization_id, role_name, display_name, valid_days, out_file);
    if (*revoke_command) return revoke_token(db, token_id);
    if (*verify_command) return verify_audit(db);
    if (*demo_command) return load_demo(db);
    if (*import_command) return import_benchmarks(db, csv_file);
    if (*export_command) return export_ocds(db, out_directory);
  } catch (const std::exception& failure) {
    std::cerr << "procura: " << failure.what() << "\n";
    return 1;
  }
  return 0;
}
