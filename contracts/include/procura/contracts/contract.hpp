#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procura/core/money.hpp"
#include "procura/core/result.hpp"
#include "procura/core/time.hpp"
#include "procura/procurement/award.hpp"
#include "procura/procurement/bid.hpp"
#include "procura/procurement/tender.hpp"

/// Contracts (政府购买服务合同), payment schedules and amendments (SPEC §3.6).
namespace procura::contracts {

/// `cancelled`: ended before it came into force (a draft ended by the purchaser, or set aside
/// when an upheld challenge sent the award back); the tender may then have another contract.
enum class contract_state { draft, active, completed, terminated, cancelled };
std::string_view to_string(contract_state state);
std::optional<contract_state> parse_contract_state(std::string_view text);

/// A condition an instalment waits for.
enum class condition_kind { none, report_accepted, evaluation_grade };

struct instalment {
  std::int64_t number = 0;  ///< 1-based
  std::chrono::year_month_day due_date{};
  money amount;
  condition_kind condition = condition_kind::none;
  std::string minimum_grade;  ///< for evaluation_grade: 优, 良, 中 or 差
  std::optional<timestamp> released_at;
  money released_amount;  ///< amount less `deducted` and `grade_adjustment`
  money deducted;         ///< penalties shown by service reports, taken from this instalment
  bool released_late = false;
  std::string deduction_reason;         ///< which reports' penalties, and why
  money grade_adjustment;               ///< the part of the final instalment the final grade does not pay
  std::string grade_adjustment_reason;  ///< which evaluation, which grade, which share paid
  [[nodiscard]] bool released() const { return released_at.has_value(); }
};

/// How a proposal ended without being agreed: the other party declined it, or its proposer
/// withdrew it. Either way it changed nothing and no longer stands in the way of a new proposal.
enum class amendment_end { declined, withdrawn };
std::string_view to_string(amendment_end end);
std::optional<amendment_end> parse_amendment_end(std::string_view text);

/// Who ended a proposal unagreed, when, and why.
struct amendment_ending {
  amendment_end kind = amendment_end::declined;
  std::string by;  ///< organization id
  timestamp at;
  std::string reason;
};

/// A change to a signed contract: added value (at most 10% of the original price in total).
struct contract_amendment {
  std::int64_t number = 0;
  std::string reason;
  money added_value;
  std::string proposed_by;  ///< organization id
  timestamp proposed_at;
  std::optional<timestamp> agreed_at;  ///< by the other party
  std::vector<instalment> schedule;    ///< the schedule that applies once agreed (may be empty: unchanged)
  std::optional<amendment_ending> ended;  ///< declined or withdrawn instead of agreed
  /// Neither agreed nor ended: the other party may still agree to it.
  [[nodiscard]] bool pending() const { return !agreed_at && !ended; }
};

/// Deductions the contract states, applied when service reports show a breach.
struct penalty_terms {
  money per_missing_post_month;     ///< each contracted post not filled, per month
  money per_caseload_excess_month;  ///< each month the caseload per worker exceeds the standard
};

struct contract {
  std::string id;
  std::string tender_id;
  std::string bid_id;
  std::string purchaser_id;
  std::string supplier_id;
  std::int64_t version = 1;
  contract_state state = contract_state::draft;
  money original_price;
  money price;  ///< original price plus agreed amendments
  std::vector<procurement::staffing_post> staffing;
  std::int64_t clients = 0;            ///< quantity from the tender
  std::int64_t staffing_standard = 20;  ///< clients per social worker
  std::string region;
  std::chrono::year_month_day service_start{};
  std::int64_t service_months = 12;
  std::string continuity_justification;
  money salary_reserve;  ///< declared by the supplier in its bid
  penalty_terms penalties;
  std::string framework_key = "anti-drug-social-work";  ///< the quality framework evaluations use, or "custom"
  std::int64_t framework_version = 1;
  std::vector<instalment> schedule;
  std::vector<contract_amendment> amendments;
  timestamp awarded_at;
  std::optional<timestamp> purchaser_signed_at;
  std::optional<timestamp> supplier_signed_at;
  std::string late_signing_reason;
  std::optional<timestamp> ended_at;
  std::string end_reason;
  timestamp created_at;

