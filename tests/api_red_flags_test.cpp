// Red flags and indicators over real HTTP: what is overdue now, the indicators' window and
// denominators, the staffing standard, a supplier's purchaser-level flags, and the demo data.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "bid_flow_fixture.hpp"
#include "support/server_process.hpp"
#include "support/temporary_directory.hpp"

using namespace procura::testing;
namespace json = boost::json;

namespace {

/// A tender of 300 clients (staffing standard 20) awarded to supplier 0, with helpers for its
/// contract (2,280,000.00 yuan, 15 social workers, service 2030-01-01 for 12 months).
struct flagged_fixture : bid_flow_fixture {
  flagged_fixture() { bid_and_award(); }

  json::value create_contract() {
    const auto reply = client.post("/api/v1/contracts", {{"tender_id", tender_id}}, purchaser_token);
    INFO(reply.body);
    REQUIRE(reply.status == 201);
    return reply.json();
  }

  /// Signed by both with `schedule` (by default two halves, due 2030-01-01 and 2030-12-01).
  json::value active_contract(const json::array& schedule = {{{"due_date", "2030-01-01"}, {"share_bp", 5000}},
                                                             {{"due_date", "2030-12-01"}, {"share_bp", 5000}}}) {
    const auto contract = create_contract();
    REQUIRE(client.post(path(contract, "/instalments"), {{"instalments", schedule}}, purchaser_token).status == 200);
    REQUIRE(client.post(path(contract, "/sign"), json::object{}, purchaser_token).status == 200);
    REQUIRE(client.post(path(contract, "/sign"), json::object{}, suppliers[0].token).status == 200);
    return contract;
  }

  static std::string path(const json::value& contract, const std::string& rest = "") {
    return "/api/v1/contracts/" + std::string(contract.at("id").as_string()) + rest;
  }

  void set_clock(const std::string& when) {
    REQUIRE(client.post("/api/v1/test/clock", {{"now", when}}, admin()).status == 200);
  }

  json::array flags(const std::string& scope) {
    const auto reply = client.get("/api/v1/red-flags?" + scope);
    INFO(reply.body);
    REQUIRE(reply.status == 200);
    return reply.json().at("items").as_array();
  }

  json::value indicators(const std::string& query = "") {
    const auto reply = client.get("/api/v1/indicators?purchaser=" + purchaser + query);
    INFO(reply.body);
    REQUIRE(reply.status == 200);
    return reply.json();
  }

  /// Submits an accepted monthly report of `workers` social workers and `clients` clients served.
  void accepted_report(const json::value& contract, const std::string& period_start, std::int64_t workers,
                       std::int64_t clients, std::int64_t relapses) {
    const json::object body{
        {"period", "monthly"},
        {"period_start", period_start},
        {"workers", {{{"level", "social_worker"}, {"count", workers}, {"average_monthly_salary", money(9500)}}}},
        {"counts", {{"clients_served", clients}, {"new_intakes", 10}, {"relapses", relapses}, {"no_relapse_one_year", 200}}}};
    const auto submitted = client.post(path(contract, "/reports"), body, suppliers[0].token);
    INFO(submitted.body);
    REQUIRE(submitted.status == 201);
    const std::string id(submitted.json().at("id").as_string());
    REQUIRE(client.post(path(contract, "/reports/" + id + "/accept"), json::object{}, purchaser_token).status == 200);
  }
};

std::vector<json::object> with_code(const json::array& flags, const std::string& code) {
  std::vector<json::object> found;
  for (const auto& f : flags)
    if (f.at("code") == json::value(code)) found.push_back(f.as_object());
  return found;
}

}  // namespace

