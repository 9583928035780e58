#include "procura/contracts/contract.hpp"

#include <algorithm>

#include "procura/core/ids.hpp"
#include "procura/core/wide_integer.hpp"

namespace procura::contracts {
namespace {

constexpr basis_points amendment_cap = 1000;  // 10 % of the original price (政府购买服务管理办法)

error stale_or_missing(std::string what) { return error::not_found(std::move(what)); }

result<contract> saved(contract_repository& contracts, contract c) {
  ++c.version;
  contracts.update(c);
  return c;
}

/// Why amendment `a`, no longer pending, cannot be answered or withdrawn now.
std::string settled(const contract_amendment& a) {
  const std::string name = "amendment " + std::to_string(a.number);
  if (a.agreed_at) return name + " is already agreed";
  return name + " was " + std::string(to_string(a.ended->kind)) + " by " + a.ended->by + ": " + a.ended->reason;
}

/// Ends pending amendment `number` unagreed: by the other party (declined) or its proposer
/// (withdrawn).
result<contract> end_amendment(contract_repository& contracts, contract c, std::int64_t number,
                               const std::string& organization_id, amendment_end kind, std::string reason, timestamp now) {
  if (organization_id != c.purchaser_id && organization_id != c.supplier_id) return stale_or_missing("no contract " + c.id);
  auto found = std::find_if(c.amendments.begin(), c.amendments.end(),
                            [&](const contract_amendment& a) { return a.number == number; });
  if (found == c.amendments.end()) return error::not_found("no amendment " + std::to_string(number));
  if (!found->pending()) return error::conflict(settled(*found));
  const bool proposer = organization_id == found->proposed_by;
  if (kind == amendment_end::declined && proposer)
    return error::conflict("the other party declines an amendment; its proposer withdraws it");
  if (kind == amendment_end::withdrawn && !proposer)
    return error::conflict("only its proposer withdraws an amendment; the other party declines it");
  if (reason.empty())
    return error::rule("/reason", std::string(kind == amendment_end::declined ? "declining" : "withdrawing") +
                                      " an amendment needs a reason");
  found->ended = amendment_ending{kind, organization_id, now, std::move(reason)};
  return saved(contracts, std::move(c));
}


/// The proposed schedule of an amendment as it applies at agreement, summing exactly to what is
/// then unreleased of `new_price`.
///
/// The proposal was resolved against what was unreleased when it was made. The purchaser may
/// release instalments while it awaits agreement: releases are not refused meanwhile, because an
/// unagreed proposal changes nothing in the contract in force, and holding back a payment that is
/// due under it (the supplier's payroll depends on it) until the other party answers would let a
/// proposal stop payment. What was released since the proposal counts towards the proposal's
/// instalments in their order: it is taken from the earliest ones, and one taken whole is dropped.
/// The supplier still receives the proposed total, none of it later than proposed, and the
/// purchaser never pays more than the price; the instalments sum to the price exactly (SPEC §3.6).
result<std::vector<instalment>> applicable_schedule(const contract& c, const std::vector<instalment>& proposed,
                                                    money new_price) {
  std::int64_t released = 0;
  for (const auto& i : c.schedule)
    if (i.released()) released += i.amount.fen;
  std::int64_t proposed_total = 0;
  for (const auto& i : proposed) proposed_total += i.amount.fen;
  std::int64_t paid_since_proposal = proposed_total - (new_price.fen - released);
  // Releases only ever shrink what is unreleased, so the proposal covers at least what remains;
  // anything else means the schedule it was proposed over changed in another way.
  if (paid_since_proposal < 0)
    return error::conflict("the proposed schedule no longer matches the contract's unreleased instalments");
  std::vector<instalment> applied;
  for (auto i : proposed) {
    const std::int64_t taken = std::min(paid_since_proposal, i.amount.fen);
    paid_since_proposal -= taken;
    i.amount.fen -= taken;
    if (i.amount.fen > 0) applied.push_back(i);
  }
  return applied;
}

}  // namespace

std::string_view to_string(contract_state state) {
  switch (state) {
    case contract_state::draft: return "draft";
    case contract_state::active: return "active";
    case contract_state::completed: return "completed";
    case contract_state::terminated: return "terminated";
    case contract_state::cancelled: return "cancelled";
  }
  return "unknown";
}

std::optional<contract_state> parse_contract_state(std::string_view text) {
  for (const auto state : {contract_state::draft, contract_state::active, contract_state::completed, contract_state::terminated,
                           contract_state::cancelled})
    if (to_string(state) == text) return state;
  return std::nullopt;
}

std::string_view to_string(amendment_end end) {
  switch (end) {
    case amendment_end::declined: return "declined";
    case amendment_end::withdrawn: return "withdrawn";
  }
  return "unknown";
}

std::optional<amendment_end> parse_amendment_end(std::string_view text) {
  for (const auto end : {amendment_end::declined, amendment_end::withdrawn})
    if (to_string(end) == text) return end;
  return std::nullopt;
}

money contract::added_value() const {
  money total;
  for (const auto& a : amendments)
    if (a.agreed_at) total.fen += a.added_value.fen;
  return total;
}

std::int64_t service_month_of(std::chrono::year_month_day start, std::chrono::year_month_day date) {
  return (static_cast<int>(date.year()) - static_cast<int>(start.year())) * 12 +
         (static_cast<int>(static_cast<unsigned>(date.month())) - static_cast<int>(static_cast<unsigned>(start.month()))) + 1;
}

std::chrono::year_month_day service_period_end(std::chrono::year_month_day start, std::int64_t months) {
  return std::chrono::year_month_day{start.year(), start.month(), std::chrono::day{1}} + std::chrono::months{months};
}

money amendment_headroom(const contract& c) {
  // "At most 10%": rounded down to the fen, never up (a half-up rounding let 10% + ½ fen through).
  const money cap{static_cast<std::int64_t>(static_cast<wide_integer>(c.original_price.fen) * amendment_cap / 10000)};
  return money{cap.fen - c.added_value().fen};
}

result<contract> create_contract(contract_repository& contracts, procurement::tender_repository& tenders,
                                 procurement::tender t, const procurement::bid& winner,
                                 const std::vector<procurement::challenge>& challenges, penalty_terms penalties,
                                 std::string framework_key, std::int64_t framework_version, timestamp now) {
  // A contracted tender whose draft was cancelled (never in force) is drafted again.
  const auto existing = contracts.of_tender(t.id);
  const bool redrafting = t.state == procurement::tender_state::contracted && existing &&
                          existing->state == contract_state::cancelled;
  if ((t.state != procurement::tender_state::awarded && !redrafting) || !t.awarded_at)
    return error::conflict(t.state == procurement::tender_state::contracted
                               ? "this tender already has a contract"
                               : "a contract is made from an awarded tender; this one is " +
                                     procurement::display_status(t, now));
  if (const auto obstacle = procurement::challenge_in_the_way(challenges, *t.awarded_at)) return error::conflict(*obstacle);
  if (existing && existing->state != contract_state::cancelled) return error::conflict("this tender already has a contract");
  if (winner.id != t.awarded_bid_id) return error::rule("/bid_id", "not the awarded bid");
  if (penalties.per_missing_post_month.fen < 0 || penalties.per_caseload_excess_month.fen < 0)
    return error::rule("/penalties", "deductions must not be negative");
  contract c;
  c.id = new_id("ctr");
  c.tender_id = t.id;
  c.bid_id = winner.id;
  c.purchaser_id = t.purchaser_id;
  c.supplier_id = winner.supplier_id;
  c.original_price = winner.content.price;
  c.price = winner.content.price;
  c.staffing = winner.content.staffing;
  c.clients = t.terms.quantity;
  c.staffing_standard = t.staffing_standard;
  c.region = t.terms.region;
  c.service_start = t.terms.service_start;
  c.service_months = t.terms.service_months;
  c.continuity_justification = t.terms.continuity_justification;
  c.salary_reserve = winner.content.salary_reserve;
  c.penalties = penalties;
  c.framework_key = std::move(framework_key);
  c.framework_version = framework_version;
  c.awarded_at = *t.awarded_at;
  c.created_at = now;
  // The period rules of the tender bind the contract too (law: 12 months, or 36 when continuous and funded).
  if (c.service_months > 36 || (c.service_months > 12 && c.continuity_justification.empty()))
    return error::rule("/service_months", "a contract period is at most 12 months, or 36 with the continuity justification");
  contracts.insert(c);
  if (!redrafting) {
    t.state = procurement::tender_state::contracted;
    ++t.version;
    tenders.update(t);
  }
  return c;
}

timestamp signing_due(timestamp awarded_at) { return end_of_days_after(awarded_at, 30); }

result<contract> sign_contract(contract_repository& contracts, contract c, const std::string& organization_id,
                               const std::vector<procurement::challenge>& challenges, std::string late_reason,
                               timestamp now) {
  if (c.state != contract_state::draft) return error::conflict("the contract is " + std::string(to_string(c.state)));
  const bool purchaser = organization_id == c.purchaser_id;
  if (!purchaser && organization_id != c.supplier_id) return stale_or_missing("no contract " + c.id);
  if ((purchaser && c.purchaser_signed_at) || (!purchaser && c.supplier_signed_at))
    return error::conflict("you have already signed this contract");
  // The payment schedule is part of what is signed (SPEC §3.6: contents); signed without one,
  // the purchaser would set the terms of payment alone afterwards.
  if (c.schedule.empty())
    return error::conflict("the contract has no payment schedule yet: the purchaser sets it before either party signs");
  // A bidder may still challenge after the contract is drafted (SPEC §3.5): no signature while
  // that challenge is open, or after it was upheld.
  if (const auto obstacle = procurement::challenge_in_the_way(challenges, c.awarded_at)) return error::conflict(*obstacle);
  if (now > signing_due(c.awarded_at)) {
    if (late_reason.empty())
      return error::rule("/late_reason", "signing is due within 30 days of the award (by " +
                                             format_rfc3339(signing_due(c.awarded_at)) +
                                             "); a later signature needs a recorded reason");
    c.late_signing_reason = std::move(late_reason);
  }
  (purchaser ? c.purchaser_signed_at : c.supplier_signed_at) = now;
  if (c.signed_by_both()) c.state = contract_state::active;
  return saved(contracts, std::move(c));
}

result<contract> terminate_contract(contract_repository& contracts, contract c, std::string reason, timestamp now) {
  if (c.state != contract_state::active && c.state != contract_state::draft)
    return error::conflict("the contract is already " + std::string(to_string(c.state)));
  if (reason.empty()) return error::rule("/reason", "termination needs a reason");
  // OCDS and the one-contract-per-tender rule tell the two apart: a draft never bound anyone.
  c.state = c.state == contract_state::draft ? contract_state::cancelled : contract_state::terminated;
  c.ended_at = now;
  c.end_reason = std::move(reason);
  return saved(contracts, std::move(c));
}

result<contract> cancel_for_new_award(contract_repository& contracts, contract c, std::string reason, timestamp now) {
  if (c.state != contract_state::draft)
    return error::conflict("only a draft contract makes way for a new award; this one is " + std::string(to_string(c.state)));
  if (reason.empty()) return error::rule("/reason", "setting a draft contract aside needs a reason");
  c.state = contract_state::cancelled;
  c.ended_at = now;
  c.end_reason = std::move(reason);
  return saved(contracts, std::move(c));
}

result<std::vector<instalment>> resolve_schedule(const std::vector<instalment_request>& requests, money price,
                                                 std::chrono::year_month_day service_start, std::int64_t months) {
  validation_errors errors;
  if (requests.empty()) errors.add("/instalments", "a schedule has at least one instalment");
  std::optional<std::size_t> last_share;
  const auto period_end = service_period_end(service_start, months);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const auto& r = requests[i];
    const std::string at = "/instalments/" + std::to_string(i);
    if (r.amount.has_value() == r.share.has_value()) errors.add(at, "give either an amount or a share");
    if (r.amount && r.amount->fen <= 0) errors.add(at + "/amount/amount", "an instalment is positive");
    if (r.share && (*r.share <= 0 || *r.share > 10000)) errors.add(at + "/share_bp", "a share is 1 to 10000 basis points");
    if (!r.due_date.ok()) errors.add(at + "/due_date", "not a valid date");
    else if (std::chrono::sys_days{r.due_date} >= std::chrono::sys_days{period_end} + std::chrono::days{366})
      errors.add(at + "/due_date", "more than a year after the service period");
    if (i > 0 && r.due_date.ok() && requests[i - 1].due_date.ok() && r.due_date < requests[i - 1].due_date)
      errors.add(at + "/due_date", "instalments are listed in due-date order");
    if (r.share) last_share = i;
  }
  if (!errors.empty()) return errors.to_error();
  std::vector<instalment> schedule;
  money total;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const auto& r = requests[i];
    instalment item;
    item.number = static_cast<std::int64_t>(i) + 1;
    item.due_date = r.due_date;
    item.condition = r.condition;
    item.minimum_grade = r.minimum_grade;
    item.amount = r.amount ? *r.amount : apply_rate(price, *r.share).value_or(money{});
    total.fen += item.amount.fen;
    schedule.push_back(item);
  }
  // Shares that add up to 100 % describe the whole price: the last instalment takes the
  // remainder of the rounding, so the schedule sums exactly to the price.
  basis_points shares = 0;
  bool all_shares = true;
  for (const auto& r : requests) {
    shares += r.share.value_or(0);
    all_shares = all_shares && r.share.has_value();
  }
  if (all_shares && shares == 10000 && last_share) {
    schedule[*last_share].amount.fen += price.fen - total.fen;
    total = price;
  }
  // A share of a small price, or the rounding the last share absorbs, can come to nothing or less.
  for (std::size_t i = 0; i < schedule.size(); ++i)
    if (schedule[i].amount.fen <= 0)
      errors.add("/instalments/" + std::to_string(i), "comes to " + format_yuan(schedule[i].amount) + " of " +
                                                          format_yuan(price) + ": an instalment pays at least 0.01");
  if (!errors.empty()) return errors.to_error();
  if (total != price) {
    const std::int64_t difference = total.fen - price.fen;
    return error::rule("/instalments", "the instalments sum to " + format_yuan(total) + ", " +
                                           format_yuan(money{difference < 0 ? -difference : difference}) +
                                           (difference < 0 ? " less than" : " more than") + " the price " +
                                           format_yuan(price));
  }
  return schedule;
}

