#include "procurement_json.hpp"

#include <boost/json.hpp>

#include "json_support.hpp"

namespace procura::api {
namespace {

namespace json = boost::json;
using namespace procura::procurement;

json::value optional_integer(const std::optional<std::int64_t>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}

std::optional<std::int64_t> read_optional_integer(const json::object& object, std::string_view key) {
  const auto* found = object.if_contains(key);
  if (found == nullptr || found->is_null()) return std::nullopt;
  return found->to_number<std::int64_t>();
}

}  // namespace

json::object to_json(const catalogue_item& item) {
  json::array steps;
  for (const auto step : item.service_steps) steps.emplace_back(to_string(step));
  return {{"code", item.code},
          {"version", item.version},
          {"name", item.name},
          {"category", to_string(item.category)},
          {"unit", to_string(item.unit)},
          {"qualification",
           {{"minimum_years_established", item.qualification.minimum_years_established},
            {"minimum_certified_share_bp", item.qualification.minimum_certified_share},
            {"no_serious_violation_in_three_years", item.qualification.no_serious_violation_in_three_years},
            {"tax_and_social_insurance_compliance", item.qualification.tax_and_social_insurance_compliance}}},
          {"staffing_standard", item.staffing_standard},
          {"service_steps", std::move(steps)},
          {"created_at", format_rfc3339(item.created_at)}};
}

catalogue_input catalogue_input_from_json(const json::object& body, std::string code) {
  catalogue_input input;
  input.code = std::move(code);
  input.name = string_field(body, "name");
  input.category = string_field(body, "category");
  input.unit = string_field(body, "unit");
  input.staffing_standard = integer_field(body, "staffing_standard", 20);
  if (const auto* q = body.if_contains("qualification")) {
    const auto& conditions = q->as_object();
    input.qualification.minimum_years_established = integer_field(conditions, "minimum_years_established");
    input.qualification.minimum_certified_share = integer_field(conditions, "minimum_certified_share_bp");
    input.qualification.no_serious_violation_in_three_years =
        bool_field(conditions, "no_serious_violation_in_three_years", true);
    input.qualification.tax_and_social_insurance_compliance =
        bool_field(conditions, "tax_and_social_insurance_compliance", true);
  }
  if (const auto* steps = body.if_contains("service_steps"))
    for (const auto& step : steps->as_array()) input.service_steps.emplace_back(step.as_string());
  return input;
}

json::object to_json(const benchmark_set& set) {
  json::object salaries;
  for (const auto level : all_levels) salaries[to_string(level)] = money_json(set.salary(level));
  return {{"region", set.region},
          {"year", set.year},
          {"monthly_salary", std::move(salaries)},
          {"employer_rates",
           {{"pension_bp", set.rates.pension},
            {"medical_bp", set.rates.medical},
            {"unemployment_bp", set.rates.unemployment},
            {"work_injury_bp", set.rates.work_injury},
            {"housing_fund_bp", set.rates.housing_fund}}},
          {"updated_at", format_rfc3339(set.updated_at)}};
}

benchmark_set benchmark_set_from_json(const json::object& body) {
  benchmark_set set;
  set.region = string_field(body, "region");
  set.year = static_cast<std::int32_t>(integer_field(body, "year"));
  const auto& salaries = body.at("monthly_salary").as_object();
  for (const auto level : all_levels)
    set.monthly_salary[static_cast<std::size_t>(level)] = read_money(salaries.at(to_string(level)));
  const auto& rates = body.at("employer_rates").as_object();
  set.rates = {integer_field(rates, "pension_bp"), integer_field(rates, "medical_bp"),
               integer_field(rates, "unemployment_bp"), integer_field(rates, "work_injury_bp"),
               integer_field(rates, "housing_fund_bp")};
  return set;
}

json::object to_json(const cost_estimate& estimate) {
  const auto& input = estimate.input;
  json::array posts;
  for (const auto& post : input.posts) posts.push_back({{"level", to_string(post.level)}, {"count", post.count}});
  json::array lines;
  for (const auto& line : estimate.lines)
    lines.push_back({{"kind", line.kind}, {"label", line.label}, {"amount", money_json(line.amount)}});
  return {{"id", estimate.id},
          {"purchaser_id", estimate.purchaser_id},
          {"region", input.region},
          {"year", input.year},
          {"posts", std::move(posts)},
          {"months", input.months},
          {"operating_costs",
           {{"activities", money_json(input.operating.activities)},
            {"training_and_supervision", money_json(input.operating.training_and_supervision)},
            {"rent", money_json(input.operating.rent)},
            {"transport", money_json(input.operating.transport)}}},
          {"management_fee_rate_bp", input.management_fee_rate},
          {"tax_rate_bp", input.tax_rate},
          {"lines", std::move(lines)},
          {"total", money_json(estimate.total)},
          {"rounding", "each line rounded half-up to the fen; the total is the sum of the lines"},
          {"created_at", format_rfc3339(estimate.created_at)}};
}

cost_estimate_input cost_estimate_input_from_json(const json::object& body) {
  cost_estimate_input input;
  input.region = string_field(body, "region");
  input.year = static_cast<std::int32_t>(integer_field(body, "year"));
  for (const auto& post : body.at("posts").as_array()) {
    const auto& p = post.as_object();
    input.posts.push_back({parse_professional_level(string_field(p, "level")).value_or(professional_level::none),
                           integer_field(p, "count")});
  }
  input.months = integer_field(body, "months", 12);
  if (const auto* costs = body.if_contains("operating_costs")) {
    const auto& c = costs->as_object();
    const auto amount = [&](std::string_view key) {
      const auto* found = c.if_contains(key);
      return found ? read_money(*found) : money{};
    };
    input.operating = {amount("activities"), amount("training_and_supervision"), amount("rent"), amount("transport")};
  }
  input.management_fee_rate = integer_field(body, "management_fee_rate_bp");
  input.tax_rate = integer_field(body, "tax_rate_bp");
  return input;
}

json::object terms_to_json(const tender_terms& terms) {
  json::array criteria;
  for (const auto& c : terms.criteria) {
    json::object item{{"name", c.name}, {"kind", to_string(c.kind)}, {"points", c.points}};
    if (c.metric) item["metric"] = to_string(*c.metric);
    if (!c.bands.empty()) {
      json::array bands;
      for (const auto& band : c.bands) bands.push_back({{"at_least", band.at_least}, {"points", band.points}});
      item["bands"] = std::move(bands);
    }
    criteria.push_back(std::move(item));
  }
  return {{"title", terms.title},
          {"description", terms.description},
          {"quantity", terms.quantity},
          {"region", terms.region},
          {"budget_ceiling", money_json(terms.budget_ceiling)},
          {"cost_estimate_id", terms.cost_estimate_id ? json::value(*terms.cost_estimate_id) : json::value(nullptr)},
          {"service_start", format_date(terms.service_start)},
          {"service_months", terms.service_months},
          {"continuity_justification", terms.continuity_justification},
          {"method", to_string(terms.method)},
          {"single_source_justification", terms.single_source_justification},
          {"criteria", std::move(criteria)},
          {"tie_rule", to_string(terms.tie_break)},
          {"qualification_extras",
           {{"minimum_years_established", optional_integer(terms.extras.minimum_years_established)},
            {"minimum_certified_share_bp", optional_integer(terms.extras.minimum_certified_share)},
            {"minimum_certified_workers", optional_integer(terms.extras.minimum_certified_workers)}}},
          {"bid_bond_rate_bp", terms.bid_bond_rate},
          {"performance_bond_rate_bp", terms.performance_bond_rate},
          {"deadline", format_rfc3339(terms.deadline)},
          {"panel_minimum", terms.panel_minimum},
          {"abnormal_price_threshold_bp", terms.abnormal_price_threshold}};
}

tender_terms terms_from_json(const json::object& body) {
  tender_terms terms;
  terms.title = string_field(body, "title");
  terms.description = string_field(body, "description");
  terms.quantity = integer_field(body, "quantity");
  terms.region = string_field(body, "region");
  terms.budget_ceiling = read_money(body.at("budget_ceiling"));
  if (const auto* estimate = body.if_contains("cost_estimate_id"); estimate && estimate->is_string())
    terms.cost_estimate_id = std::string(estimate->get_string());
  terms.service_start = parse_date(string_field(body, "service_start")).value_or(std::chrono::year_month_day{});
  terms.service_months = integer_field(body, "service_months", 12);
  terms.continuity_justification = string_field(body, "continuity_justification");
  terms.method = parse_procurement_method(string_field(body, "method")).value_or(procurement_method::open_tender);
  terms.single_source_justification = string_field(body, "single_source_justification");
  for (const auto& item : body.at("criteria").as_array()) {
    const auto& c = item.as_object();
    criterion parsed;
    parsed.name = string_field(c, "name");
    parsed.kind = parse_criterion_kind(string_field(c, "kind")).value_or(criterion_kind::subjective);
    parsed.points = integer_field(c, "points");
    if (const auto* metric = c.if_contains("metric")) parsed.metric = parse_objective_metric(metric->as_string());
    if (const auto* bands = c.if_contains("bands"))
      for (const auto& band : bands->as_array())
        parsed.bands.push_back({integer_field(band.as_object(), "at_least"), integer_field(band.as_object(), "points")});
    terms.criteria.push_back(std::move(parsed));
  }
  terms.tie_break = parse_tie_rule(string_field(body, "tie_rule", "draw")).value_or(tie_rule::draw);
  if (const auto* extras = body.if_contains("qualification_extras")) {
    const auto& e = extras->as_object();
    terms.extras.minimum_years_established = read_optional_integer(e, "minimum_years_established");
    terms.extras.minimum_certified_share = read_optional_integer(e, "minimum_certified_share_bp");
    terms.extras.minimum_certified_workers = read_optional_integer(e, "minimum_certified_workers");
  }
  terms.bid_bond_rate = integer_field(body, "bid_bond_rate_bp");
  terms.performance_bond_rate = integer_field(body, "performance_bond_rate_bp");
  terms.deadline = parse_rfc3339(string_field(body, "deadline")).value_or(timestamp{});
  terms.panel_minimum = integer_field(body, "panel_minimum", 5);
  terms.abnormal_price_threshold = integer_field(body, "abnormal_price_threshold_bp", 8000);
  return terms;
}

json::object to_json(const tender& t, timestamp now) {
  json::object out = terms_to_json(t.terms);
  out["id"] = t.id;
  out["purchaser_id"] = t.purchaser_id;
  out["status"] = display_status(t, now);
  out["version"] = t.version;
  out["method_name"] = chinese_name(t.terms.method);
  out["catalogue"] = {{"code", t.catalogue_code},
                      {"version", t.catalogue_version},
                      {"staffing_standard", t.staffing_standard}};
  out["minimum_posts"] = t.minimum_posts();
  out["created_at"] = format_rfc3339(t.created_at);
  out["published_at"] = t.published_at ? json::value(format_rfc3339(*t.published_at)) : json::value(nullptr);
  if (t.ended_at) {
    out["ended_at"] = format_rfc3339(*t.ended_at);
    out["end_reason"] = t.end_reason;
  }
  const auto optional_time = [](const std::optional<timestamp>& at) {
    return at ? json::value(format_rfc3339(*at)) : json::value(nullptr);
  };
  out["opened_at"] = optional_time(t.opened_at);
  out["evaluated_at"] = optional_time(t.evaluated_at);
  if (t.awarded_at) {
    out["award"] = {{"bid_id", t.awarded_bid_id},
                    {"awarded_at", format_rfc3339(*t.awarded_at)},
                    {"reason", t.award_reason},
                    {"late", t.award_late}};
  }
  json::array amendments;
  for (const auto& a : t.amendments) {
    json::array changes;
    for (const auto& c : a.changes) changes.push_back({{"field", c.field}, {"before", c.before}, {"after", c.after}});
    amendments.push_back({{"number", a.number},
                          {"kind", a.kind},
                          {"at", format_rfc3339(a.at)},
                          {"reason", a.reason},
                          {"affects_bid_preparation", a.affects_bid_preparation},
                          {"changes", std::move(changes)},
                          {"deadline_before", format_rfc3339(a.deadline_before)},
                          {"deadline_after", format_rfc3339(a.deadline_after)}});
  }
  out["amendments"] = std::move(amendments);
  if (t.state == tender_state::draft) {
    // What would stop publication right now: the live validation a form shows.
    json::array problems;
    const auto errors = publication_errors(t.terms, now);
    if (!errors.empty())
      for (const auto& field : errors.to_error().fields)
        problems.push_back({{"pointer", field.pointer}, {"message", field.message}});
    out["publication_check"] = std::move(problems);
  }
  return out;
}

json::object to_json(const question& q, bool show_asker) {
  json::object out{{"id", q.id}, {"tender_id", q.tender_id}, {"text", q.text}, {"asked_at", format_rfc3339(q.asked_at)}};
  if (show_asker) out["asker_organization_id"] = q.asker_organization_id;
  out["answer"] = q.answer ? json::value(*q.answer) : json::value(nullptr);
  out["answered_at"] = q.answered_at ? json::value(format_rfc3339(*q.answered_at)) : json::value(nullptr);
  out["affects_bid_preparation"] = q.affects_bid_preparation;
  return out;
}

}  // namespace procura::api