  [[nodiscard]] bool signed_by_both() const { return purchaser_signed_at && supplier_signed_at; }
  /// Sum of agreed amendments' added value.
  [[nodiscard]] money added_value() const;
};

/// What a list of contracts is narrowed to; each filter given must hold.
struct contract_filter {
  std::optional<std::string> purchaser_id;
  std::optional<std::string> supplier_id;
  std::optional<contract_state> state;
  std::optional<std::string> region;
};

class contract_repository {
 public:
  virtual ~contract_repository() = default;
  virtual void insert(const contract& c) = 0;
  virtual void update(const contract& c) = 0;
  virtual std::optional<contract> find(std::string_view id) = 0;
  /// The tender's contract: the one not cancelled, or else the latest cancelled one.
  virtual std::optional<contract> of_tender(std::string_view tender_id) = 0;
  /// Every contract drawn up for the tender, cancelled ones included, oldest first.
  virtual std::vector<contract> all_of_tender(std::string_view tender_id) = 0;
  /// Contracts filtered by party and state, ordered by id, after the cursor.
  virtual page<contract> list(const contract_filter& filter, const page_request& request) = 0;
};

/// Creates the contract of an awarded tender from the winning bid: its price and staffing plan,
/// the tender's period, quantity and standard. Refused while a challenge is open or after one
/// was upheld (SPEC §3.5). A contracted tender whose draft was cancelled is drafted again.
result<contract> create_contract(contract_repository& contracts, procurement::tender_repository& tenders,
                                 procurement::tender t, const procurement::bid& winner,
                                 const std::vector<procurement::challenge>& challenges, penalty_terms penalties,
                                 std::string framework_key, std::int64_t framework_version, timestamp now);

/// When signing is due: the close (23:59:59 China time) of the 30th day after the award's day
/// (政府采购法 §46, counted as 民法典 §201 counts days).
timestamp signing_due(timestamp awarded_at);

/// A party signs. Signing is due within 30 days of the award (law, `signing_due`); later is refused unless a
/// reason is recorded (and the contract is flagged). Both signatures make it active. Refused
/// while a challenge of the award is open or after one was upheld (SPEC §3.5), and before the
/// contract has its payment schedule (SPEC §3.6: the schedule is part of what is signed).
result<contract> sign_contract(contract_repository& contracts, contract c, const std::string& organization_id,
                               const std::vector<procurement::challenge>& challenges, std::string late_reason,
                               timestamp now);

/// Why an active contract cannot be completed now, or nothing: every instalment released and the
/// service period over (an amendment still awaiting agreement lapses with it, as it did when a
/// release completed the contract).
std::optional<std::string> completion_obstacle(const contract& c, timestamp now);

/// Completes an active contract whose every instalment was released before its service period
/// ended, once the period is over (a release after the period completes it at once).
result<contract> complete_contract(contract_repository& contracts, contract c, timestamp now);

/// Ends an active contract early with a reason; what was paid so far stays on the ledger. A
/// draft, never in force, is cancelled instead.
result<contract> terminate_contract(contract_repository& contracts, contract c, std::string reason, timestamp now);

/// Sets a draft aside because the award it was drawn from was made again after an upheld
/// challenge (SPEC §3.5): it is cancelled, with the reason, and makes way for the new award's.
result<contract> cancel_for_new_award(contract_repository& contracts, contract c, std::string reason, timestamp now);

/// An instalment as requested: an amount, or a share of the price in basis points.
struct instalment_request {
  std::chrono::year_month_day due_date{};
  std::optional<money> amount;
  std::optional<basis_points> share;
  condition_kind condition = condition_kind::none;
  std::string minimum_grade;
};

/// Resolves a schedule against `price`: shares become fen rounded half-up, the last
/// share-based instalment taking the remainder so that the schedule sums exactly to the price
/// (examples/worked-examples.md). A schedule that does not sum to the price is refused with the
/// difference in the message.
result<std::vector<instalment>> resolve_schedule(const std::vector<instalment_request>& requests, money price,
                                                 std::chrono::year_month_day service_start, std::int64_t months);

/// Sets the payment schedule of a contract with no released instalment.
result<contract> set_schedule(contract_repository& contracts, contract c, std::vector<instalment> schedule,
                              timestamp now);

/// Where an evaluation grade stands for a payment (SPEC §3.8 effects): the grade of the latest
/// finalized evaluation concerned, once it can no longer change by appeal. While its appeal
/// window is open or its appeal unanswered, the effect waits (issue 6).
struct grade_standing {
  std::optional<std::string> grade;      ///< 优/良/中/差 in force; none while waiting or with no evaluation
  std::string basis;                     ///< the evaluation it comes from, for messages and the ledger
  std::optional<timestamp> waits_until;  ///< the end of the appeal window, while it is open
  bool appeal_open = false;              ///< an appeal awaits its answer
  basis_points paid_share = 10000;       ///< for the final instalment: the share the grade pays
  bool withheld = false;                 ///< for the final instalment: the grade withholds it
  [[nodiscard]] bool waiting() const { return waits_until.has_value() || appeal_open; }
};

/// What the conditions of a release depend on.
struct condition_facts {
  bool report_accepted = false;
  grade_standing latest;  ///< the latest evaluation, mid-term or final: `evaluation_grade` conditions
  grade_standing final_evaluation;  ///< the latest final evaluation: the final instalment's payment rule
};
bool condition_met(const instalment& i, const condition_facts& facts);

/// The final instalment: the one numbered highest (after an amendment numbers need not run 1..n).
bool is_final_instalment(const contract& c, const instalment& i);

/// Why instalment `i` cannot be released now, or nothing when it can: the contract not active,
/// released already, its condition unmet, or (the final one) the final grade not yet standing or
/// withholding it. `release_instalment` refuses with it; the red flags call an instalment overdue
/// only when nothing but the purchaser holds it back.
std::optional<error> release_obstacle(const contract& c, const instalment& i, const condition_facts& facts);

/// Penalties shown by accepted service reports and not yet taken, with the reports they come from.
struct pending_deduction {
  money amount;
  std::string reason;
};

/// Releases instalment `number` (a purchaser action): refused while its condition is unmet or
/// once released; recorded as late after its due date. The final instalment (the highest
/// number) waits for the final evaluation's grade to stand and pays the share it gives, the rest
/// recorded as its `grade_adjustment`; 差 withholds it. `penalties` are then taken from what
/// remains, up to it, as `deducted`; the rest stays pending for later instalments.
result<contract> release_instalment(contract_repository& contracts, contract c, std::int64_t number,
                                    const condition_facts& facts, const pending_deduction& penalties, timestamp now);

/// Proposes an amendment; cumulative added value is at most 10% of the original price (law).
/// Refused while another proposal is pending. Numbers follow on from every earlier proposal,
/// declined and withdrawn ones included: a number names one proposal for good.
/// Once a final evaluation has graded the contract (`final_grade`: standing or awaiting its
/// appeal window), the unreleased schedule is what the grade pays or withholds (SPEC §3.8): no
/// amendment replaces it, or the parties could split the final instalment, drop its condition or
/// move the grade's cut onto a single fen.
result<contract> propose_amendment(contract_repository& contracts, contract c, const std::string& organization_id,
                                   std::string reason, money added_value, std::vector<instalment> schedule,
                                   const grade_standing& final_grade, timestamp now);

/// The other party agrees; the added value and the new schedule then apply (refused, as a
/// proposal is, once a final evaluation has graded the contract).
result<contract> agree_amendment(contract_repository& contracts, contract c, std::int64_t number,
                                 const std::string& organization_id, const grade_standing& final_grade, timestamp now);

/// The other party declines a pending amendment of an active contract, with a reason. Nothing
/// of it applies, it cannot be agreed afterwards, and a new proposal may follow.
result<contract> decline_amendment(contract_repository& contracts, contract c, std::int64_t number,
                                   const std::string& organization_id, std::string reason, timestamp now);

/// The proposer withdraws its pending amendment, with a reason, whatever the contract's state:
/// taking back one's own offer changes nothing in force. As with a declined one, nothing of it
/// applies, it cannot be agreed afterwards, and a new proposal may follow.
result<contract> withdraw_amendment(contract_repository& contracts, contract c, std::int64_t number,
                                    const std::string& organization_id, std::string reason, timestamp now);

/// The most a contract may still grow: 10% of the original price less agreed additions.
money amendment_headroom(const contract& c);

/// The first day after a service period of `months` whole months counted from the first of the
/// start month: where schedules, reports, indicators and open data all end the period.
std::chrono::year_month_day service_period_end(std::chrono::year_month_day start, std::int64_t months);

/// The 1-based month of the service period started at `start` in which `date` falls (≤ 0
/// before the start): payroll coverage and report deductions count months the same way.
std::int64_t service_month_of(std::chrono::year_month_day start, std::chrono::year_month_day date);

}  // namespace procura::contracts