TEST_CASE("an instalment past its due date and still unreleased is flagged and counts as not punctual", "[api][flags][law]") {
  flagged_fixture api;
  const auto contract = api.active_contract({{{"due_date", "2030-01-01"}, {"share_bp", 5000}},
                                             {{"due_date", "2030-07-01"}, {"share_bp", 5000}}});
  // On its due date nothing is late yet.
  api.set_clock("2030-01-01T23:00:00+08:00");
  CHECK(with_code(api.flags("tender=" + api.tender_id), "PRC-LATE-INSTALMENT").empty());
  CHECK(api.indicators().at("payment_punctuality").at("denominator") == 0);
  // The day after, unpaid: flagged at once, and 0 of 1 punctual.
  api.set_clock("2030-01-02T09:00:00+08:00");
  const auto late = with_code(api.flags("tender=" + api.tender_id), "PRC-LATE-INSTALMENT");
  REQUIRE(late.size() == 1);
  CHECK(std::string(late[0].at("detail").as_string()).find("instalment 1 due 2030-01-01 unreleased") != std::string::npos);
  CHECK(with_code(api.flags("purchaser=" + api.purchaser), "PRC-LATE-INSTALMENT").size() == 1);
  const auto punctuality = api.indicators().at("payment_punctuality");
  CHECK(punctuality.at("numerator") == 0);
  CHECK(punctuality.at("denominator") == 1);
  // Paid late: still one late instalment, counted once.
  REQUIRE(api.client.post(api.path(contract, "/instalments/1/release"), json::object{}, api.purchaser_token).status == 200);
  CHECK(with_code(api.flags("tender=" + api.tender_id), "PRC-LATE-INSTALMENT").size() == 1);
  CHECK(api.indicators().at("payment_punctuality").at("denominator") == 1);
}

TEST_CASE("a contract still unsigned 30 days after the award is flagged before anyone signs late", "[api][flags][law]") {
  flagged_fixture api;
  const auto contract = api.create_contract();
  const json::array whole_price{{{"due_date", "2030-12-01"}, {"share_bp", 10000}}};
  REQUIRE(api.client.post(api.path(contract, "/instalments"), {{"instalments", whole_price}}, api.purchaser_token).status ==
          200);
  REQUIRE(api.client.post(api.path(contract, "/sign"), json::object{}, api.purchaser_token).status == 200);
  api.advance(29 * 86400);
  CHECK(with_code(api.flags("tender=" + api.tender_id), "PRC-LATE-SIGNING").empty());
  api.advance(2 * 86400);
  const auto late = with_code(api.flags("tender=" + api.tender_id), "PRC-LATE-SIGNING");
  REQUIRE(late.size() == 1);
  CHECK(late[0].at("object") == json::value(api.path(contract)));
  CHECK(std::string(late[0].at("detail").as_string()).find("signed by the purchaser only") != std::string::npos);
}

TEST_CASE("the indicators' window leaves out contracts whose service period lies outside it", "[api][indicators]") {
  flagged_fixture api;
  api.active_contract();  // service 2030-01-01 .. 2031-01-01
  const auto all = api.indicators();
  CHECK(all.at("contracts") == 1);
  CHECK(all.at("clients_covered") == 300);
  for (const std::string window : {"&from=2040-01-01T00:00:00Z", "&to=2000-01-01T00:00:00Z"}) {
    INFO(window);
    const auto outside = api.indicators(window);
    CHECK(outside.at("contracts") == 0);
    CHECK(outside.at("clients_covered") == 0);
    CHECK(outside.at("cost_per_client_fen").at("denominator") == 0);
    CHECK(outside.at("standard_workers_per_client").at("denominator") == 0);
  }
  const auto overlapping = api.indicators("&from=2030-06-01T00:00:00Z&to=2031-06-01T00:00:00Z");
  CHECK(overlapping.at("contracts") == 1);
  CHECK(overlapping.at("clients_covered") == 300);
}

