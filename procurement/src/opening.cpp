#include "procura/procurement/opening.hpp"

#include <algorithm>

#include "procura/procurement/scoring.hpp"

namespace procura::procurement {
namespace {

/// Whole years from `from` to the China date of `at`.
std::int64_t whole_years_between(std::chrono::year_month_day from, timestamp at) {
  const auto to = china_date(at);
  std::int64_t years = static_cast<int>(to.year()) - static_cast<int>(from.year());
  if (std::chrono::month_day{to.month(), to.day()} < std::chrono::month_day{from.month(), from.day()}) --years;
  return years;
}

std::string percent(basis_points share) {
  return std::to_string(share / 100) + "." + (share % 100 < 10 ? "0" : "") + std::to_string(share % 100) + "%";
}

qualification_check price_within_ceiling_check(const bid& b, const tender& t) {
  const bool within = b.content.price.fen <= t.terms.budget_ceiling.fen;
  return {"price_within_ceiling", within,
          "price " + format_yuan(b.content.price) + (within ? " within" : " above") + " the budget ceiling " +
              format_yuan(t.terms.budget_ceiling) + (within ? "" : ": invalid by law (87号令 §63(5))")};
}

/// The tender requires at least ceil(N/S) posts (SPEC §3.3): submission only told the bidder of a
/// shortfall, so the review checks it too. The purchaser may still confirm it with a reason.
qualification_check posts_vs_minimum_check(const bid& b, const tender& t) {
  return {"posts_vs_minimum", social_worker_posts(b.content.staffing, t.terms.service_months) >= t.minimum_posts(),
          posts_against_minimum(b.content.staffing, t)};
}

}  // namespace

std::size_t minimum_competition(procurement_method method) {
  switch (method) {
    case procurement_method::open_tender: return 3;
    case procurement_method::competitive_consultation: return 2;
    case procurement_method::single_source: return 1;
  }
  return 3;
}

std::vector<qualification_check> qualification_checks(const catalogue_item& item, const qualification_extras& extras,
                                                      const qualification_profile& profile,
                                                      const declarations& declared, timestamp at) {
  std::vector<qualification_check> checks;
  const auto& conditions = item.qualification;
  const std::int64_t minimum_years =
      std::max(conditions.minimum_years_established, extras.minimum_years_established.value_or(0));
  const std::int64_t years = whole_years_between(profile.registration_date, at);
  checks.push_back({"years_established", years >= minimum_years,
                    std::to_string(years) + " years since registration; at least " + std::to_string(minimum_years) +
                        " required"});
  const basis_points minimum_share =
      std::max(conditions.minimum_certified_share, extras.minimum_certified_share.value_or(0));
  const std::int64_t staff = profile.staff.total();
  const basis_points share = staff == 0 ? 0 : profile.staff.certified() * 10000 / staff;
  checks.push_back({"certified_share", staff > 0 && share >= minimum_share,
                    std::to_string(profile.staff.certified()) + " of " + std::to_string(staff) + " staff certified (" +
                        percent(share) + "); at least " + percent(minimum_share) + " required"});
  if (extras.minimum_certified_workers)
    checks.push_back({"certified_workers", profile.staff.certified() >= *extras.minimum_certified_workers,
                      std::to_string(profile.staff.certified()) + " certified social workers; at least " +
                          std::to_string(*extras.minimum_certified_workers) + " required"});
  // The profile is what the supplier recorded about itself; the bid's declaration is what it
  // signed for this tender. A bidder that declares non-compliance in the bid is not qualified
  // by an older, rosier profile.
  const auto compliance = [&](const char* name, bool profile_says, bool bid_declares, const std::string& condition) {
    std::string detail = (profile_says ? "profile: " : "profile: not ") + condition;
    detail += bid_declares ? "; declared in the bid" : "; the bid does not declare it";
    checks.push_back({name, profile_says && bid_declares, std::move(detail)});
  };
  if (conditions.no_serious_violation_in_three_years)
    compliance("no_serious_violation", !profile.serious_violation_last_three_years, declared.no_serious_violation,
               "free of serious violations in the last three years");
  if (conditions.tax_and_social_insurance_compliance) {
    compliance("tax_compliance", profile.tax_compliant, declared.tax_compliant, "tax compliant");
    compliance("social_insurance_compliance", profile.social_insurance_compliant, declared.social_insurance_compliant,
               "social insurance compliant");
  }
  return checks;
}

result<opening_result> open_bids(tender_repository& tenders, bid_repository& bids, profile_repository& profiles,
                                 catalogue_repository& catalogue, tender t, timestamp now) {
  if (t.state != tender_state::published)
    return error::conflict("the tender is " + display_status(t, now) + "; only a closed tender can be opened");
  if (!t.deadline_passed(now))
    return error::conflict("bids are opened at the deadline, not before: " + format_rfc3339(t.terms.deadline));
  std::vector<bid> active;
  for (auto& b : bids.of_tender(t.id))
    if (b.state == bid_state::active) active.push_back(std::move(b));
  const auto item = catalogue.version(t.catalogue_code, t.catalogue_version);
  if (!item) return error::make(error_kind::internal, "the pinned catalogue version is missing");
  t.opened_at = now;
  const auto minimum = minimum_competition(t.terms.method);
  if (active.size() < minimum) {
    t.state = tender_state::failed;
    t.ended_at = now;
    t.end_reason = "fewer than " + std::to_string(minimum) + " bids: " + std::to_string(active.size()) + " received";
  } else {
    t.state = tender_state::opened;
  }
  for (auto& b : active) {
    const auto profile = profiles.version(b.supplier_id, b.profile_version);
    b.qualification.reviewed = true;
    if (profile) {
      // As the supplier stood when bids closed: the day the purchaser opens them decides nothing.
      b.qualification.checks = qualification_checks(*item, t.terms.extras, *profile, b.content.declared, t.terms.deadline);
    } else {
      b.qualification.checks = {{"profile", false, "the pinned profile version is missing"}};
    }
    // Submission refused a price above the ceiling, but an amendment may have lowered the
    // ceiling since this bid was sealed: the bid is then invalid (law, 87号令 §63(5)).
    b.qualification.checks.push_back(price_within_ceiling_check(b, t));
    b.qualification.checks.push_back(posts_vs_minimum_check(b, t));
    b.qualification.automatic_pass =
        std::all_of(b.qualification.checks.begin(), b.qualification.checks.end(), [](const auto& c) { return c.passed; });
    bids.update_review(b);
  }
  ++t.version;
  tenders.update(t);
  return opening_result{std::move(t), std::move(active)};
}

bool qualification_complete(const std::vector<bid>& all) {
  bool any = false;
  for (const auto& b : all) {
    if (b.state != bid_state::active) continue;
    any = true;
    if (!b.qualification.qualified.has_value()) return false;
  }
  return any;
}

std::vector<bid> eligible_bids(const std::vector<bid>& all) {
  std::vector<bid> eligible;
  for (const auto& b : all)
    if (b.state == bid_state::active && b.qualification.is_qualified() && !b.abnormal.excludes()) eligible.push_back(b);
  return eligible;
}

void flag_abnormal_prices(std::vector<bid>& qualified, const tender& t, const std::optional<benchmark_set>& benchmarks) {
  for (std::size_t i = 0; i < qualified.size(); ++i) {
    auto& b = qualified[i];
    std::vector<money> others;
    for (std::size_t j = 0; j < qualified.size(); ++j)
      if (j != i) others.push_back(qualified[j].content.price);
    std::vector<std::string> reasons;
    if (below_share_of_others_mean(b.content.price, others, t.terms.abnormal_price_threshold))
      reasons.push_back("the price is below " + std::to_string(t.terms.abnormal_price_threshold / 100) +
                        "% of the mean of the other qualified bids");
    if (benchmarks) {
      const auto payroll = payroll_cost(b.content.staffing, *benchmarks, true);
      if (payroll && b.content.price < *payroll)
        reasons.push_back("the price " + format_yuan(b.content.price) +
                          " is below the benchmark payroll cost of its own staffing plan, " + format_yuan(*payroll));
    }
    b.abnormal.flagged = !reasons.empty();
    b.abnormal.reasons = std::move(reasons);
  }
}

result<qualification_result> decide_qualification(tender_repository& tenders, bid_repository& bids,
                                                  benchmark_repository& benchmarks, tender t,
                                                  const std::vector<qualification_decision>& decisions, timestamp now) {
  if (t.state != tender_state::opened)
    return error::conflict("qualification is reviewed after opening; the tender is " + display_status(t, now));
  auto all = bids.of_tender(t.id);
  if (qualification_complete(all)) return error::conflict("the qualification review is already complete");
  validation_errors errors;
  for (std::size_t i = 0; i < decisions.size(); ++i) {
    const auto& decision = decisions[i];
    const std::string at = "/decisions/" + std::to_string(i);
    auto found = std::find_if(all.begin(), all.end(), [&](const bid& b) { return b.id == decision.bid_id; });
    if (found == all.end() || found->state != bid_state::active) {
      errors.add(at + "/bid_id", "no active bid " + decision.bid_id + " on this tender");
      continue;
    }
    if (decision.qualified && found->content.price.fen > t.terms.budget_ceiling.fen) {
      errors.add(at + "/qualified", "the price " + format_yuan(found->content.price) + " exceeds the budget ceiling " +
                                        format_yuan(t.terms.budget_ceiling) +
                                        ": the bid is invalid by law (87号令 §63(5)) and cannot be qualified");
      continue;
    }
    if (decision.qualified != found->qualification.automatic_pass && decision.reason.empty())
      errors.add(at + "/reason", "overriding the automatic result needs a written reason");
    found->qualification.qualified = decision.qualified;
    found->qualification.reason = decision.reason;
  }
  if (!errors.empty()) return errors.to_error();
  for (const auto& decision : decisions)
    for (const auto& b : all)
      if (b.id == decision.bid_id) bids.update_review(b);

  qualification_result outcome{t, {}, qualification_complete(all)};
  if (outcome.complete) {
    std::vector<bid> qualified;
    for (const auto& b : all)
      if (b.state == bid_state::active && b.qualification.is_qualified()) qualified.push_back(b);
    const auto minimum = minimum_competition(t.terms.method);
    if (qualified.size() < minimum) {
      outcome.t.state = tender_state::failed;
      outcome.t.ended_at = now;
      outcome.t.end_reason = "fewer than " + std::to_string(minimum) + " qualified bids: " +
                             std::to_string(qualified.size()) + " passed qualification";
    } else {
      flag_abnormal_prices(qualified, t, applicable_benchmark(benchmarks, t.terms.region, static_cast<int>(t.terms.service_start.year())));
      for (const auto& b : qualified) {
        bids.update_review(b);
        for (auto& stored : all)
          if (stored.id == b.id) stored = b;
      }
    }
    ++outcome.t.version;
    tenders.update(outcome.t);
  }
  outcome.bids = std::move(all);
  return outcome;
}

bool fail_if_competition_lost(tender_repository& tenders, tender& t, const std::vector<bid>& bids, timestamp now) {
  if (t.state != tender_state::opened || !qualification_complete(bids)) return false;
  const auto remaining = eligible_bids(bids).size();
  const auto minimum = minimum_competition(t.terms.method);
  if (remaining >= minimum) return false;
  t.state = tender_state::failed;
  t.ended_at = now;
  t.end_reason = "fewer than " + std::to_string(minimum) + " eligible bids: " + std::to_string(remaining) +
                 " remain after qualification and abnormal-price decisions";
  ++t.version;
  tenders.update(t);
  return true;
}

result<bid> decide_abnormal_price(bid_repository& bids, const tender& t, bid flagged, std::string explanation,
                                  bool accepted, timestamp now) {
  if (t.state != tender_state::opened)
    return error::conflict("abnormal prices are decided while the bids are evaluated; the tender is " +
                           display_status(t, now));
  if (!flagged.abnormal.flagged) return error::conflict("this bid's price is not flagged as abnormally low");
  if (flagged.abnormal.accepted.has_value()) return error::conflict("a decision on this price is already recorded");
  if (explanation.empty()) return error::rule("/explanation", "record the bidder's explanation");
  flagged.abnormal.explanation = std::move(explanation);
  flagged.abnormal.accepted = accepted;
  bids.update_review(flagged);
  return flagged;
}

}  // namespace procura::procurement
