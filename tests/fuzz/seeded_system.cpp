#include "seeded_system.hpp"

#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <unistd.h>

#include "cli_support.hpp"
#include "context.hpp"
#include "demo.hpp"
#include "metrics.hpp"
#include "procura/api/gateway.hpp"
#include "procura/core/credit_code.hpp"
#include "procura/storage/database.hpp"
#include "procura/storage/document_files.hpp"
#include "router.hpp"
#include "schema_registry.hpp"
#include "store_adapter.hpp"

namespace procura::fuzz {
namespace {

namespace fs = std::filesystem;

/// Large enough for every route but the benchmark import; the fuzzer's inputs are smaller anyway.
constexpr std::size_t default_body_limit = std::size_t{1024} * 1024;

std::string temporary_root() {
  const char* configured = std::getenv("TMPDIR");
  return configured != nullptr && *configured != '\0' ? configured : "/tmp";
}

}  // namespace

/// One open procura over the live database, wired as `run_server` wires it.
struct seeded_system::running {
  storage::database database;
  app::store_adapter store{database};
  adjustable_clock clock;
  storage::document_files files;
  app::document_files_adapter files_port{files};
  api::schema_registry schemas;
  api::metrics counters;
  api::services app{.database = store, .clock = clock, .schemas = schemas, .counters = &counters};
  api::router routes{app, default_body_limit};

  explicit running(const std::string& path)
      : database(path, 1), files(storage::document_files::root_for(path)) {
    app.documents = &files_port;
  }
};

seeded_system::seeded_system()
    : directory_(temporary_root() + "/procura-fuzz-" + std::to_string(::getpid())) {
  fs::remove_all(directory_);
  fs::create_directories(fs::path(database_path()).parent_path());
  seed();
  running_.reset();  // closes the database, so that its files can be copied whole
  fs::copy(fs::path(database_path()).parent_path(), fs::path(pristine_path()).parent_path(),
           fs::copy_options::recursive);
  running_ = std::make_unique<running>(database_path());
}

seeded_system::~seeded_system() {
  running_.reset();
  std::error_code ignored;
  fs::remove_all(directory_, ignored);
}

std::string seeded_system::database_path() const { return directory_ + "/live/procura.db"; }
std::string seeded_system::pristine_path() const { return directory_ + "/pristine/procura.db"; }

void seeded_system::seed() {
  running_ = std::make_unique<running>(database_path());
  api::gateway api(running_->store, running_->clock, &running_->files_port);
  const auto as_cli = app::cli_principal();
  const auto call = [&](unsigned status, const std::string& method, const std::string& target,
                        const boost::json::object& body = {}) {
    return app::call_expecting(api, status, method, target, body.empty() ? "" : boost::json::serialize(body), as_cli);
  };

  const std::string platform_stem = "11100000MA0000001";
  const auto platform = call(201, "POST", "/api/v1/organizations",
                             {{"kind", "platform"},
                              {"name", "fuzzing platform"},
                              {"credit_code", platform_stem + credit_code_check_character(platform_stem)},
                              {"region", "000000"}});
  const std::string platform_id(platform.at("id").as_string());
  app::demo::load(api, running_->clock);

  const auto token_for = [&](const std::string& organization_id, const std::string& role) {
    const auto issued = call(201, "POST", "/api/v1/organizations/" + organization_id + "/tokens",
                             {{"role", role}, {"display_name", "fuzzing " + role}});
    placeholders_["{{" + role + "}}"] = std::string(issued.at("token").as_string());
  };
  for (const char* role : {"admin", "auditor", "expert"}) token_for(platform_id, role);

  const auto contracts = call(200, "GET", "/api/v1/contracts?limit=1");
  const auto& contract = contracts.at("items").as_array().at(0).as_object();
  const auto id_of = [](const boost::json::value& value) { return std::string(value.as_string()); };
  placeholders_["{{contract}}"] = id_of(contract.at("id"));
  placeholders_["{{tender}}"] = id_of(contract.at("tender_id"));
  placeholders_["{{purchaser_org}}"] = id_of(contract.at("purchaser_id"));
  placeholders_["{{supplier_org}}"] = id_of(contract.at("supplier_id"));
  token_for(placeholders_["{{purchaser_org}}"], "purchaser");
  token_for(placeholders_["{{supplier_org}}"], "supplier");

  const auto evaluators = call(200, "GET", "/api/v1/organizations?kind=evaluator&limit=1");
  token_for(id_of(evaluators.at("items").as_array().at(0).at("id")), "evaluator");

  const auto published = call(200, "GET", "/api/v1/tenders?status=published&limit=1");
  placeholders_["{{open_tender}}"] = id_of(published.at("items").as_array().at(0).at("id"));
}

std::string seeded_system::resolve(std::string text) const {
  for (std::size_t start = text.find("{{"); start != std::string::npos; start = text.find("{{", start + 1)) {
    const auto end = text.find("}}", start);
    if (end == std::string::npos) break;
    const auto found = placeholders_.find(std::string_view(text).substr(start, end + 2 - start));
    if (found == placeholders_.end()) continue;
    text.replace(start, end + 2 - start, found->second);
  }
  return text;
}

api::http_response seeded_system::handle(const api::http_request& request) { return running_->routes.handle(request, "fuzz"); }

void seeded_system::reset() {
  running_.reset();
  const auto live = fs::path(database_path()).parent_path();
  fs::remove_all(live);
  fs::copy(fs::path(pristine_path()).parent_path(), live, fs::copy_options::recursive);
  running_ = std::make_unique<running>(database_path());
}

}  // namespace procura::fuzz
