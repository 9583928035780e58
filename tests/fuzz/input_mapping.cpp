#include "input_mapping.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>

#include "bids_json.hpp"
#include "contracts_json.hpp"
#include "evaluation_json.hpp"
#include "json_support.hpp"
#include "parties_json.hpp"
#include "procura/core/credit_code.hpp"
#include "procura/procurement/parties.hpp"
#include "procurement_json.hpp"

namespace procura::fuzz {
namespace {

namespace json = boost::json;
using api::schema_registry;

[[noreturn]] void broken(std::string_view schema, const std::string& what, const json::value& body) {
  std::fprintf(stderr, "invariant broken for a valid %.*s body: %s\nbody: %s\n", static_cast<int>(schema.size()),
               schema.data(), what.c_str(), json::serialize(body).c_str());
  std::abort();
}

/// A plausible benchmark (Shanghai-like figures) for the rules that cost staffing plans.
procurement::benchmark_set fixed_benchmark() {
  procurement::benchmark_set set;
  set.region = "310000";
  set.year = 2026;
  set.monthly_salary = {money{600'000}, money{700'000}, money{800'000}, money{950'000}};
  set.rates = {1600, 1000, 50, 20, 700};
  return set;
}

/// Valid tender terms, the draft a fuzzed patch or amendment is applied to.
constexpr std::string_view base_terms = R"({
  "title": "社区戒毒社区康复社会工作服务项目", "quantity": 300, "region": "310115",
  "budget_ceiling": {"amount": 280000000, "currency": "CNY"}, "service_start": "2026-09-01",
  "service_months": 12, "method": "open_tender", "deadline": "2026-08-01T10:00:00+08:00",
  "criteria": [
    {"key": "price", "name": "价格", "kind": "price", "points": 30},
    {"key": "plan", "name": "服务方案", "kind": "subjective", "points": 70}
  ]})";

const procurement::tender_terms& parsed_base_terms() {
  static const auto terms = api::terms_from_json(json::parse(base_terms).as_object());
  return terms;
}

