#include "generate_lifecycle.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <iostream>

#include "cli_support.hpp"
#include "generate_bodies.hpp"

namespace procura::app::generate {
namespace {

namespace json = boost::json;
using std::chrono::days;
using std::chrono::hours;

constexpr auto redraw_every = std::chrono::milliseconds{500};

/// Inputs of the self-evaluation template that give 差, 中, 良 and 优 (the demo's figures).
struct evaluation_input {
  std::int64_t output_actual;
  const char* quality_judgement;
  std::int64_t quality_percent;
  const char* effect_judgement;
  std::int64_t effect_percent;
  std::array<std::int64_t, 5> survey;
  std::int64_t budget_actual;
};

constexpr std::array<evaluation_input, 4> grade_inputs{{
    {50, "not", 50, "not", 40, {40, 20, 20, 15, 5}, 70},
    {80, "partly", 70, "partly", 60, {60, 25, 10, 5, 0}, 90},
    {95, "achieved", 85, "achieved", 80, {120, 60, 15, 5, 0}, 96},
    {100, "achieved", 95, "achieved", 90, {150, 40, 8, 2, 0}, 98},
}};

struct lifecycle {
  std::int64_t index = 0;
  const principal* purchaser = nullptr;
  std::string tender_id;
  std::vector<std::string> qualified_bids;
  std::string contract_id;
  principal supplier;
  std::string service_start;
};

std::string month_after(const std::string& date, int months) {
  const auto start = parse_date(date).value();
  return format_date(std::chrono::year_month_day{start.year(), start.month(), std::chrono::day{1}} +
                     std::chrono::months{months});
}

timestamp at_date(const std::string& date, days plus, hours at) {
  return std::chrono::sys_days{parse_date(date).value()} + plus + at;
}

}  // namespace

void progress_line::phase(const char* name) {
  phase_ = name;
  draw();
}

void progress_line::request_made() {
  ++counts.requests;
  if ((counts.requests & 255) == 0 && std::chrono::steady_clock::now() - drawn_ >= redraw_every) draw();
}

void progress_line::draw() {
  if (!enabled_) return;
  drawn_ = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(drawn_ - started_).count();
  std::fprintf(stderr, "\rgenerate [%s] tenders %lld, bids %lld, contracts %lld, %lld requests in %.0f s (%.0f/s)   ",
               phase_, static_cast<long long>(counts.tenders), static_cast<long long>(counts.bids),
               static_cast<long long>(counts.contracts), static_cast<long long>(counts.requests), seconds,
               seconds > 0 ? static_cast<double>(counts.requests) / seconds : 0.0);
}

void progress_line::done() {
  phase_ = "done";
  draw();
  if (enabled_) std::fprintf(stderr, "\n");
}

json::value call_context::expect(unsigned status, const std::string& method, const std::string& target,
                                 const json::value& body, const principal& as) {
  progress.request_made();
  return call_expecting(api, status, method, target, body.is_null() ? std::string() : json::serialize(body), as);
}

void call_context::perform(unsigned status, const std::string& method, const std::string& target,
                           const json::value& body, const principal& as) {
  progress.request_made();
  require_status(api, status, method, target, body.is_null() ? std::string() : json::serialize(body), as);
}

json::value call_context::read(const std::string& target, const principal& as) {
  bulk.commit_now();
  progress.request_made();
  return call_expecting(api, 200, "GET", target, "", as);
}

std::int64_t lifecycle_count(std::int64_t contracts) {
  if (contracts <= 0) return 0;
  return contracts + 2 * std::max<std::int64_t>(1, contracts / 10);
}

void run_lifecycles(call_context& calls, const generated_parties& parties, std::int64_t count, std::int64_t contracts,
                    std::int64_t bids_per_tender, std::int64_t first_index) {
  if (count <= 0) return;
  // Suppliers that pass qualification, so that every lifecycle reaches a ranking.
  std::vector<const principal*> clean;
  for (std::size_t i = 0; i < parties.suppliers.size(); ++i)
    if (i % 13 != 12) clean.push_back(&parties.suppliers[i]);
  const auto bidders = static_cast<std::size_t>(std::clamp<std::int64_t>(bids_per_tender, 3, static_cast<std::int64_t>(clean.size())));

  const auto start = calls.clock.now();
  const auto deadline = start + days{21} + hours{1};
  std::vector<lifecycle> runs(static_cast<std::size_t>(count));
  for (std::size_t i = 0; i < runs.size(); ++i) {
    auto& run = runs[i];
    run.index = first_index + static_cast<std::int64_t>(i);
    run.purchaser = &parties.purchasers[static_cast<std::size_t>(run.index) % parties.purchasers.size()];
    const auto& region = region_at(static_cast<std::size_t>(run.index) % parties.purchasers.size());
    const auto created = calls.expect(201, "POST", "/api/v1/tenders", tender_body(run.index, region.code, deadline), *run.purchaser);
    run.tender_id = std::string(created.at("id").as_string());
    run.service_start = std::string(created.at("service_start").as_string());
    calls.perform(200, "POST", "/api/v1/tenders/" + run.tender_id + "/publish", json::object{}, *run.purchaser);
    calls.progress.tender_made();
  }
  calls.clock.set(start + days{2});
  for (auto& run : runs)
    for (std::size_t j = 0; j < bidders; ++j) {
      const auto& supplier = *clean[(static_cast<std::size_t>(run.index) + j) % clean.size()];
      calls.perform(201, "POST", "/api/v1/tenders/" + run.tender_id + "/bids",
                   bid_body(run.index + static_cast<std::int64_t>(j), tender_budget_yuan(run.index), tender_posts(run.index)),
                   supplier);
      calls.progress.bid_made();
    }

  calls.clock.set(deadline + hours{2});
  for (auto& run : runs) calls.perform(200, "POST", "/api/v1/tenders/" + run.tender_id + "/open", json::object{}, *run.purchaser);
  for (auto& run : runs) {
    const auto review = calls.read("/api/v1/tenders/" + run.tender_id + "/qualification", *run.purchaser);
    json::array decisions;
    for (const auto& bid : review.at("bids").as_array()) {
      const bool passed = bid.at("qualification").at("automatic_pass").as_bool();
      decisions.push_back({{"bid_id", bid.at("id")}, {"qualified", passed}});
      if (passed) run.qualified_bids.emplace_back(bid.at("id").as_string());
    }
    calls.perform(200, "POST", "/api/v1/tenders/" + run.tender_id + "/qualification", json::object{{"decisions", decisions}},
                 *run.purchaser);
  }

  calls.clock.set(deadline + hours{4});
  json::array expert_ids;
  for (const auto& expert : parties.experts) expert_ids.emplace_back(expert.account_id);
  for (auto& run : runs) {
    calls.perform(200, "POST", "/api/v1/tenders/" + run.tender_id + "/panel", json::object{{"expert_account_ids", expert_ids}},
                 *run.purchaser);
    for (const auto& expert : parties.experts)
      calls.perform(200, "POST", "/api/v1/tenders/" + run.tender_id + "/panel/declarations",
                   json::object{{"conflicts", json::array{}}}, expert);
  }
  calls.clock.set(deadline + days{1});
  for (auto& run : runs)
    for (std::size_t e = 0; e < parties.experts.size(); ++e) {
      json::array sheet;
      for (std::size_t b = 0; b < run.qualified_bids.size(); ++b)
        sheet.push_back({{"bid_id", run.qualified_bids[b]},
                         {"criterion", 1},
                         {"points", 40 + static_cast<std::int64_t>((static_cast<std::size_t>(run.index) + b * 3 + e) % 20)}});
      calls.perform(200, "POST", "/api/v1/tenders/" + run.tender_id + "/scores", json::object{{"scores", sheet}},
                   parties.experts[e]);
    }

  // The first `contracts` go on; of the rest, half stop at evaluated and half at awarded.
  const auto awarded_until = static_cast<std::size_t>(contracts + (count - contracts) / 2);
  calls.clock.set(deadline + days{3});
  for (std::size_t i = 0; i < runs.size() && i < awarded_until; ++i) {
    auto& run = runs[i];
    const auto ranking = calls.read("/api/v1/tenders/" + run.tender_id + "/ranking", *run.purchaser);
    const auto top = ranking.at("entries").as_array().at(0).at("bid_id");
    calls.perform(200, "POST", "/api/v1/tenders/" + run.tender_id + "/award", json::object{{"bid_id", top}}, *run.purchaser);
  }

  runs.resize(static_cast<std::size_t>(contracts));
  calls.clock.set(deadline + days{12});
  for (auto& run : runs) {
    const auto created = calls.expect(
        201, "POST", "/api/v1/contracts",
        json::object{{"tender_id", run.tender_id},
                     {"quality_framework", "self-evaluation"},
                     {"penalties", {{"per_missing_post_month", money_of(6'000)}, {"per_caseload_excess_month", money_of(10'000)}}}},
        *run.purchaser);
    run.contract_id = std::string(created.at("id").as_string());
    run.supplier = principal{"generator", std::string(created.at("supplier_id").as_string()), role::supplier};
    run.service_start = std::string(created.at("service_start").as_string());
  }
  calls.clock.set(deadline + days{14});
  for (auto& run : runs) {
    const std::string base = "/api/v1/contracts/" + run.contract_id;
    const json::array schedule{
        {{"due_date", month_after(run.service_start, 0)}, {"share_bp", 3000}},
        {{"due_date", month_after(run.service_start, 5)}, {"share_bp", 4000}, {"condition", "report_accepted"}},
        {{"due_date", month_after(run.service_start, 11)}, {"share_bp", 3000}, {"condition", "report_accepted"}}};
    calls.perform(200, "POST", base + "/instalments", json::object{{"instalments", schedule}}, *run.purchaser);
    calls.perform(200, "POST", base + "/sign", json::object{}, *run.purchaser);
    calls.perform(200, "POST", base + "/sign", json::object{}, run.supplier);
    calls.progress.contract_made();
  }
  // The first instalment: on time for most, ten days late for every fourth contract.
  const auto& first_start = runs.empty() ? std::string() : runs.front().service_start;
  for (const bool late : {false, true}) {
    if (runs.empty()) break;
    calls.clock.set(at_date(first_start, days{late ? 10 : 0}, hours{2}));
    for (auto& run : runs)
      if ((run.index % 4 == 0) == late)
        calls.perform(200, "POST", "/api/v1/contracts/" + run.contract_id + "/instalments/1/release", json::object{},
                     *run.purchaser);
  }
  for (int month = 0; month < 3 && !runs.empty(); ++month) {
    calls.clock.set(at_date(month_after(first_start, month + 1), days{3}, hours{2}));
    std::vector<std::string> report_ids;
    for (auto& run : runs) {
      const auto submitted =
          calls.expect(201, "POST", "/api/v1/contracts/" + run.contract_id + "/reports",
                       report_body(month_after(run.service_start, month), run.index + month, tender_posts(run.index)),
                       run.supplier);
      report_ids.emplace_back(submitted.at("id").as_string());
    }
    calls.clock.set(at_date(month_after(first_start, month + 1), days{5}, hours{2}));
    for (std::size_t i = 0; i < runs.size(); ++i)
      calls.perform(200, "POST", "/api/v1/contracts/" + runs[i].contract_id + "/reports/" + report_ids[i] + "/accept",
                   json::object{}, *runs[i].purchaser);
  }
  if (runs.empty()) return;
  calls.clock.set(at_date(month_after(first_start, 4), days{1}, hours{2}));
  for (auto& run : runs) {
    const auto& evaluator = parties.evaluators[static_cast<std::size_t>(run.index) % parties.evaluators.size()];
    const auto& in = grade_inputs[static_cast<std::size_t>(run.index) % grade_inputs.size()];
    const auto created = calls.expect(
        201, "POST", "/api/v1/evaluations",
        json::object{{"contract_id", run.contract_id}, {"kind", "mid_term"}, {"evaluator_id", evaluator.organization_id}},
        *run.purchaser);
    const std::string base = "/api/v1/evaluations/" + std::string(created.at("id").as_string());
    calls.perform(200, "POST", base + "/declaration", json::object{{"conflict", false}}, evaluator);
    calls.perform(200, "POST", base + "/survey",
                 json::object{{"very_satisfied", in.survey[0]},
                              {"satisfied", in.survey[1]},
                              {"neutral", in.survey[2]},
                              {"dissatisfied", in.survey[3]},
                              {"very_dissatisfied", in.survey[4]}},
                 evaluator);
    const json::array scores{
        {{"leaf", "output_quantity"}, {"actual", in.output_actual}, {"evidence", "服务台账与月报"}},
        {{"leaf", "output_quality"}, {"judgement", in.quality_judgement}, {"percent", in.quality_percent}, {"evidence", "个案抽查"}},
        {{"leaf", "effect"}, {"judgement", in.effect_judgement}, {"percent", in.effect_percent}, {"evidence", "回访记录"}},
        {{"leaf", "budget_execution"}, {"actual", in.budget_actual}, {"evidence", "财务决算"}}};
    calls.perform(200, "POST", base + "/scores", json::object{{"scores", scores}}, evaluator);
    calls.perform(200, "POST", base + "/finalize", json::object{}, evaluator);
  }
}

}  // namespace procura::app::generate