result<contract> set_schedule(contract_repository& contracts, contract c, std::vector<instalment> schedule,
                              timestamp now) {
  (void)now;
  if (c.state == contract_state::completed || c.state == contract_state::terminated ||
      c.state == contract_state::cancelled)
    return error::conflict("the contract is " + std::string(to_string(c.state)));
  if (std::any_of(c.schedule.begin(), c.schedule.end(), [](const instalment& i) { return i.released(); }))
    return error::conflict("instalments have been released: change the schedule through an amendment");
  // Once a party has signed, the schedule it saw is part of what it signed: replacing it takes
  // the supplier's agreement (SPEC §3.6). A contract signed without any schedule exists only from
  // before signing required one (decision 74); the purchaser may still set that one.
  if ((c.purchaser_signed_at || c.supplier_signed_at) && !c.schedule.empty())
    return error::conflict("the contract was signed with this schedule: change it through an amendment that the "
                           "supplier agrees to");
  c.schedule = std::move(schedule);
  return saved(contracts, std::move(c));
}

namespace {

/// 优 > 良 > 中 > 差
int grade_order(const std::string& grade) {
  if (grade == "优") return 4;
  if (grade == "良") return 3;
  if (grade == "中") return 2;
  if (grade == "差") return 1;
  return 0;
}

/// Why a grade cannot be used yet, or nothing when it stands.
std::optional<std::string> grade_wait(const grade_standing& standing) {
  if (standing.appeal_open)
    return standing.basis + " is under appeal: its grade applies once the evaluator has answered the appeal";
  if (standing.waits_until)
    return standing.basis + " may still be appealed until " + format_rfc3339(*standing.waits_until) +
           ": its grade applies after that, or once an appeal is answered";
  return std::nullopt;
}

}  // namespace