TEST_CASE("the relapse rate counts a caseload's clients once, and a caseload above the standard is flagged",
          "[api][indicators][flags]") {
  flagged_fixture api;
  const auto contract = api.active_contract();
  api.set_clock("2030-04-02T10:00:00+08:00");
  api.accepted_report(contract, "2030-01-01", 15, 288, 5);
  api.accepted_report(contract, "2030-02-01", 15, 296, 4);
  api.accepted_report(contract, "2030-03-01", 15, 301, 6);
  const auto figures = api.indicators();
  CHECK(figures.at("relapse_rate").at("numerator") == 15);
  CHECK(figures.at("relapse_rate").at("denominator") == 301);  // not 288 + 296 + 301
  CHECK(figures.at("abstinence_one_year").at("denominator") == 301);
  CHECK(std::string(figures.at("relapse_rate").at("basis").as_string()).find("not client-months") != std::string::npos);
  // 301 clients for 15 workers is above 20 per worker; 15 workers fill all 15 posts.
  const auto understaffed = with_code(api.flags("tender=" + api.tender_id), "PRC-UNDERSTAFFED");
  REQUIRE(understaffed.size() == 1);
  CHECK(std::string(understaffed[0].at("detail").as_string()).find("2030-03-01: 301 clients served by 15 qualified workers") !=
        std::string::npos);

  api.set_clock("2030-05-02T10:00:00+08:00");
  api.accepted_report(contract, "2030-04-01", 15, 450, 0);  // 30 per worker
  CHECK(with_code(api.flags("tender=" + api.tender_id), "PRC-UNDERSTAFFED").size() == 2);
}

TEST_CASE("a supplier's red flags include the purchaser-level flags that concern it", "[api][flags]") {
  flagged_fixture api;
  const std::string winner = api.suppliers[0].organization_id;
  const std::string loser = api.suppliers[1].organization_id;
  // One award is enough for the share flag with a minimum of 1 award: restart with that threshold.
  api.server.stop();
  const auto config = api.server.directory().file("flags.json");
  std::ofstream(config) << R"({"supplier_share_minimum_awards": 1})";
  server_process configured(server_process::options{.database = api.server.database(),
                                                    .extra_arguments = {"--red-flag-thresholds", config}});
  http_client client(configured.port());
  const auto items = [&](const std::string& scope) {
    const auto reply = client.get("/api/v1/red-flags?" + scope);
    INFO(reply.body);
    REQUIRE(reply.status == 200);
    return reply.json().at("items").as_array();
  };
  const auto of_purchaser = with_code(items("purchaser=" + api.purchaser), "PRC-SUPPLIER-SHARE");
  REQUIRE(of_purchaser.size() == 1);
  const auto of_winner = with_code(items("supplier=" + winner), "PRC-SUPPLIER-SHARE");
  REQUIRE(of_winner.size() == 1);
  CHECK(of_winner[0] == of_purchaser[0]);
  CHECK(with_code(items("supplier=" + loser), "PRC-SUPPLIER-SHARE").empty());
}

TEST_CASE("in the demo data the disqualified lowest bid is not a low outlier, and no Cardinal code names our variants",
          "[api][flags]") {
  temporary_directory directory;
  const auto db = directory.file("p.db");
  REQUIRE(run_procura({"init", "--db", db, "--token-file", directory.file("t")}).exit_status == 0);
  REQUIRE(run_procura({"load-demo", "--db", db}).exit_status == 0);
  server_process server(server_process::options{.database = db});
  http_client client(server.port());
  const auto purchasers = client.get("/api/v1/organizations?kind=purchaser").json().at("items").as_array();
  REQUIRE_FALSE(purchasers.empty());
  std::vector<std::string> disqualified_lowest, outliers;
  for (const auto& p : purchasers) {
    const auto reply = client.get("/api/v1/red-flags?purchaser=" + std::string(p.at("id").as_string()));
    REQUIRE(reply.status == 200);
    const auto body = reply.json();
    for (const auto& f : body.at("items").as_array()) {
      const std::string code(f.at("code").as_string());
      CHECK(code != "R024");
      CHECK(code != "R038");
      CHECK(code != "R058");
      if (code == "R036") disqualified_lowest.emplace_back(f.at("object").as_string());
      if (code == "PRC-LOW-OUTLIER-BID") outliers.emplace_back(f.at("object").as_string());
    }
  }
  REQUIRE_FALSE(disqualified_lowest.empty());  // the demo has a disqualified lowest bid
  for (const auto& bid : disqualified_lowest) {
    INFO(bid);
    CHECK(std::find(outliers.begin(), outliers.end(), bid) == outliers.end());
  }
}
