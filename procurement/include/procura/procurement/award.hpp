#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procura/core/calendar.hpp"
#include "procura/core/principal.hpp"
#include "procura/core/result.hpp"
#include "procura/core/time.hpp"
#include "procura/procurement/bid.hpp"
#include "procura/procurement/panel.hpp"
#include "procura/procurement/parties.hpp"
#include "procura/procurement/scoring.hpp"
#include "procura/procurement/tender.hpp"

/// The panel's report (ranking), the award and challenges (SPEC §3.5).
namespace procura::procurement {

/// The ranking as recorded at the panel's report. Item scores are frozen with it, so that later
/// changes (a new evaluation entering a track record) never alter a published result.
struct ranking {
  std::string tender_id;
  std::string seed;  ///< the audit chain's head hash when the ranking was computed
  timestamp computed_at;
  std::vector<ranked_bid> entries;
  std::vector<std::string> excluded_bid_ids;  ///< disqualified or rejected for an abnormal price
};

class ranking_repository {
 public:
  virtual ~ranking_repository() = default;
  virtual void save(const ranking& r) = 0;
  virtual std::optional<ranking> find(std::string_view tender_id) = 0;
};

/// Where past performance comes from: the supplier's final evaluation scores (hundredths),
/// most recent first. Supplied by the evaluation module once it exists.
using track_record_lookup = std::function<std::vector<rational>(const std::string& supplier_id)>;

/// Scores one bid on every criterion. `benchmark_price` is the lowest eligible price.
scored_bid score_bid(const tender& t, const bid& b, const qualification_profile& profile,
                     const std::vector<expert_score>& scores, money benchmark_price,
                     const std::vector<rational>& track_record);

/// Whether the evaluation can conclude: qualification complete, no flagged price undecided,
/// and every sitting expert's sheet in (or no subjective criterion at all).
status ready_to_rank(const tender& t, const std::vector<bid>& bids, const std::vector<panel_member>& members,
                     const std::vector<expert_score>& scores);

/// Computes and records the ranking (the panel's report) with `seed`; the tender becomes
/// `evaluated`.
result<ranking> conclude_evaluation(tender_repository& tenders, ranking_repository& rankings,
                                    profile_repository& profiles, tender t, const std::vector<bid>& bids,
                                    const std::vector<expert_score>& scores, const track_record_lookup& track_record,
                                    std::string seed, timestamp now);

struct challenge;

/// What the purchaser asks for in an award.
struct award_request {
  std::string bid_id;
  std::string reason;          ///< required when the award is made again
  bool winner_declined = false;  ///< the winner of the award in force declines to sign (实施条例 §49)
};

/// The contract drawn from the award in force, as far as awarding again goes.
struct award_contract {
  bool signed_by_winner = false;
  bool in_force = false;  ///< signed by both
};

/// Awards the tender (within 5 working days of the panel's report, 实施条例 §43; later is
/// recorded as late), to the bids in the order the panel ranked them: first the top-ranked one.
/// An awarded tender is awarded again, to the bid ranked next after its present award and with a
/// reason, when a challenge of its award was upheld (none open) or when the winner declines to
/// sign (实施条例 §49); the new award is published anew, with its own challenge window. So is a
/// contracted one whose contract is not yet in force; the caller sets its draft aside. A contract
/// signed by both is not undone by awarding again.
result<tender> award_tender(tender_repository& tenders, const ranking& r, tender t, award_request request,
                            const std::vector<challenge>& challenges, const award_contract& contract,
                            const working_calendar& calendar, timestamp now);

/// Ends an awarded tender whose award cannot stand (a challenge of it upheld, or its winner
/// declining to sign) when the purchaser procures again instead of awarding the next candidate,
/// or when none is left (实施条例 §49, 财政部令第94号 §32): the tender fails with the reason and may
/// be tendered again. The caller sets aside a draft contract not in force.
result<tender> fail_award(tender_repository& tenders, tender t, std::string reason, bool winner_declined,
                          const std::vector<challenge>& challenges, const award_contract& contract, timestamp now);

/// The end (inclusive, 23:59:59 China time) of the `count`-th working day after `from`.
timestamp end_of_working_days(const working_calendar& calendar, timestamp from, int count);

struct challenge {
  std::string id;
  std::string tender_id;
  std::string challenger_id;  ///< supplier organization
  std::string text;
  timestamp filed_at;
  timestamp answer_due;
  std::optional<std::string> answer;
  std::optional<timestamp> answered_at;
  bool upheld = false;
  [[nodiscard]] bool open() const { return !answer.has_value(); }
};

class challenge_repository {
 public:
  virtual ~challenge_repository() = default;
  virtual void insert(const challenge& c) = 0;
  virtual void update(const challenge& c) = 0;
  virtual std::optional<challenge> find(std::string_view id) = 0;
  virtual std::vector<challenge> of_tender(std::string_view tender_id) = 0;
};

/// A bidder challenges (质疑) the award within 7 working days of its publication, whether or not
/// the purchaser has drafted the contract meanwhile: the bidders' window is the law's, not the
/// purchaser's to shorten (SPEC §3.5).
result<challenge> file_challenge(challenge_repository& challenges, const tender& t, const std::vector<bid>& bids,
                                 const principal& bidder, std::string text, const working_calendar& calendar,
                                 timestamp now);

/// What keeps an award from going on to a contract or to its signatures: a challenge still open
/// (SPEC §3.5), or one the purchaser upheld, which found the award itself wrong. Nothing when no
/// challenge stands in the way.
/// Only challenges of the award in force count: those filed since `current_award` (an award
/// redone after an upheld challenge leaves the challenges of the old one behind).
std::optional<std::string> challenge_in_the_way(const std::vector<challenge>& challenges, timestamp current_award);

/// The purchaser answers; an answer after the 7-working-day due time is recorded as late.
result<challenge> answer_challenge(challenge_repository& challenges, challenge c, std::string answer, bool upheld,
                                   timestamp now);

/// The working-day calendar (holidays and adjusted working weekends) from the database.
class calendar_repository {
 public:
  virtual ~calendar_repository() = default;
  virtual working_calendar load() = 0;
};

}  // namespace procura::procurement