bool condition_met(const instalment& i, const condition_facts& facts) {
  switch (i.condition) {
    case condition_kind::none: return true;
    case condition_kind::report_accepted: return facts.report_accepted;
    case condition_kind::evaluation_grade:
      return facts.latest.grade && grade_order(*facts.latest.grade) >= grade_order(i.minimum_grade);
  }
  return false;
}

bool is_final_instalment(const contract& c, const instalment& i) {
  return std::none_of(c.schedule.begin(), c.schedule.end(), [&](const instalment& other) { return other.number > i.number; });
}

std::optional<error> release_obstacle(const contract& c, const instalment& i, const condition_facts& facts) {
  if (c.state != contract_state::active)
    return error::conflict("instalments are released on an active contract; this one is " + std::string(to_string(c.state)));
  const std::string name = "instalment " + std::to_string(i.number);
  if (i.released()) return error::conflict(name + " was already released");
  if (i.condition == condition_kind::report_accepted && !condition_met(i, facts))
    return error::conflict(name + " waits for its condition: an accepted service report covering the time since the "
                                  "previous instalment's due date");
  if (i.condition == condition_kind::evaluation_grade) {
    // The latest evaluation, mid-term or final, decides (SPEC §3.6: e.g. "mid-term evaluation
    // grade at least 中"), once its grade can no longer change by appeal.
    const std::string condition = name + " waits for its condition: the grade of the latest evaluation of the contract "
                                         "(mid-term or final) at least " + i.minimum_grade;
    if (const auto wait = grade_wait(facts.latest)) return error::conflict(condition + "; " + *wait);
    if (!facts.latest.grade) return error::conflict(condition + "; no evaluation of this contract is finalized yet");
    if (!condition_met(i, facts))
      return error::conflict(condition + "; " + facts.latest.basis + " graded it " + *facts.latest.grade);
  }
  if (is_final_instalment(c, i)) {
    const auto& standing = facts.final_evaluation;
    if (const auto wait = grade_wait(standing))
      return error::conflict("the final instalment depends on the final evaluation's grade; " + *wait);
    if (!standing.grade)
      return error::conflict("the final instalment waits for the final performance evaluation, whose grade decides how "
                             "much of it is paid");
    if (standing.withheld)
      return error::conflict("the final instalment is withheld: " + standing.basis + " graded the service " +
                             *standing.grade + ", and the contract is flagged for termination");
  }
  return std::nullopt;
}

