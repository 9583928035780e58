#include "procura/procurement/tender.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "procura/core/ids.hpp"
#include "procura/core/text.hpp"
#include "procura/procurement/cost_estimate.hpp"

namespace procura::procurement {
namespace {

template <class Enum, std::size_t N>
using name_table = std::array<std::pair<Enum, std::string_view>, N>;

template <class Enum, std::size_t N>
std::string_view name_of(const name_table<Enum, N>& names, Enum value) {
  for (const auto& [candidate, name] : names)
    if (candidate == value) return name;
  return "unknown";
}

template <class Enum, std::size_t N>
std::optional<Enum> value_of(const name_table<Enum, N>& names, std::string_view text) {
  for (const auto& [candidate, name] : names)
    if (name == text) return candidate;
  return std::nullopt;
}

constexpr name_table<procurement_method, 3> method_names{{
    {procurement_method::open_tender, "open_tender"},
    {procurement_method::competitive_consultation, "competitive_consultation"},
    {procurement_method::single_source, "single_source"},
}};
constexpr name_table<tender_state, 8> state_names{{
    {tender_state::draft, "draft"},
    {tender_state::published, "published"},
    {tender_state::opened, "opened"},
    {tender_state::evaluated, "evaluated"},
    {tender_state::awarded, "awarded"},
    {tender_state::contracted, "contracted"},
    {tender_state::failed, "failed"},
    {tender_state::cancelled, "cancelled"},
}};
constexpr name_table<criterion_kind, 3> kind_names{{
    {criterion_kind::price, "price"},
    {criterion_kind::objective, "objective"},
    {criterion_kind::subjective, "subjective"},
}};
constexpr name_table<objective_metric, 4> metric_names{{
    {objective_metric::certified_share, "certified_share"},
    {objective_metric::staffing_ratio, "staffing_ratio"},
    {objective_metric::years_of_service, "years_of_service"},
    {objective_metric::past_performance, "past_performance"},
}};
constexpr name_table<tie_rule, 2> tie_names{{
    {tie_rule::draw, "draw"},
    {tie_rule::higher_subjective_total, "higher_subjective_total"},
}};

constexpr std::chrono::days amendment_notice{15};
constexpr std::int64_t maximum_ordinary_months = 12;
constexpr std::int64_t maximum_continuous_months = 36;
constexpr basis_points maximum_bid_bond = 200;           // 2 % of the budget (实施条例 §33)
constexpr basis_points maximum_performance_bond = 1000;  // 10 % of the contract price (实施条例 §48)

std::string describe_criteria(const std::vector<criterion>& criteria) {
  std::string text;
  for (const auto& c : criteria) {
    if (!text.empty()) text += "; ";
    text += c.name + " (" + std::string(to_string(c.kind)) + ") " + std::to_string(c.points);
  }
  return text;
}

std::string describe_extras(const qualification_extras& extras) {
  std::string text;
  if (extras.minimum_years_established) text += "years ≥ " + std::to_string(*extras.minimum_years_established) + " ";
  if (extras.minimum_certified_share)
    text += "certified share ≥ " + std::to_string(*extras.minimum_certified_share) + " bp ";
  if (extras.minimum_certified_workers)
    text += "certified workers ≥ " + std::to_string(*extras.minimum_certified_workers);
  return text.empty() ? "none" : text;
}

/// Whether a change of this term changes what a bid is priced or written against (a title, a
/// description, a later deadline, the panel's size or the estimate's id do not).
bool shapes_bids(std::string_view field) {
  static constexpr std::array<std::string_view, 11> fields{
      "quantity",     "region",           "budget_ceiling",       "service_start",    "service_months",
      "criteria",     "tie_rule",         "qualification_extras", "bid_bond_rate_bp", "performance_bond_rate_bp",
      "abnormal_price_threshold_bp"};
  return std::find(fields.begin(), fields.end(), field) != fields.end();
}

/// What changed between two sets of terms, field by field, as people read it.
std::vector<field_change> differences(const tender_terms& before, const tender_terms& after) {
  std::vector<field_change> changes;
  const auto note = [&](const char* field, std::string old_value, std::string new_value) {
    if (old_value != new_value) changes.push_back({field, std::move(old_value), std::move(new_value)});
  };
  note("title", before.title, after.title);
  note("description", before.description, after.description);
  note("quantity", std::to_string(before.quantity), std::to_string(after.quantity));
  note("region", before.region, after.region);
  note("budget_ceiling", format_yuan(before.budget_ceiling), format_yuan(after.budget_ceiling));
  note("cost_estimate_id", before.cost_estimate_id.value_or(""), after.cost_estimate_id.value_or(""));
  note("service_start", format_date(before.service_start), format_date(after.service_start));
  note("service_months", std::to_string(before.service_months), std::to_string(after.service_months));
  note("continuity_justification", before.continuity_justification, after.continuity_justification);
  note("method", std::string(to_string(before.method)), std::string(to_string(after.method)));
  note("single_source_justification", before.single_source_justification, after.single_source_justification);
  if (before.criteria != after.criteria)
    changes.push_back({"criteria", describe_criteria(before.criteria), describe_criteria(after.criteria)});
  note("tie_rule", std::string(to_string(before.tie_break)), std::string(to_string(after.tie_break)));
  note("qualification_extras", describe_extras(before.extras), describe_extras(after.extras));
  note("bid_bond_rate_bp", std::to_string(before.bid_bond_rate), std::to_string(after.bid_bond_rate));
  note("performance_bond_rate_bp", std::to_string(before.performance_bond_rate),
       std::to_string(after.performance_bond_rate));
  note("deadline", format_rfc3339(before.deadline), format_rfc3339(after.deadline));
  note("panel_minimum", std::to_string(before.panel_minimum), std::to_string(after.panel_minimum));
  note("abnormal_price_threshold_bp", std::to_string(before.abnormal_price_threshold),
       std::to_string(after.abnormal_price_threshold));
  return changes;
}

/// Checks that hold for any draft, whatever its completeness.
validation_errors draft_errors(const tender_terms& terms) {
  validation_errors errors;
  if (terms.title.empty() || terms.title.size() > 300) errors.add("/title", "title must be 1 to 300 bytes");
  if (terms.quantity <= 0 || terms.quantity > 10'000'000) errors.add("/quantity", "quantity of clients must be positive");
  // Padded, it would match no benchmark (bids then unchecked, the payroll test of §60 skipped)
  // and no region filter.
  if (blank_or_padded(terms.region)) errors.add("/region", "region is required, without spaces at either end");
  if (terms.budget_ceiling.fen <= 0) errors.add("/budget_ceiling/amount", "the budget ceiling must be positive");
  if (!terms.service_start.ok()) errors.add("/service_start", "not a valid date");
  if (terms.service_months < 1) errors.add("/service_months", "the service period must be at least 1 month");
  for (std::size_t i = 0; i < terms.criteria.size(); ++i) {
    const auto& c = terms.criteria[i];
    const std::string at = "/criteria/" + std::to_string(i);
    if (c.name.empty()) errors.add(at + "/name", "a criterion needs a name");
    if (c.points <= 0 || c.points > 100) errors.add(at + "/points", "points must be 1 to 100");
    if (c.kind == criterion_kind::objective && !c.metric)
      errors.add(at + "/metric", "an objective criterion names the metric it is computed from");
    if (c.kind != criterion_kind::objective && (c.metric || !c.bands.empty()))
      errors.add(at + "/metric", "only objective criteria have a metric and bands");
    if (c.metric && *c.metric != objective_metric::past_performance && c.bands.empty())
      errors.add(at + "/bands", "this metric is scored by bands: give at least one");
    for (std::size_t b = 0; b < c.bands.size(); ++b) {
      if (c.bands[b].points < 0 || c.bands[b].points > c.points)
        errors.add(at + "/bands/" + std::to_string(b) + "/points", "a band cannot give more than the criterion's points");
      if (c.bands[b].at_least < 0) errors.add(at + "/bands/" + std::to_string(b) + "/at_least", "must not be negative");
    }
  }
  if (terms.panel_minimum < 3 || terms.panel_minimum % 2 == 0)
    errors.add("/panel_minimum", "the panel's minimum size is an odd number of at least 3");
  if (terms.abnormal_price_threshold < 1 || terms.abnormal_price_threshold > 10000)
    errors.add("/abnormal_price_threshold_bp", "a share in basis points: 1 to 10000");
  if (terms.bid_bond_rate < 0) errors.add("/bid_bond_rate_bp", "must not be negative");
  if (terms.performance_bond_rate < 0) errors.add("/performance_bond_rate_bp", "must not be negative");
  return errors;
}

/// The estimate a ceiling came from (SPEC §3.2): the purchaser's own, and not below the ceiling,
/// which would not have come from it. `prefix` is where the terms sit in the request.
status check_cost_estimate(cost_estimate_repository& estimates, const tender_terms& terms,
                           const std::string& purchaser_id, const std::string& prefix = "") {
  if (!terms.cost_estimate_id) return done{};
  const auto estimate = estimates.find(*terms.cost_estimate_id);
  if (!estimate || estimate->purchaser_id != purchaser_id)
    return error::rule(prefix + "/cost_estimate_id", "no cost estimate " + *terms.cost_estimate_id + " of this purchaser");
  if (terms.budget_ceiling > estimate->total)
    return error::rule(prefix + "/budget_ceiling", "the ceiling " + format_yuan(terms.budget_ceiling) +
                                                       " is above cost estimate " + estimate->id + " (" +
                                                       format_yuan(estimate->total) +
                                                       ") it is said to come from: lower it, or name a larger estimate");
  return done{};
}

result<tender> save_change(tender_repository& tenders, tender changed) {
  ++changed.version;
  tenders.update(changed);
  return changed;
}

}  // namespace

std::string_view to_string(procurement_method method) { return name_of(method_names, method); }
std::optional<procurement_method> parse_procurement_method(std::string_view text) { return value_of(method_names, text); }
std::string_view chinese_name(procurement_method method) {
  switch (method) {
    case procurement_method::open_tender: return "公开招标";
    case procurement_method::competitive_consultation: return "竞争性磋商";
    case procurement_method::single_source: return "单一来源";
  }
  return "";
}
std::string_view to_string(tender_state state) { return name_of(state_names, state); }
std::optional<tender_state> parse_tender_state(std::string_view text) { return value_of(state_names, text); }
std::string_view to_string(criterion_kind kind) { return name_of(kind_names, kind); }
std::optional<criterion_kind> parse_criterion_kind(std::string_view text) { return value_of(kind_names, text); }
std::string_view to_string(objective_metric metric) { return name_of(metric_names, metric); }
std::optional<objective_metric> parse_objective_metric(std::string_view text) { return value_of(metric_names, text); }
std::string_view to_string(tie_rule rule) { return name_of(tie_names, rule); }
std::optional<tie_rule> parse_tie_rule(std::string_view text) { return value_of(tie_names, text); }

std::int64_t tender::minimum_posts() const {
  if (staffing_standard <= 0) return 0;
  return (terms.quantity + staffing_standard - 1) / staffing_standard;
}

std::string display_status(const tender& t, timestamp now) {
  if (t.state == tender_state::published && t.deadline_passed(now)) return "closed";
  return std::string(to_string(t.state));
}

status_span display_status_span(const tender& t, timestamp now) {
  constexpr auto always_before = timestamp::min();
  constexpr auto always_after = timestamp::max();
  if (t.state != tender_state::published) return {always_before, always_after};
  if (t.deadline_passed(now)) return {t.terms.deadline, always_after};
  return {always_before, t.terms.deadline};
}

std::chrono::seconds minimum_submission_period(procurement_method method) {
  switch (method) {
    case procurement_method::open_tender: return std::chrono::days{20};
    case procurement_method::competitive_consultation: return std::chrono::days{10};
    case procurement_method::single_source: return std::chrono::seconds{0};
  }
  return std::chrono::days{20};
}

validation_errors publication_errors(const tender_terms& terms, timestamp published_at) {
  validation_errors errors = draft_errors(terms);

  // Criteria: price plus scored items summing to 100, the price weight within the legal range.
  std::int64_t sum = 0;
  int price_criteria = 0;
  std::int64_t price_points = 0;
  for (const auto& c : terms.criteria) {
    sum += c.points;
    if (c.kind == criterion_kind::price) {
      ++price_criteria;
      price_points += c.points;
    }
  }
  if (terms.criteria.empty()) {
    errors.add("/criteria", "evaluation criteria are required");
  } else if (sum != 100) {
    errors.add("/criteria", "criteria must sum to 100 points, not " + std::to_string(sum));
  }
  if (price_criteria != 1) {
    errors.add("/criteria", "exactly one price criterion is required");
  } else if (terms.method == procurement_method::open_tender && price_points < 10) {
    errors.add("/criteria", "under open tender the price weight for services is at least 10 points (财政部令第87号 §55), not " +
                                std::to_string(price_points));
  } else if (terms.method == procurement_method::competitive_consultation && (price_points < 10 || price_points > 30)) {
    errors.add("/criteria", "under competitive consultation the price weight is 10 to 30 points (财库〔2014〕214号), not " +
                                std::to_string(price_points));
  }

  // Timeline.
  const auto period = terms.deadline - published_at;
  const auto minimum = minimum_submission_period(terms.method);
  if (period <= std::chrono::seconds{0}) {
    errors.add("/deadline", "the deadline must be in the future");
  } else if (period < minimum) {
    errors.add("/deadline", "the deadline must be at least " + std::to_string(minimum.count() / 86400) +
                                " days after publication (" + format_rfc3339(published_at + minimum) + " or later)");
  }
  if (terms.service_start.ok() && std::chrono::sys_days{terms.service_start} < std::chrono::sys_days{china_date(terms.deadline)})
    errors.add("/service_start", "the service cannot start before the submission deadline");
  // Reports, payroll coverage and the contract's period all count whole months from the first of
  // the start month: a service starting on the 15th would be reported (and charged) from the 1st.
  if (terms.service_start.ok() && terms.service_start.day() != std::chrono::day{1})
    errors.add("/service_start", "the service starts on the first day of a month: reports, payroll and the contract's "
                                 "period count whole months");

  if (terms.method == procurement_method::single_source && terms.single_source_justification.empty())
    errors.add("/single_source_justification", "single source needs a written justification");

  // The evaluation committee of an open tender: an odd number of 5 or more, 7 or more for a
  // budget of 10 million yuan or more (law, 财政部令第87号 §47); a consultation group needs 3.
  if (terms.method == procurement_method::open_tender) {
    const bool large = terms.budget_ceiling >= money{10'000'000'00};
    const std::int64_t least = large ? 7 : 5;
    if (terms.panel_minimum < least)
      errors.add("/panel_minimum", "an open tender's evaluation committee has at least " + std::to_string(least) +
                                       " members" + (large ? " for a budget of 10,000,000 yuan or more" : "") +
                                       " (财政部令第87号 §47), not " + std::to_string(terms.panel_minimum));
  }

  if (terms.service_months > maximum_continuous_months) {
    errors.add("/service_months", "a service period is at most 36 months");
  } else if (terms.service_months > maximum_ordinary_months && terms.continuity_justification.empty()) {
    errors.add("/service_months",
               "a service period over 12 months needs the continuity justification (continuous and funded purchase)");
  }

  if (terms.bid_bond_rate > maximum_bid_bond)
    errors.add("/bid_bond_rate_bp", "a bid bond is at most 2% of the budget (200 bp), not " +
                                        std::to_string(terms.bid_bond_rate) + " bp");
  if (terms.performance_bond_rate > maximum_performance_bond)
    errors.add("/performance_bond_rate_bp", "a performance bond is at most 10% of the contract price (1000 bp), not " +
                                                std::to_string(terms.performance_bond_rate) + " bp");
  return errors;
}

timestamp pushed_deadline(timestamp deadline, timestamp now) {
  const timestamp earliest = now + amendment_notice;
  return deadline < earliest ? earliest : deadline;
}

result<tender> publish_clarification(tender_repository& tenders, tender t, std::string what, timestamp now) {
  if (t.state != tender_state::published || t.deadline_passed(now))
    return error::conflict("the tender is no longer open for bids: nothing may be added to what bidders prepare against");
  const timestamp before = t.terms.deadline;
  const timestamp after = pushed_deadline(before, now);
  std::vector<field_change> changes;
  if (after != before) changes.push_back({"deadline", format_rfc3339(before), format_rfc3339(after)});
  t.amendments.push_back({static_cast<std::int64_t>(t.amendments.size()) + 1, "clarification", now, std::move(what), true,
                          std::move(changes), before, after});
  t.terms.deadline = after;
  ++t.version;
  tenders.update(t);
  return t;
}

namespace {

/// A new draft, checked but not yet stored.
result<tender> new_draft(catalogue_repository& catalogue, cost_estimate_repository& estimates, const draft_input& input,
                         std::string purchaser_id, timestamp now) {
  const auto item = catalogue.latest(input.catalogue_code);
  if (!item) return error::rule("/catalogue_code", "unknown catalogue code " + input.catalogue_code);
  const auto errors = draft_errors(input.terms);
  if (!errors.empty()) return errors.to_error();
  if (auto checked = check_cost_estimate(estimates, input.terms, purchaser_id); !checked) return checked.failure();
  tender created;
  created.id = new_id("tnd");
  created.purchaser_id = std::move(purchaser_id);
  created.catalogue_code = item->code;
  created.catalogue_version = item->version;
  created.staffing_standard = item->staffing_standard;
  created.terms = input.terms;
  created.created_at = now;
  return created;
}

}  // namespace

result<tender> create_draft(catalogue_repository& catalogue, cost_estimate_repository& estimates,
                            tender_repository& tenders, const draft_input& input, std::string purchaser_id,
                            timestamp now) {
  auto created = new_draft(catalogue, estimates, input, std::move(purchaser_id), now);
  if (created) tenders.insert(*created);
  return created;
}

result<tender> retender(catalogue_repository& catalogue, cost_estimate_repository& estimates,
                        tender_repository& tenders, const tender& failed, tender_terms terms, std::string approval,
                        timestamp now) {
  if (failed.state != tender_state::failed)
    return error::conflict("only a failed tender is tendered again; this one is " + display_status(failed, now));
  for (const auto& repeat : tenders.retenders_of(failed.id)) {
    if (repeat.state == tender_state::cancelled) continue;
    const std::string already =
        "tender " + failed.id + " was already tendered again as " + repeat.id + " (" + display_status(repeat, now) + "): ";
    if (repeat.state == tender_state::failed) return error::conflict(already + "tender " + repeat.id + " again instead");
    if (repeat.state == tender_state::awarded || repeat.state == tender_state::contracted)
      return error::conflict(already + "it was awarded, so there is nothing left to repeat");
    return error::conflict(already + "cancel it first to tender this one again otherwise");
  }
  const bool method_changed = terms.method != failed.terms.method;
  if (method_changed && approval.empty())
    return error::rule("/approval", "switching from " + std::string(chinese_name(failed.terms.method)) + " to " +
                                        std::string(chinese_name(terms.method)) + " needs the recorded approval");
  auto created = new_draft(catalogue, estimates, {failed.catalogue_code, std::move(terms)}, failed.purchaser_id, now);
  if (!created) return created;
  created->retender_of = failed.id;
  if (method_changed) created->method_change_approval = std::move(approval);
  tenders.insert(*created);
  return created;
}

result<tender> revise_draft(cost_estimate_repository& estimates, tender_repository& tenders, tender current,
                            tender_terms terms, std::int64_t expected_version, timestamp now) {
  (void)now;
  if (current.state != tender_state::draft)
    return error::conflict("only a draft can be edited; a published tender changes through an amendment");
  if (current.version != expected_version)
    return error::make(error_kind::precondition_failed,
                       "the tender changed since it was read: current version is " + std::to_string(current.version));
  const auto errors = draft_errors(terms);
  if (!errors.empty()) return errors.to_error();
  // A repeat's method was settled, with its approval where it changed, when the failed tender
  // was tendered again (law, 政府采购法 §36): an edit of the draft must not switch it unapproved.
  if (!current.retender_of.empty() && terms.method != current.terms.method)
    return error::rule("/method", "a repeat of failed tender " + current.retender_of + " keeps its method, " +
                                      std::string(chinese_name(current.terms.method)) +
                                      "; another method needs a new repeat with the recorded approval "
                                      "(cancel this one, then tender the failed one again)");
  if (auto checked = check_cost_estimate(estimates, terms, current.purchaser_id); !checked) return checked.failure();
  current.terms = std::move(terms);
  return save_change(tenders, std::move(current));
}

result<tender> publish_tender(tender_repository& tenders, tender current, timestamp now) {
  if (current.state != tender_state::draft)
    return error::conflict("the tender is " + display_status(current, now) + "; only a draft can be published");
  const auto errors = publication_errors(current.terms, now);
  if (!errors.empty()) return errors.to_error("the tender cannot be published: it breaks the rules listed");
  current.state = tender_state::published;
  current.published_at = now;
  return save_change(tenders, std::move(current));
}

result<tender> amend_tender(cost_estimate_repository& estimates, tender_repository& tenders, tender current,
                            tender_terms terms, std::string reason, bool affects_bid_preparation,
                            std::int64_t expected_version, timestamp now) {
  if (current.state != tender_state::published)
    return error::conflict("only a published tender can be amended; this one is " + display_status(current, now));
  if (current.deadline_passed(now))
    return error::conflict("the submission deadline " + format_rfc3339(current.terms.deadline) +
                           " has passed: the tender can no longer be amended");
  if (current.version != expected_version)
    return error::make(error_kind::precondition_failed,
                       "the tender changed since it was read: current version is " + std::to_string(current.version));
  if (reason.empty()) return error::rule("/reason", "an amendment needs a reason");
  if (terms.method != current.terms.method)
    return error::rule("/changes/method", "the method cannot be changed by an amendment");
  const timestamp deadline_before = current.terms.deadline;
  // A deadline brought forward shortens every bidder's preparation whatever else changes: the
  // amendment must say it affects preparation, so that at least 15 days stay (law, 87号令 §27).
  if (terms.deadline < deadline_before && !affects_bid_preparation)
    return error::rule("/affects_bid_preparation",
                       "the amendment brings the deadline forward from " + format_rfc3339(deadline_before) +
                           ", which affects bid preparation: send it with affects_bid_preparation true, and the "
                           "deadline stays at least 15 days after the amendment");
  if (affects_bid_preparation) terms.deadline = pushed_deadline(terms.deadline, now);
  if (terms.deadline <= now) return error::rule("/changes/deadline", "the new deadline must be in the future");
  const auto errors = publication_errors(terms, *current.published_at);
  if (!errors.empty()) return errors.to_error("the amended tender would break the rules listed");
  // Naming an estimate publishes it (decision 69): only the purchaser's own may be named; and a
  // ceiling raised past its estimate no longer comes from it.
  if (terms.cost_estimate_id != current.terms.cost_estimate_id || terms.budget_ceiling > current.terms.budget_ceiling)
    if (auto checked = check_cost_estimate(estimates, terms, current.purchaser_id, "/changes"); !checked)
      return checked.failure();
  auto changes = differences(current.terms, terms);
  if (changes.empty()) return error::rule("/changes", "the amendment changes nothing");
  // What a bid is priced and written against affects its preparation whatever the purchaser
  // says, so such a change keeps 15 days before the deadline (law, 87号令 §27), as a deadline
  // brought forward does above.
  if (!affects_bid_preparation) {
    std::string affecting;
    for (const auto& change : changes)
      if (shapes_bids(change.field)) affecting += (affecting.empty() ? "" : ", ") + change.field;
    if (!affecting.empty())
      return error::rule("/affects_bid_preparation",
                         "the amendment changes " + affecting +
                             ", which bids are prepared against: send it with affects_bid_preparation true, and the "
                             "deadline stays at least 15 days after the amendment");
  }
  current.amendments.push_back({static_cast<std::int64_t>(current.amendments.size()) + 1, "amendment", now,
                                std::move(reason), affects_bid_preparation, std::move(changes), deadline_before,
                                terms.deadline});
  current.terms = std::move(terms);
  return save_change(tenders, std::move(current));
}

result<tender> cancel_tender(tender_repository& tenders, tender current, std::string reason, timestamp now) {
  if (current.state != tender_state::draft && current.state != tender_state::published)
    return error::conflict("the tender is " + display_status(current, now) + "; it can no longer be cancelled");
  if (reason.empty()) return error::rule("/reason", "cancelling needs a reason");
  current.state = tender_state::cancelled;
  current.ended_at = now;
  current.end_reason = std::move(reason);
  return save_change(tenders, std::move(current));
}

}  // namespace procura::procurement
