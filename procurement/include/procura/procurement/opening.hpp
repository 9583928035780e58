#pragma once
#include <optional>
#include <string>
#include <vector>

#include "procura/core/result.hpp"
#include "procura/core/time.hpp"
#include "procura/procurement/benchmarks.hpp"
#include "procura/procurement/bid.hpp"
#include "procura/procurement/catalogue.hpp"
#include "procura/procurement/parties.hpp"
#include "procura/procurement/tender.hpp"

/// Opening and qualification review (SPEC §3.5).
namespace procura::procurement {

/// The fewest bids (and qualified bids) a tender needs to go on: 3 for open tender
/// (政府采购法 §36); 2 for competitive consultation of services (财库〔2015〕124号); 1 for single source.
std::size_t minimum_competition(procurement_method method);

/// The automatic qualification checks of a bid: the catalogue item's conditions and the
/// tender's extras, against the profile version the bid pinned and the bidder's own
/// declarations in the bid (a compliance condition passes only when both say so).
std::vector<qualification_check> qualification_checks(const catalogue_item& item, const qualification_extras& extras,
                                                      const qualification_profile& profile,
                                                      const declarations& declared, timestamp at);

struct opening_result {
  tender opened;
  std::vector<bid> bids;  ///< the active bids, revealed at once
};

/// Opens a published tender once its deadline has passed: reveals every active bid with its
/// receipt, runs the automatic qualification checks, and fails the tender when too few bids
/// arrived.
result<opening_result> open_bids(tender_repository& tenders, bid_repository& bids, profile_repository& profiles,
                                 catalogue_repository& catalogue, tender t, timestamp now);

struct qualification_decision {
  std::string bid_id;
  bool qualified = false;
  std::string reason;
};

struct qualification_result {
  tender t;
  std::vector<bid> bids;
  bool complete = false;  ///< every active bid has a decision
};

/// Records the purchaser's decisions (a decision that differs from the automatic result needs a
/// written reason). When every bid is decided, the review completes: too few qualified bids
/// fail the tender; otherwise abnormally low prices among the qualified bids are flagged.
result<qualification_result> decide_qualification(tender_repository& tenders, bid_repository& bids,
                                                  benchmark_repository& benchmarks, tender t,
                                                  const std::vector<qualification_decision>& decisions, timestamp now);

/// Whether every active bid of an opened tender has a qualification decision.
bool qualification_complete(const std::vector<bid>& bids);

/// The bids that take part in scoring: active, qualified, not excluded for an abnormal price.
std::vector<bid> eligible_bids(const std::vector<bid>& bids);

/// Flags abnormally low prices among the qualified bids (87号令 §60).
void flag_abnormal_prices(std::vector<bid>& qualified, const tender& t, const std::optional<benchmark_set>& benchmarks);

/// Fails an opened tender when fewer bids than the method's minimum remain eligible (after
/// disqualifications and rejected abnormal prices): competition is checked on what is left.
/// Returns true when the tender failed.
bool fail_if_competition_lost(tender_repository& tenders, tender& t, const std::vector<bid>& bids, timestamp now);

/// Records the bidder's explanation of a flagged price and the panel's decision.
result<bid> decide_abnormal_price(bid_repository& bids, const tender& t, bid flagged, std::string explanation,
                                  bool accepted, timestamp now);

}  // namespace procura::procurement