result<contract> release_instalment(contract_repository& contracts, contract c, std::int64_t number,
                                    const condition_facts& facts, const pending_deduction& penalties, timestamp now) {
  auto found = std::find_if(c.schedule.begin(), c.schedule.end(), [&](const instalment& i) { return i.number == number; });
  if (found == c.schedule.end())
    return c.state == contract_state::active
               ? error::not_found("no instalment " + std::to_string(number))
               : error::conflict("instalments are released on an active contract; this one is " +
                                 std::string(to_string(c.state)));
  if (auto obstacle = release_obstacle(c, *found, facts)) return std::move(*obstacle);
  // The final instalment is the one numbered highest: after an amendment the numbers need not run
  // 1..size (released instalments keep theirs). The grade's payment rule applies to it.
  const bool final_instalment = is_final_instalment(c, *found);
  money adjustment;
  if (final_instalment) {
    const auto& standing = facts.final_evaluation;
    adjustment.fen = found->amount.fen - apply_rate(found->amount, standing.paid_share).value_or(found->amount).fen;
    if (adjustment.fen > 0)
      found->grade_adjustment_reason = standing.basis + " graded the service " + *standing.grade + ": " +
                                       format_yuan(apply_rate(found->amount, standing.paid_share).value_or(found->amount)) +
                                       " of " + format_yuan(found->amount) + " is paid (" +
                                       std::to_string(standing.paid_share / 100) + "%)";
  }
  // Penalties are taken from what the grade leaves; what they exceed stays pending.
  const money taken{std::min(std::max<std::int64_t>(penalties.amount.fen, 0), found->amount.fen - adjustment.fen)};
  found->grade_adjustment = adjustment;
  found->deducted = taken;
  if (taken.fen > 0) {
    found->deduction_reason = penalties.reason;
    if (taken < penalties.amount)
      found->deduction_reason += "; " + format_yuan(taken) + " of the " + format_yuan(penalties.amount) +
                                 " pending is taken here, the rest from the next instalments";
  }
  found->released_amount = money{found->amount.fen - adjustment.fen - taken.fen};
  found->released_at = now;
  found->released_late = china_date(now) > found->due_date;
  // Everything paid and the service period over: the contract is completed.
  if (!completion_obstacle(c, now)) return complete_contract(contracts, std::move(c), now);
  return saved(contracts, std::move(c));
}

