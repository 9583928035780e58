#include "procurement_json.hpp"

#include <boost/json.hpp>

#include "json_support.hpp"
#include "json_writer.hpp"

namespace procura::api {
namespace {

namespace json = boost::json;
using namespace procura::procurement;

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
  else  // Not named: the whole path the spec lists (SPEC §3.2); an empty list is refused.
    input.service_steps = {"need_assessment", "service_delivery", "referral", "evaluation"};
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

namespace {

void write_money(json_writer& out, money amount) {
  out.begin_object().key("amount").number(amount.fen).key("currency").string("CNY").end_object();
}

void write_optional_integer(json_writer& out, const std::optional<std::int64_t>& value) {
  if (value) {
    out.number(*value);
  } else {
    out.null();
  }
}

void write_optional_time(json_writer& out, const std::optional<timestamp>& at) {
  if (at) {
    out.string(format_rfc3339(*at));
  } else {
    out.null();
  }
}

/// The terms' members, written into an object the caller has opened (a tender's JSON is its
/// terms followed by its own members).
void write_terms_members(json_writer& out, const tender_terms& terms) {
  out.key("title").string(terms.title);
  out.key("description").string(terms.description);
  out.key("quantity").number(terms.quantity);
  out.key("region").string(terms.region);
  out.key("budget_ceiling");
  write_money(out, terms.budget_ceiling);
  out.key("cost_estimate_id");
  if (terms.cost_estimate_id) {
    out.string(*terms.cost_estimate_id);
  } else {
    out.null();
  }
  out.key("service_start").string(format_date(terms.service_start));
  out.key("service_months").number(terms.service_months);
  out.key("continuity_justification").string(terms.continuity_justification);
  out.key("method").string(to_string(terms.method));
  out.key("single_source_justification").string(terms.single_source_justification);
  out.key("criteria").begin_array();
  for (const auto& c : terms.criteria) {
    out.begin_object().key("name").string(c.name).key("kind").string(to_string(c.kind)).key("points").number(c.points);
    if (c.metric) out.key("metric").string(to_string(*c.metric));
    if (!c.bands.empty()) {
      out.key("bands").begin_array();
      for (const auto& band : c.bands)
        out.begin_object().key("at_least").number(band.at_least).key("points").number(band.points).end_object();
      out.end_array();
    }
    out.end_object();
  }
  out.end_array();
  out.key("tie_rule").string(to_string(terms.tie_break));
  out.key("qualification_extras").begin_object();
  out.key("minimum_years_established");
  write_optional_integer(out, terms.extras.minimum_years_established);
  out.key("minimum_certified_share_bp");
  write_optional_integer(out, terms.extras.minimum_certified_share);
  out.key("minimum_certified_workers");
  write_optional_integer(out, terms.extras.minimum_certified_workers);
  out.end_object();
  out.key("bid_bond_rate_bp").number(terms.bid_bond_rate);
  out.key("performance_bond_rate_bp").number(terms.performance_bond_rate);
  out.key("deadline").string(format_rfc3339(terms.deadline));
  out.key("panel_minimum").number(terms.panel_minimum);
  out.key("abnormal_price_threshold_bp").number(terms.abnormal_price_threshold);
}

}  // namespace

json::object terms_to_json(const tender_terms& terms) {
  std::string text;
  json_writer out(text);
  out.begin_object();
  write_terms_members(out, terms);
  out.end_object();
  return json::parse(text).as_object();
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

std::optional<error> malformed_deadline(const json::object& terms, const std::string& pointer_prefix) {
  const auto* deadline = terms.if_contains("deadline");
  if (!deadline || !deadline->is_string() || parse_rfc3339(deadline->get_string())) return std::nullopt;
  return error::rule(pointer_prefix + "/deadline",
                     "the deadline is not an RFC 3339 date-time with an offset, e.g. 2027-01-20T10:00:00+08:00");
}

void write_json(json_writer& out, const tender& t, timestamp now) {
  out.begin_object();
  write_terms_members(out, t.terms);
  out.key("id").string(t.id);
  out.key("purchaser_id").string(t.purchaser_id);
  out.key("status").string(display_status(t, now));
  out.key("version").number(t.version);
  out.key("method_name").string(chinese_name(t.terms.method));
  out.key("catalogue").begin_object();
  out.key("code").string(t.catalogue_code).key("version").number(t.catalogue_version);
  out.key("staffing_standard").number(t.staffing_standard);
  out.end_object();
  out.key("minimum_posts").number(t.minimum_posts());
  if (!t.retender_of.empty()) {
    // A tender again after a failed one (SPEC §3.3), with the approval of a change of method.
    out.key("retender_of").string(t.retender_of);
    if (!t.method_change_approval.empty()) out.key("method_change_approval").string(t.method_change_approval);
  }
  out.key("created_at").string(format_rfc3339(t.created_at));
  out.key("published_at");
  write_optional_time(out, t.published_at);
  if (t.ended_at) {
    out.key("ended_at").string(format_rfc3339(*t.ended_at));
    out.key("end_reason").string(t.end_reason);
  }
  out.key("opened_at");
  write_optional_time(out, t.opened_at);
  out.key("evaluated_at");
  write_optional_time(out, t.evaluated_at);
  if (t.awarded_at) {
    out.key("award").begin_object();
    out.key("bid_id").string(t.awarded_bid_id);
    out.key("awarded_at").string(format_rfc3339(*t.awarded_at));
    out.key("reason").string(t.award_reason);
    out.key("late").boolean(t.award_late);
    out.end_object();
  }
  out.key("amendments").begin_array();
  for (const auto& a : t.amendments) {
    out.begin_object();
    out.key("number").number(a.number);
    out.key("kind").string(a.kind);
    out.key("at").string(format_rfc3339(a.at));
    out.key("reason").string(a.reason);
    out.key("affects_bid_preparation").boolean(a.affects_bid_preparation);
    out.key("changes").begin_array();
    for (const auto& c : a.changes)
      out.begin_object().key("field").string(c.field).key("before").string(c.before).key("after").string(c.after).end_object();
    out.end_array();
    out.key("deadline_before").string(format_rfc3339(a.deadline_before));
    out.key("deadline_after").string(format_rfc3339(a.deadline_after));
    out.end_object();
  }
  out.end_array();
  if (t.state == tender_state::draft) {
    // What would stop publication right now: the live validation a form shows.
    out.key("publication_check").begin_array();
    const auto errors = publication_errors(t.terms, now);
    if (!errors.empty())
      for (const auto& field : errors.to_error().fields)
        out.begin_object().key("pointer").string(field.pointer).key("message").string(field.message).end_object();
    out.end_array();
  }
  out.end_object();
}

std::string render_json(const tender& t, timestamp now) {
  std::string text;
  text.reserve(2048);
  json_writer out(text);
  write_json(out, t, now);
  return text;
}

json::object to_json(const tender& t, timestamp now) { return json::parse(render_json(t, now)).as_object(); }

json::object to_json(const question& q, bool show_asker) {
  json::object out{{"id", q.id}, {"tender_id", q.tender_id}, {"text", q.text}, {"asked_at", format_rfc3339(q.asked_at)}};
  if (show_asker) out["asker_organization_id"] = q.asker_organization_id;
  out["answer"] = q.answer ? json::value(*q.answer) : json::value(nullptr);
  out["answered_at"] = q.answered_at ? json::value(format_rfc3339(*q.answered_at)) : json::value(nullptr);
  out["affects_bid_preparation"] = q.affects_bid_preparation;
  return out;
}

}  // namespace procura::api
