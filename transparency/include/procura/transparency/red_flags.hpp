#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procura/contracts/contract.hpp"
#include "procura/contracts/payroll_coverage.hpp"
#include "procura/contracts/service_report.hpp"
#include "procura/core/rational.hpp"
#include "procura/evaluation/evaluation.hpp"
#include "procura/procurement/bid.hpp"
#include "procura/procurement/tender.hpp"

/// Red flags (SPEC §3.9): Open Contracting Partnership's Cardinal codes where one exists, ours
/// (PRC-…) for the rest. Thresholds are configuration with documented defaults.
namespace procura::transparency {

struct red_flag {
  std::string code;        ///< "R018", "PRC-SINGLE-SOURCE", …
  std::string title;
  std::string object;      ///< API path of the object it is about
  std::string detail;      ///< what triggered it, with the numbers
  std::string supplier_id; ///< the supplier a purchaser-level flag concerns (empty for the others)
};

struct thresholds {
  basis_points ceiling_closeness = 100;       ///< winning price within 1% of the budget ceiling
  basis_points price_closeness = 100;         ///< another valid bid within 1% of the winning price (PRC-CLOSE-TO-WINNER)
  basis_points amendment_warning = 900;       ///< amendments at 9% of the original price or more
  basis_points supplier_share = 5000;         ///< one supplier winning over 50% of a purchaser's award value
  std::int64_t supplier_share_minimum_awards = 3;
  basis_points excessive_disqualification = 5000;  ///< PRC-MANY-DISQUALIFIED: half of one tender's bids or more
};

/// What the flags read of a tender: its state, method, dates, ceiling and award, never its
/// texts, criteria or amendments (the purchaser scope reads every tender of a purchaser, so it
/// reads only these).
struct tender_outline {
  std::string id;
  procurement::tender_state state = procurement::tender_state::draft;
  procurement::procurement_method method = procurement::procurement_method::open_tender;
  std::string single_source_justification;
  money budget_ceiling;
  timestamp deadline;  ///< the current one, after amendments
  std::optional<timestamp> published_at;
  std::optional<timestamp> opened_at;
  std::optional<timestamp> awarded_at;
  std::string awarded_bid_id;
  std::optional<std::string> contract_id;  ///< its contract, once one was created
};

/// What the flags read of a bid (its latest version): never its proposal, staffing or documents.
struct bid_outline {
  std::string id;
  std::string tender_id;
  std::string supplier_id;
  procurement::bid_state state = procurement::bid_state::active;
  std::optional<bool> qualified;  ///< the purchaser's qualification decision
  bool excluded = false;          ///< rejected as an abnormally low price
  money price;
};

tender_outline outline_of(const procurement::tender& t, std::optional<std::string> contract_id);
bid_outline outline_of(const procurement::bid& b);

/// Reads tenders and bids in outline, in a few statements for a whole purchaser.
class outline_repository {
 public:
  virtual ~outline_repository() = default;
  /// Every tender of the purchaser but its drafts, in id order.
  virtual std::vector<tender_outline> tenders_of_purchaser(std::string_view purchaser_id) = 0;
  /// Every bid (active and withdrawn) of these tenders of the purchaser, in tender id then bid
  /// id order (its latest version's price).
  virtual std::vector<bid_outline> bids_of_tenders(std::string_view purchaser_id,
                                                   const std::vector<std::string>& tender_ids) = 0;
};

/// Everything known about one tender that the flags look at; bids only once opened.
struct tender_facts {
  tender_outline t;
  std::vector<bid_outline> bids;  ///< empty while sealed
  std::optional<contracts::contract> contract;
  std::optional<contracts::coverage_report> coverage;
  std::vector<contracts::service_report> reports;
  /// The standing grades of the contract's evaluations (`evaluation::grade_facts`), which the
  /// conditions of its instalments and its final one wait for.
  contracts::condition_facts grades;
};

/// The flags of one tender (and its contract). `now` (the server clock) decides what is overdue:
/// an instalment of a signed contract still unreleased after its due date (China date), and a
/// contract still unsigned 30 days after the award, are flagged before anything happens late.
std::vector<red_flag> tender_flags(const tender_facts& facts, const thresholds& limits, timestamp now);

/// Flags across a purchaser's tenders: one supplier's large share of its awards; a supplier
/// graded low and then awarded again by the same purchaser. Each names the supplier it concerns
/// (`red_flag::supplier_id`), so that a supplier's or a tender's scope can keep its own. Only the
/// awarded bids of `tenders` are read; `evaluations` may be limited to the suppliers of interest.
std::vector<red_flag> purchaser_flags(const std::string& purchaser_id, const std::vector<tender_facts>& tenders,
                                      const std::vector<evaluation::performance_evaluation>& evaluations,
                                      const thresholds& limits);

/// Whether a bid is out of the competition: not qualified, or excluded as abnormally low. Such
/// bids are not valid bids for the price statistics (PRC-LOW-OUTLIER-BID, PRC-CLOSE-TO-WINNER).
bool disqualified(const bid_outline& b);

/// An instalment still unreleased after its due date (China date of `now`), the rule by which a
/// release is recorded as late, that nothing but the purchaser holds back: its condition met
/// (`reports` accepted, `grades` standing), and for the final one the final grade standing and
/// not withholding it (`contracts::release_obstacle`).
bool instalment_overdue(const contracts::contract& c, const contracts::instalment& i,
                        const std::vector<contracts::service_report>& reports, const contracts::condition_facts& grades,
                        timestamp now);

/// More clients served than `workers` × the standard (clients per worker) allows; a report with
/// clients and no worker is above any standard.
bool caseload_above_standard(std::int64_t clients_served, std::int64_t workers, std::int64_t staffing_standard);

/// The lower fence of the 1.5 × IQR rule (Q1 − 1.5 × (Q3 − Q1)), quartiles by linear
/// interpolation, exactly; nothing for fewer than 4 values.
std::optional<rational> lower_fence(std::vector<std::int64_t> values);

}  // namespace procura::transparency