std::optional<std::string> completion_obstacle(const contract& c, timestamp now) {
  if (c.state != contract_state::active) return "the contract is " + std::string(to_string(c.state));
  for (const auto& i : c.schedule)
    if (!i.released()) return "instalment " + std::to_string(i.number) + " is not released yet";
  if (c.schedule.empty()) return "the contract has no payment schedule";
  const auto service_end = service_period_end(c.service_start, c.service_months);
  if (std::chrono::sys_days{china_date(now)} < std::chrono::sys_days{service_end})
    return "the service period runs until " + format_date(service_end);
  return std::nullopt;
}

result<contract> complete_contract(contract_repository& contracts, contract c, timestamp now) {
  if (const auto obstacle = completion_obstacle(c, now))
    return error::conflict(*obstacle + ": a contract is completed once every instalment is released and its service "
                                       "period is over");
  c.state = contract_state::completed;
  c.ended_at = now;
  c.end_reason = "completed: every instalment released and the service period over";
  return saved(contracts, std::move(c));
}

namespace {

std::optional<error> graded_schedule(const grade_standing& final_grade, const std::vector<instalment>& schedule) {
  if (schedule.empty() || !(final_grade.grade || final_grade.waiting())) return std::nullopt;
  return error::conflict("the final evaluation (" + final_grade.basis +
                         ") has graded the contract: the instalments its grade pays or withholds are no longer amended");
}

}  // namespace