timestamp fixed_now() { return timestamp{std::chrono::seconds{1'767'225'600}}; }  // 2026-01-01T00:00:00Z

/// Terms read from a valid body must write back as valid terms: PATCH and amendments merge
/// into `terms_to_json(current)` and validate the result, so a lossy round trip would make a
/// draft uneditable.
void check_terms(std::string_view schema, const json::value& body, const procurement::tender_terms& terms,
                 const schema_registry& schemas) {
  const json::value written = api::terms_to_json(terms);
  if (const auto violations = schemas.validate("tender-terms", written); !violations.empty())
    broken(schema, "terms_to_json(terms_from_json(body)) breaks tender-terms at " + violations.front().pointer + ": " +
                       violations.front().message + " (" + json::serialize(written) + ")",
           body);
  (void)procurement::publication_errors(terms, fixed_now());
}

void terms_body(std::string_view schema, const json::value& body, const schema_registry& schemas) {
  check_terms(schema, body, api::terms_from_json(body.as_object()), schemas);
}

/// As handlers/tenders.cpp patched_terms: merge into the current terms, validate, read.
void terms_patch(std::string_view schema, const json::value& patch, const schema_registry& schemas) {
  json::value merged = api::terms_to_json(parsed_base_terms());
  api::merge_patch(merged, patch);
  if (!schemas.validate("tender-terms", merged).empty()) return;
  check_terms(schema, patch, api::terms_from_json(merged.as_object()), schemas);
}

void terms_amendment(std::string_view schema, const json::value& body, const schema_registry& schemas) {
  terms_patch(schema, body.at("changes"), schemas);
}

void bid(std::string_view, const json::value& body, const schema_registry&) {
  const auto content = api::bid_content_from_json(body.as_object());
  (void)procurement::content_errors(content);
  (void)procurement::total_posts(content.staffing);
  const auto benchmark = fixed_benchmark();
  (void)procurement::payroll_cost(content.staffing, benchmark, true);
  (void)procurement::payroll_cost(content.staffing, benchmark, false);
  procurement::tender t;
  t.terms = parsed_base_terms();
  (void)procurement::check_staffing(content, t, benchmark);
  (void)procurement::check_staffing(content, t, std::nullopt);
}

void cost_estimate(std::string_view, const json::value& body, const schema_registry&) {
  (void)procurement::compute_cost_estimate(api::cost_estimate_input_from_json(body.as_object()), fixed_benchmark());
}

void benchmark(std::string_view, const json::value& body, const schema_registry&) {
  (void)procurement::validate_benchmark_set(api::benchmark_set_from_json(body.as_object()));
}

void benchmark_import(std::string_view, const json::value& body, const schema_registry&) {
  for (const auto& set : body.at("sets").as_array())
    (void)procurement::validate_benchmark_set(api::benchmark_set_from_json(set.as_object()));
}

void catalogue(std::string_view, const json::value& body, const schema_registry&) {
  const auto input = api::catalogue_input_from_json(body.as_object(), api::string_field(body.as_object(), "code", "X"));
  (void)procurement::parse_service_category(input.category);
  (void)procurement::parse_service_unit(input.unit);
  for (const auto& step : input.service_steps) (void)procurement::parse_service_step(step);
}

void organization(std::string_view, const json::value& body, const schema_registry&) {
  (void)is_valid_credit_code(api::string_field(body.as_object(), "credit_code"));
  (void)procurement::parse_organization_kind(api::string_field(body.as_object(), "kind"));
}

void profile(std::string_view, const json::value& body, const schema_registry&) {
  (void)api::profile_from_json(body.as_object(), "org_fuzz");
}

void schedule_of(const json::value& instalments) {
  const auto requests = api::instalment_requests_from_json(instalments.as_array());
  const auto start = std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{9}, std::chrono::day{1}};
  (void)contracts::resolve_schedule(requests, money{280'000'000}, start, 12);
  (void)contracts::resolve_schedule(requests, money{1}, start, 36);
}

void schedule(std::string_view, const json::value& body, const schema_registry&) { schedule_of(body.at("instalments")); }

void contract_amendment(std::string_view, const json::value& body, const schema_registry&) {
  (void)api::read_money(body.at("added_value"));
  if (const auto* instalments = body.as_object().if_contains("instalments")) schedule_of(*instalments);
}

void report(std::string_view, const json::value& body, const schema_registry&) {
  (void)api::report_from_json(body.as_object());
}

void evaluation_framework(std::string_view, const json::value& body, const schema_registry&) {
  // A string names a template; an object is a custom framework (handlers/evaluations.cpp).
  const auto* framework = body.as_object().if_contains("framework");
  if (framework != nullptr && framework->is_object())
    (void)evaluation::validate_framework(api::framework_from_json(framework->as_object()));
  if (framework != nullptr && framework->is_string()) (void)evaluation::find_template(framework->get_string());
}

/// Scores every input against the leaf of that key in each template, with and without facts.
void evaluation_scores(std::string_view, const json::value& body, const schema_registry&) {
  const auto* scores = body.as_object().if_contains("scores");
  if (scores == nullptr) return;
  const auto inputs = api::leaf_inputs_from_json(scores->as_array());
  if (!inputs) return;
  const evaluation::leaf_facts none;
  const evaluation::leaf_facts some{120, 150, rational(3, 4)};
  for (const auto& framework : evaluation::templates())
    for (const auto& leaf : framework.leaves)
      for (const auto& [key, input] : *inputs)
        if (key == leaf.key)
          for (const auto* facts : {&none, &some})
            if (const auto scored = evaluation::score_leaf(leaf, input, *facts)) (void)evaluation::grade_of(*scored);
}

using mapping = void (*)(std::string_view, const json::value&, const schema_registry&);

const std::map<std::string_view, mapping>& mappings() {
  static const std::map<std::string_view, mapping> table = {
      {"bid-submit", bid},
      {"tender-create", terms_body},
      {"tender-terms", terms_body},
      {"tender-patch", terms_patch},
      {"tender-amend", terms_amendment},
      {"cost-estimate-create", cost_estimate},
      {"salary-benchmark", benchmark},
      {"salary-benchmark-import", benchmark_import},
      {"catalogue-create", catalogue},
      {"catalogue-revise", catalogue},
      {"organization-create", organization},
      {"profile-put", profile},
      {"instalment-schedule", schedule},
      {"contract-amend", contract_amendment},
      {"report-submit", report},
      {"evaluation-create", evaluation_framework},
      {"evaluation-scores", evaluation_scores},
      {"evaluation-appeal-answer", evaluation_scores},
  };
  return table;
}

}  // namespace

void map_valid_body(std::string_view name, const json::value& body, const schema_registry& schemas) {
  // The audit chain and bid receipts hash canonical JSON: it must read back as the same value.
  if (json::parse(api::canonical_json(body)) != body) broken(name, "canonical JSON does not read back equal", body);
  const auto found = mappings().find(name);
  if (found == mappings().end()) return;  // read field by field in the handler, nothing to map
  try {
    found->second(name, body, schemas);
  } catch (const std::exception& failure) {
    broken(name, std::string("the mapping threw: ") + failure.what(), body);
  }
}

}  // namespace procura::fuzz
