#include "procura/transparency/red_flags.hpp"

#include <algorithm>
#include <map>

#include "procura/core/wide_integer.hpp"

namespace procura::transparency {
namespace {

using bid = bid_outline;

std::string tender_path(const tender_outline& t) { return "/api/v1/tenders/" + t.id; }

std::vector<bid> active(const std::vector<bid>& bids) {
  std::vector<bid> out;
  for (const auto& b : bids)
    if (b.state == procurement::bid_state::active) out.push_back(b);
  return out;
}

/// a is within `share` basis points of b (|a − b| ≤ share × b).
bool within(money a, money b, basis_points share) {
  const std::int64_t difference = a.fen > b.fen ? a.fen - b.fen : b.fen - a.fen;
  return static_cast<wide_integer>(difference) * 10000 <= static_cast<wide_integer>(share) * b.fen;
}

/// The quantile at `quarters`/4 of sorted values, interpolating linearly between neighbours.
rational quantile(const std::vector<std::int64_t>& sorted, std::int64_t quarters) {
  const std::int64_t scaled = quarters * static_cast<std::int64_t>(sorted.size() - 1);  // position × 4
  const auto below = static_cast<std::size_t>(scaled / 4);
  const rational fraction(scaled % 4, 4);
  if (below + 1 >= sorted.size()) return rational{sorted.back()};
  return rational{sorted[below]} + fraction * rational{sorted[below + 1] - sorted[below]};
}

std::string days_text(std::chrono::seconds span) { return std::to_string(span.count() / 86400) + " days"; }

}  // namespace

bool instalment_overdue(const contracts::contract& c, const contracts::instalment& i,
                        const std::vector<contracts::service_report>& reports, const contracts::condition_facts& grades,
                        timestamp now) {
  if (i.released() || china_date(now) <= i.due_date) return false;
  auto facts = grades;
  facts.report_accepted = contracts::report_condition_met(c, i.number, reports);
  return !contracts::release_obstacle(c, i, facts);
}

bool caseload_above_standard(std::int64_t clients_served, std::int64_t workers, std::int64_t staffing_standard) {
  if (clients_served <= 0 || staffing_standard <= 0) return false;
  return static_cast<wide_integer>(clients_served) > static_cast<wide_integer>(workers) * staffing_standard;
}

bool disqualified(const bid_outline& b) { return b.qualified == false || b.excluded; }

tender_outline outline_of(const procurement::tender& t, std::optional<std::string> contract_id) {
  return {.id = t.id,
          .state = t.state,
          .method = t.terms.method,
          .single_source_justification = t.terms.single_source_justification,
          .budget_ceiling = t.terms.budget_ceiling,
          .deadline = t.terms.deadline,
          .published_at = t.published_at,
          .opened_at = t.opened_at,
          .awarded_at = t.awarded_at,
          .awarded_bid_id = t.awarded_bid_id,
          .contract_id = std::move(contract_id)};
}

bid_outline outline_of(const procurement::bid& b) {
  return {.id = b.id,
          .tender_id = b.tender_id,
          .supplier_id = b.supplier_id,
          .state = b.state,
          .qualified = b.qualification.qualified,
          .excluded = b.abnormal.excludes(),
          .price = b.content.price};
}

std::optional<rational> lower_fence(std::vector<std::int64_t> values) {
  if (values.size() < 4) return std::nullopt;
  std::sort(values.begin(), values.end());
  const rational q1 = quantile(values, 1);
  const rational q3 = quantile(values, 3);
  return q1 - rational(3, 2) * (q3 - q1);
}

std::vector<red_flag> tender_flags(const tender_facts& facts, const thresholds& limits, timestamp now) {
  const auto& t = facts.t;
  std::vector<red_flag> flags;
  const auto flag = [&](std::string code, std::string title, std::string object, std::string detail) {
    flags.push_back({std::move(code), std::move(title), std::move(object), std::move(detail), {}});
  };
  if (t.state == procurement::tender_state::draft) return flags;
  if (t.method == procurement::procurement_method::single_source)
    flag("PRC-SINGLE-SOURCE", "single-source procurement", tender_path(t),
         "single source (单一来源): " + t.single_source_justification);
  if (t.published_at) {
    const auto period = t.deadline - *t.published_at;
    if (period < procurement::minimum_submission_period(t.method))
      flag("R003", "short submission period", tender_path(t),
           "submission period of " + std::to_string(period.count() / 86400) + " days is below the legal minimum");
  }

  // Withdrawn bids are rare: the active ones are copied out only when there is one.
  const bool all_active = std::all_of(facts.bids.begin(), facts.bids.end(),
                                      [](const bid& b) { return b.state == procurement::bid_state::active; });
  const std::vector<bid> filtered = all_active ? std::vector<bid>{} : active(facts.bids);
  const std::vector<bid>& bids = all_active ? facts.bids : filtered;
  if (!procurement::bids_are_sealed(t.state) && t.opened_at) {
    if (bids.size() == 1) flag("R018", "single bid received", tender_path(t), "1 bid received");
    std::int64_t qualified = 0, rejected = 0;
    for (const auto& b : bids) {
      if (b.qualified == true && !b.excluded) ++qualified;
      if (disqualified(b)) ++rejected;
    }
    const bool review_done = std::all_of(bids.begin(), bids.end(), [](const bid& b) {
      return b.qualified.has_value();
    });
    // A tender that failed at opening, with too few bids to review, had none qualified either:
    // the case the flag is for, not one it may skip.
    const bool failed_unreviewed = t.state == procurement::tender_state::failed && !(review_done && !bids.empty());
    if (failed_unreviewed)
      flag("PRC-FEW-QUALIFIED", "fewer than 3 qualified bids", tender_path(t),
           std::to_string(bids.size()) + (bids.size() == 1 ? " bid" : " bids") +
               " received and none qualified: the tender failed at opening with too few bids to review them");
    else if (!bids.empty() && review_done && qualified < 3)
      flag("PRC-FEW-QUALIFIED", "fewer than 3 qualified bids", tender_path(t),
           std::to_string(qualified) + " of " + std::to_string(bids.size()) + " bids qualified");
    // Not Cardinal's R038 (a high outlier of the disqualified share per buyer or tenderer across
    // processes): a fixed share within one tender (decision 55).
    if (!bids.empty() && rejected * 10000 >= limits.excessive_disqualification * static_cast<std::int64_t>(bids.size()) && rejected > 0)
      flag("PRC-MANY-DISQUALIFIED", "many bids disqualified", tender_path(t),
           std::to_string(rejected) + " of " + std::to_string(bids.size()) + " bids disqualified");
    const auto lowest = std::min_element(bids.begin(), bids.end(),
                                         [](const bid& a, const bid& b) { return a.price < b.price; });
    if (lowest != bids.end() && disqualified(*lowest))
      flag("R036", "lowest bid disqualified", tender_path(t) + "/bids/" + lowest->id,
           "the lowest price " + format_yuan(lowest->price) + " was disqualified");
    std::vector<std::int64_t> amounts;
    amounts.reserve(bids.size());
    for (const auto& b : bids) amounts.push_back(b.price.fen);
    std::sort(amounts.begin(), amounts.end());
    // Each run of equal prices, lowest price first.
    for (auto run = amounts.begin(); run != amounts.end();) {
      const auto end = std::upper_bound(run, amounts.end(), *run);
      if (end - run > 1)
        flag("R028", "identical bid prices", tender_path(t),
             std::to_string(end - run) + " bids at exactly " + format_yuan(money{*run}));
      run = end;
    }
    // Not Cardinal's R058 (the winner's discount to the second-lowest valid bid, an outlier across
    // processes): a valid bid far below the other valid prices of this tender (decision 55).
    // Disqualified bids are neither counted in the fence nor flagged.
    std::vector<std::int64_t> valid_amounts;
    for (const auto& b : bids)
      if (!disqualified(b)) valid_amounts.push_back(b.price.fen);
    if (const auto fence = lower_fence(valid_amounts))
      for (const auto& b : bids)
        if (!disqualified(b) && rational{b.price.fen} < *fence)
          flag("PRC-LOW-OUTLIER-BID", "bid price a low outlier", tender_path(t) + "/bids/" + b.id,
               format_yuan(b.price) + " is below the 1.5 × IQR lower fence of this tender's valid prices (" +
                   (*fence / rational{100}).to_decimal(2) + " yuan)");
  }

  if (!t.awarded_bid_id.empty()) {
    const auto winner = std::find_if(bids.begin(), bids.end(), [&](const bid& b) { return b.id == t.awarded_bid_id; });
    if (winner != bids.end()) {
      if (within(winner->price, t.budget_ceiling, limits.ceiling_closeness) && winner->price <= t.budget_ceiling)
        flag("PRC-NEAR-CEILING", "winning price within 1% of the budget ceiling", tender_path(t),
             format_yuan(winner->price) + " against a ceiling of " + format_yuan(t.budget_ceiling));
      // Not Cardinal's R024 (an outlier of the winner's discount across processes): another
      // valid bid within a fixed share of the winning price (decision 55).
      for (const auto& b : bids)
        if (b.id != winner->id && !disqualified(b) && within(b.price, winner->price, limits.price_closeness))
          flag("PRC-CLOSE-TO-WINNER", "valid bid priced close to the winning bid", tender_path(t) + "/bids/" + b.id,
               format_yuan(b.price) + " is within " + (rational(limits.price_closeness, 100)).to_decimal(2) +
                   "% of the winning " + format_yuan(winner->price));
      const bool others_all_out = bids.size() >= 2 && std::all_of(bids.begin(), bids.end(), [&](const bid& b) {
        return b.id == winner->id || disqualified(b);
      });
      if (others_all_out)
        flag("R035", "all except the winning bid disqualified", tender_path(t),
             std::to_string(bids.size() - 1) + " other bids disqualified");
    }
  }

  // Signing is due within 30 days of the award: a contract still unsigned (or not yet drafted)
  // after that is flagged at once, not only once someone signs late.
  const bool signing_overdue = t.awarded_at && now > contracts::signing_due(*t.awarded_at);
  // A cancelled draft (ended, or set aside when the award was made again) is no contract: it
  // raises no contract flags, and the award it leaves without one is flagged like any other.
  const bool contract_drafted = facts.contract && facts.contract->state != contracts::contract_state::cancelled;
  const bool awaiting_contract = t.state == procurement::tender_state::awarded ||
                                 (t.state == procurement::tender_state::contracted && !contract_drafted);
  if (!contract_drafted && signing_overdue && awaiting_contract)
    flag("PRC-LATE-SIGNING", "no contract signed 30 days after the award", tender_path(t),
         "awarded " + format_rfc3339(*t.awarded_at) + ", no contract after " + days_text(now - *t.awarded_at));

  if (contract_drafted) {
    const auto& c = *facts.contract;
    const std::string path = "/api/v1/contracts/" + c.id;
    if (!c.late_signing_reason.empty())
      flag("PRC-LATE-SIGNING", "contract signed more than 30 days after the award", path, c.late_signing_reason);
    else if (c.state == contracts::contract_state::draft && now > contracts::signing_due(c.awarded_at))
      flag("PRC-LATE-SIGNING", "contract unsigned 30 days after the award", path,
           "awarded " + format_rfc3339(c.awarded_at) + ", still unsigned after " + days_text(now - c.awarded_at) +
               (c.purchaser_signed_at ? " (signed by the purchaser only)"
                                      : c.supplier_signed_at ? " (signed by the supplier only)" : ""));
    const auto added = c.added_value();
    if (static_cast<wide_integer>(added.fen) * 10000 >= static_cast<wide_integer>(limits.amendment_warning) * c.original_price.fen &&
        added.fen > 0)
      flag("PRC-AMENDMENTS-NEAR-CAP", "amendments near the 10% limit", path,
           "amendments add " + format_yuan(added) + " to an original price of " + format_yuan(c.original_price));
    // An obligation of a signed contract: unreleased past its due date counts as late now.
    const bool paying = c.state == contracts::contract_state::active || c.state == contracts::contract_state::completed;
    for (const auto& i : c.schedule)
      if (i.released_late)
        flag("PRC-LATE-INSTALMENT", "instalment released late", path + "/instalments",
             "instalment " + std::to_string(i.number) + " due " + format_date(i.due_date) + " released " +
                 format_rfc3339(*i.released_at));
      else if (paying && instalment_overdue(c, i, facts.reports, facts.grades, now))
        flag("PRC-LATE-INSTALMENT", "instalment overdue and unreleased", path + "/instalments",
             "instalment " + std::to_string(i.number) + " due " + format_date(i.due_date) + " unreleased as of " +
                 format_rfc3339(now));
    if (facts.coverage)
      for (const auto& m : facts.coverage->months)
        if (m.shortfall.fen > 0) {
          flag("PRC-PAYROLL-SHORTFALL", "payroll not covered by receipts and reserve", path + "/payroll-coverage",
               "month " + std::to_string(m.month) + ": short by " + format_yuan(m.shortfall));
          break;
        }
    for (const auto& r : facts.reports) {
      if (r.status != contracts::report_status::accepted) continue;
      const std::int64_t workers = r.workers_total();
      // The posts of the report's own months (one whose months are over is not missing), each
      // filled only by a worker at its level or above.
      const std::int64_t contracted = contracts::most_posts_contracted_during(c, r);
      if (const auto unfilled = contracts::most_posts_unfilled_during(c, r); unfilled > 0)
        flag("PRC-UNDERSTAFFED", "staffing below the contract in a report", path + "/reports",
             format_date(r.period_start) + ": " + std::to_string(workers) + " workers for " +
                 std::to_string(contracted) + " contracted posts, " + std::to_string(unfilled) +
                 " unfilled at their level");
      // The staffing standard: at most `staffing_standard` clients served per social worker.
      const std::int64_t qualified = r.qualified_workers();
      if (caseload_above_standard(r.counts.clients_served, qualified, c.staffing_standard))
        flag("PRC-UNDERSTAFFED", "caseload per worker above the staffing standard in a report", path + "/reports",
             format_date(r.period_start) + ": " + std::to_string(r.counts.clients_served) + " clients served by " +
                 std::to_string(qualified) + " qualified workers, above the standard of " +
                 std::to_string(c.staffing_standard) +
                 " clients per worker");
    }
  }
  return flags;
}

std::vector<red_flag> purchaser_flags(const std::string& purchaser_id, const std::vector<tender_facts>& tenders,
                                      const std::vector<evaluation::performance_evaluation>& evaluations,
                                      const thresholds& limits) {
  std::vector<red_flag> flags;
  std::map<std::string, std::int64_t> won_value;
  std::int64_t total = 0, awards = 0;
  for (const auto& facts : tenders) {
    if (facts.t.awarded_bid_id.empty()) continue;
    for (const auto& b : facts.bids)
      if (b.id == facts.t.awarded_bid_id) {
        won_value[b.supplier_id] += b.price.fen;
        total += b.price.fen;
        ++awards;
      }
  }
  if (awards >= limits.supplier_share_minimum_awards && total > 0)
    for (const auto& [supplier, value] : won_value)
      if (static_cast<wide_integer>(value) * 10000 > static_cast<wide_integer>(limits.supplier_share) * total)
        flags.push_back({"PRC-SUPPLIER-SHARE", "one supplier wins a large share of the purchaser's awards",
                         "/api/v1/organizations/" + supplier,
                         "supplier " + supplier + " won " + format_yuan(money{value}) + " of " + format_yuan(money{total}) +
                             " awarded by " + purchaser_id,
                         supplier});
  // A low grade (中 or 差) followed by a new award to the same supplier by the same purchaser.
  for (const auto& e : evaluations) {
    if (!e.effective() || (e.grade != "差" && e.grade != "中") || e.purchaser_id != purchaser_id) continue;
    for (const auto& facts : tenders) {
      if (!facts.t.awarded_at || *facts.t.awarded_at <= *e.finalized_at) continue;
      for (const auto& b : facts.bids)
        if (b.id == facts.t.awarded_bid_id && b.supplier_id == e.supplier_id)
          flags.push_back({"PRC-LOW-GRADE-RENEWAL", "award after a low evaluation grade",
                           "/api/v1/tenders/" + facts.t.id,
                           "supplier " + e.supplier_id + " was graded " + e.grade + " (evaluation " + e.id +
                               ") and then awarded this tender",
                           e.supplier_id});
    }
  }
  return flags;
}

}  // namespace procura::transparency