result<contract> propose_amendment(contract_repository& contracts, contract c, const std::string& organization_id,
                                   std::string reason, money added_value, std::vector<instalment> schedule,
                                   const grade_standing& final_grade, timestamp now) {
  if (c.state != contract_state::active) return error::conflict("only an active contract is amended");
  if (auto graded = graded_schedule(final_grade, schedule)) return *graded;
  if (organization_id != c.purchaser_id && organization_id != c.supplier_id) return stale_or_missing("no contract " + c.id);
  if (reason.empty()) return error::rule("/reason", "an amendment needs a reason");
  if (added_value.fen < 0) return error::rule("/added_value/amount", "added value must not be negative");
  for (const auto& a : c.amendments)
    if (a.pending())
      return error::conflict("amendment " + std::to_string(a.number) +
                             " still awaits agreement: the other party agrees to it or declines it, or its proposer "
                             "withdraws it");
  const money headroom = amendment_headroom(c);
  if (added_value > headroom)
    return error::rule("/added_value/amount", "amendments may add at most 10% of the original price " +
                                                  format_yuan(c.original_price) + " in total; the remaining headroom is " +
                                                  format_yuan(headroom));
  contract_amendment amendment{static_cast<std::int64_t>(c.amendments.size()) + 1, std::move(reason), added_value,
                               organization_id, now, std::nullopt, std::move(schedule), std::nullopt};
  c.amendments.push_back(std::move(amendment));
  return saved(contracts, std::move(c));
}

