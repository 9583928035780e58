#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procura/contracts/contract.hpp"
#include "procura/contracts/service_report.hpp"
#include "procura/core/principal.hpp"
#include "procura/core/rational.hpp"
#include "procura/core/result.hpp"
#include "procura/evaluation/framework.hpp"

/// Third-party performance evaluations of contracts (SPEC §3.8).
namespace procura::evaluation {

enum class evaluation_kind { mid_term, final };
enum class evaluation_state { assigned, conflicted, open, finalized };
std::string_view to_string(evaluation_kind kind);
std::string_view to_string(evaluation_state state);

/// Answer counts of the recipients' satisfaction survey.
struct survey {
  std::int64_t very_satisfied = 0;
  std::int64_t satisfied = 0;
  std::int64_t neutral = 0;
  std::int64_t dissatisfied = 0;
  std::int64_t very_dissatisfied = 0;
  [[nodiscard]] std::int64_t answers() const {
    return very_satisfied + satisfied + neutral + dissatisfied + very_dissatisfied;
  }
};

/// One evaluator account's input for one leaf. Superseded inputs are kept (appeals re-score).
struct scored_input {
  std::string account_id;
  std::string leaf_key;
  leaf_input input;
  std::int64_t revision = 1;
  bool superseded = false;
  timestamp submitted_at;
};

struct leaf_result {
  std::string key;
  rational score;               ///< mean across evaluators
  std::vector<rational> by_evaluator;
};

struct appeal {
  std::vector<std::string> leaves;
  std::string reason;
  timestamp filed_at;
  std::optional<timestamp> answered_at;
  std::string decision;  ///< "rescored" or "rejected"
  std::string answer;
  [[nodiscard]] bool open() const { return !answered_at.has_value(); }
};

struct performance_evaluation {
  std::string id;
  std::string contract_id;
  std::string purchaser_id;
  std::string supplier_id;
  std::string evaluator_id;  ///< the assigned evaluator organization
  evaluation_kind kind = evaluation_kind::final;
  framework used;            ///< the framework version it pinned
  evaluation_state state = evaluation_state::assigned;
  std::string conflict_reason;
  std::optional<survey> recipients;
  std::vector<scored_input> inputs;
  std::optional<rational> score;
  std::string grade;
  std::vector<leaf_result> results;
  std::optional<timestamp> finalized_at;
  std::optional<appeal> appealed;
  timestamp created_at;
  std::int64_t version = 1;

  /// Whether the grade's effects apply: finalized, and no appeal waiting. Payments use
  /// `grade_stands`, which also waits for the appeal window to pass.
  [[nodiscard]] bool effective() const { return state == evaluation_state::finalized && !(appealed && appealed->open()); }
  /// The last moment the supplier may appeal: 10 days after finalization.
  [[nodiscard]] std::optional<timestamp> appeal_window_end() const;
  /// Whether the grade can no longer change by appeal at `now`: finalized, and its appeal
  /// answered, or none filed and the window over.
  [[nodiscard]] bool grade_stands(timestamp now) const;
};

class evaluation_repository {
 public:
  virtual ~evaluation_repository() = default;
  virtual void insert(const performance_evaluation& e) = 0;
  virtual void update(const performance_evaluation& e) = 0;
  virtual std::optional<performance_evaluation> find(std::string_view id) = 0;
  virtual std::vector<performance_evaluation> of_contract(std::string_view contract_id) = 0;
  virtual std::vector<performance_evaluation> of_supplier(std::string_view supplier_id) = 0;
};

/// The purchaser opens an evaluation of an active (or completed) contract and assigns an
/// evaluator organization, pinning a framework version.
result<performance_evaluation> open_evaluation(evaluation_repository& evaluations, const contracts::contract& c,
                                   evaluation_kind kind, std::string evaluator_id, framework used, timestamp now);

/// The evaluator declares (no) conflict with the supplier; a conflict blocks the assignment.
result<performance_evaluation> declare_conflict(evaluation_repository& evaluations, performance_evaluation e, bool conflict, std::string reason,
                                    timestamp now);

/// Records the recipients' survey.
/// Records the recipients' survey. It asks the people served (实施条例 §45): more answers than the
/// accepted reports show people served (the largest caseload plus every new intake) are refused.
result<performance_evaluation> record_survey(evaluation_repository& evaluations, performance_evaluation e, survey answers,
                                             const std::vector<contracts::service_report>& reports = {});

/// An evaluator account records its inputs for some leaves (each is checked by scoring it).
result<performance_evaluation> record_inputs(evaluation_repository& evaluations, performance_evaluation e, const std::string& account_id,
                                 const std::vector<std::pair<std::string, leaf_input>>& inputs,
                                 const std::vector<contracts::service_report>& reports, timestamp now);

/// Facts for a leaf, from accepted reports and the survey.
leaf_facts facts_for(const leaf& l, const std::vector<contracts::service_report>& reports,
                     const std::optional<survey>& recipients);

/// Computes every leaf (mean across evaluators, exact), the total and the grade from the stored
/// inputs. Re-running it on the same inputs gives the identical result.
result<std::vector<leaf_result>> compute_results(const performance_evaluation& e, const std::vector<contracts::service_report>& reports);

/// Finalizes: every leaf scored by at least one evaluator; the score, grade and report are fixed.
result<performance_evaluation> finalize_evaluation(evaluation_repository& evaluations, performance_evaluation e,
                                       const std::vector<contracts::service_report>& reports, timestamp now);

/// The supplier appeals within 10 days of finalization, naming leaves and reasons.
result<performance_evaluation> file_appeal(evaluation_repository& evaluations, performance_evaluation e, std::vector<std::string> leaves,
                               std::string reason, timestamp now);

/// The evaluator answers: rejects with a reason, or re-scores the appealed leaves (old inputs kept).
/// A leaf computed from the data takes no hand score; when the appeal names the leaf fed by the
/// recipients' survey, the re-score may record the survey again (`new_survey`).
result<performance_evaluation> answer_appeal(evaluation_repository& evaluations, performance_evaluation e, const std::string& account_id,
                                 bool rescore, std::string reason,
                                 const std::vector<std::pair<std::string, leaf_input>>& new_inputs,
                                 const std::vector<contracts::service_report>& reports, timestamp now,
                                 const std::optional<survey>& new_survey = std::nullopt);

/// A supplier's exact final scores, most recent first, for the "past performance" criterion:
/// finalized final evaluations whose grade stands at `now` (the appeal window has passed, or the
/// appeal is answered): like payments, the track record waits for the appeal (issue 6). Exact,
/// because they decide rankings (SPEC §2: a tie must not depend on rounding noise).
std::vector<rational> track_record_scores(const std::vector<performance_evaluation>& of_supplier, timestamp now);

/// The payment effect of a final grade on the final instalment (default rule): 优/良 pay 100%,
/// 中 pays 90%, 差 withholds it and flags the contract for termination.
struct payment_effect {
  basis_points paid_share = 10000;
  bool withheld = false;
};
payment_effect final_grade_effect(const std::string& grade);

/// Where the grades of a contract's evaluations stand for its payments at `now`: the latest
/// finalized evaluation of any kind (for `evaluation_grade` conditions) and the latest final
/// one (for the final instalment, with its payment effect). A grade that may still change by
/// appeal is not used: the effect waits until the window ends or the appeal is answered, and
/// then uses the grade as it stands (issue 6).
contracts::condition_facts grade_facts(const std::vector<performance_evaluation>& of_contract, timestamp now);

}  // namespace procura::evaluation
