#pragma once
#include <cstdint>
#include <optional>
#include <string>
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
};

struct thresholds {
  basis_points ceiling_closeness = 100;       ///< winning price within 1% of the budget ceiling
  basis_points price_closeness = 100;         ///< another bid within 1% of the winning price (R024)
  basis_points amendment_warning = 900;       ///< amendments at 9% of the original price or more
  basis_points supplier_share = 5000;         ///< one supplier winning over 50% of a purchaser's award value
  std::int64_t supplier_share_minimum_awards = 3;
  basis_points excessive_disqualification = 5000;  ///< R038: half the bids disqualified or more
};

/// Everything known about one tender that the flags look at; bids only once opened.
struct tender_facts {
  procurement::tender t;
  std::vector<procurement::bid> bids;  ///< empty while sealed
  std::optional<contracts::contract> contract;
  std::optional<contracts::coverage_report> coverage;
  std::vector<contracts::service_report> reports;
};

/// The flags of one tender (and its contract).
std::vector<red_flag> tender_flags(const tender_facts& facts, const thresholds& limits);

/// Flags across a purchaser's tenders: one supplier's large share of its awards; a supplier
/// graded low and then awarded again by the same purchaser.
std::vector<red_flag> purchaser_flags(const std::string& purchaser_id, const std::vector<tender_facts>& tenders,
                                      const std::vector<evaluation::performance_evaluation>& evaluations,
                                      const thresholds& limits);

/// The lower fence of the 1.5 × IQR rule (Q1 − 1.5 × (Q3 − Q1)), quartiles by linear
/// interpolation, exactly; nothing for fewer than 4 values.
std::optional<rational> lower_fence(std::vector<std::int64_t> values);

}  // namespace procura::transparency
