#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procura/core/principal.hpp"
#include "procura/core/result.hpp"
#include "procura/core/time.hpp"
#include "procura/procurement/bid.hpp"
#include "procura/procurement/parties.hpp"
#include "procura/procurement/tender.hpp"

/// The evaluation panel (评标委员会) and its scores (SPEC §3.5).
namespace procura::procurement {

struct panel_member {
  std::string tender_id;
  std::string account_id;
  timestamp appointed_at;
  std::optional<timestamp> declared_at;  ///< declared no conflict with any bidder
  bool removed = false;
  std::string removal_reason;
  [[nodiscard]] bool active() const { return !removed; }
};

/// One expert's score of one subjective criterion of one bid, in hundredths of a point.
struct expert_score {
  std::string tender_id;
  std::string account_id;
  std::string bid_id;
  std::int64_t criterion_index = 0;
  std::int64_t points_hundredths = 0;
  timestamp submitted_at;
};

class panel_repository {
 public:
  virtual ~panel_repository() = default;
  virtual std::vector<panel_member> members(std::string_view tender_id) = 0;
  virtual void insert(const panel_member& member) = 0;
  virtual void update(const panel_member& member) = 0;
  virtual std::vector<expert_score> scores(std::string_view tender_id) = 0;
  /// Replaces every score of one expert on one tender.
  virtual void replace_scores(std::string_view tender_id, std::string_view account_id,
                              const std::vector<expert_score>& scores) = 0;
};

/// Appoints experts (accounts with role expert) to a tender's panel.
result<std::vector<panel_member>> appoint_experts(panel_repository& panel, account_repository& accounts,
                                                  const tender& t, const std::vector<std::string>& account_ids,
                                                  timestamp now);

/// An expert declares (no) conflict of interest with the bidders. A declared conflict, or one
/// detected because a bidder is among the employers the expert recorded for the last three
/// years, removes the expert from this tender's panel.
result<panel_member> declare_interests(panel_repository& panel, account_repository& accounts, const tender& t,
                                       const std::vector<bid>& bids, const principal& expert,
                                       const std::vector<std::string>& declared_conflicts, timestamp now);

/// The active members who have declared no conflict.
std::vector<panel_member> sitting_members(const std::vector<panel_member>& members);

/// Whether the panel may score: an odd number of sitting members, at least the tender's minimum,
/// and nobody appointed still to declare.
status panel_ready(const std::vector<panel_member>& members, const tender& t);

/// One entry of an expert's score sheet as sent.
struct score_entry {
  std::string bid_id;
  std::int64_t criterion_index = 0;
  std::int64_t points_hundredths = 0;
};

/// Records an expert's complete score sheet: every subjective criterion of every eligible bid,
/// each within 0 and the criterion's points. Resubmitting replaces the sheet until the ranking
/// (nobody reads another expert's sheet before it: `GET /scores`).
result<std::vector<expert_score>> submit_score_sheet(panel_repository& panel, const tender& t,
                                                     const std::vector<bid>& eligible, const principal& expert,
                                                     const std::vector<score_entry>& sheet, timestamp now);

/// Whether every sitting member has submitted a sheet.
bool all_scores_in(const std::vector<panel_member>& members, const std::vector<expert_score>& scores);

}  // namespace procura::procurement