result<contract> agree_amendment(contract_repository& contracts, contract c, std::int64_t number,
                                 const std::string& organization_id, const grade_standing& final_grade, timestamp now) {
  // Only an active contract is amended: a terminated or completed one has its ledger closed, and
  // a proposal made while it was active must not reopen it.
  if (c.state != contract_state::active)
    return error::conflict("only an active contract is amended; this one is " + std::string(to_string(c.state)));
  auto found = std::find_if(c.amendments.begin(), c.amendments.end(),
                            [&](const contract_amendment& a) { return a.number == number; });
  if (found == c.amendments.end()) return error::not_found("no amendment " + std::to_string(number));
  if (!found->pending()) return error::conflict(settled(*found));
  if (organization_id == found->proposed_by) return error::conflict("the other party agrees to an amendment");
  if (organization_id != c.purchaser_id && organization_id != c.supplier_id) return stale_or_missing("no contract " + c.id);
  if (found->added_value > amendment_headroom(c))
    return error::rule("/added_value/amount", "the amendment would exceed 10% of the original price");
  if (auto graded = graded_schedule(final_grade, found->schedule)) return *graded;
  const money new_price{c.price.fen + found->added_value.fen};
  std::vector<instalment> merged;
  if (!found->schedule.empty()) {
    auto proposed = applicable_schedule(c, found->schedule, new_price);
    if (!proposed) return proposed.failure();
    // Released instalments stay as they were, numbers included (releases and audit entries name
    // them); the new schedule replaces the rest and is numbered after the highest kept number, so
    // that it never takes the number of a kept instalment, whatever order they were released in.
    std::int64_t highest_kept = 0;
    for (const auto& i : c.schedule)
      if (i.released()) {
        merged.push_back(i);
        highest_kept = std::max(highest_kept, i.number);
      }
    for (auto i : *proposed) {
      i.number = ++highest_kept;
      merged.push_back(i);
    }
  }
  found->agreed_at = now;
  c.price = new_price;
  if (!found->schedule.empty()) c.schedule = std::move(merged);
  return saved(contracts, std::move(c));
}

result<contract> decline_amendment(contract_repository& contracts, contract c, std::int64_t number,
                                   const std::string& organization_id, std::string reason, timestamp now) {
  // As for agreement: the answer belongs to a contract in force, and one that has ended has
  // nothing left to answer.
  if (c.state != contract_state::active)
    return error::conflict("only an amendment of an active contract is declined; this one is " +
                           std::string(to_string(c.state)));
  return end_amendment(contracts, std::move(c), number, organization_id, amendment_end::declined, std::move(reason), now);
}

result<contract> withdraw_amendment(contract_repository& contracts, contract c, std::int64_t number,
                                    const std::string& organization_id, std::string reason, timestamp now) {
  return end_amendment(contracts, std::move(c), number, organization_id, amendment_end::withdrawn, std::move(reason), now);
}

}  // namespace procura::contracts
