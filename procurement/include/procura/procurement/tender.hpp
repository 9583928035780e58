#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procura/core/money.hpp"
#include "procura/core/pagination.hpp"
#include "procura/core/result.hpp"
#include "procura/core/time.hpp"
#include "procura/procurement/catalogue.hpp"

/// Tenders: one purchase project of a purchaser, from draft to award (SPEC §3.3).
namespace procura::procurement {

enum class procurement_method { open_tender, competitive_consultation, single_source };
std::string_view to_string(procurement_method method);
std::optional<procurement_method> parse_procurement_method(std::string_view text);
/// 公开招标, 竞争性磋商, 单一来源
std::string_view chinese_name(procurement_method method);

/// The stored lifecycle state. `closed` is not stored: a published tender is closed once the
/// server clock reaches its deadline (see display_status).
enum class tender_state { draft, published, opened, evaluated, awarded, contracted, failed, cancelled };
std::string_view to_string(tender_state state);
std::optional<tender_state> parse_tender_state(std::string_view text);

enum class criterion_kind { price, objective, subjective };
std::string_view to_string(criterion_kind kind);
std::optional<criterion_kind> parse_criterion_kind(std::string_view text);

/// What an objective criterion is computed from.
enum class objective_metric {
  certified_share,   ///< certified social workers / all staff, in basis points
  staffing_ratio,    ///< posts offered / minimum posts, in basis points (10000 = meets the standard)
  years_of_service,  ///< years of anti-drug service
  past_performance,  ///< mean of the last 3 final evaluation scores ÷ 100 × points
};
std::string_view to_string(objective_metric metric);
std::optional<objective_metric> parse_objective_metric(std::string_view text);

/// "At least `at_least` (in the metric's unit) earns `points`"; the highest band reached counts.
struct score_band {
  std::int64_t at_least = 0;
  std::int64_t points = 0;
  auto operator<=>(const score_band&) const = default;
};

struct criterion {
  std::string name;
  criterion_kind kind = criterion_kind::subjective;
  std::int64_t points = 0;  ///< whole points; all criteria sum to 100
  std::optional<objective_metric> metric;
  std::vector<score_band> bands;
  bool operator==(const criterion&) const = default;
};

/// How equal totals with equal prices are ordered (stated in advance, SPEC §3.5).
enum class tie_rule { draw, higher_subjective_total };
std::string_view to_string(tie_rule rule);
std::optional<tie_rule> parse_tie_rule(std::string_view text);

/// Requirements a tender adds to its catalogue item's qualification conditions.
struct qualification_extras {
  std::optional<std::int64_t> minimum_years_established;
  std::optional<basis_points> minimum_certified_share;
  std::optional<std::int64_t> minimum_certified_workers;
  bool operator==(const qualification_extras&) const = default;
};

/// Everything the purchaser decides about a tender; editable while a draft, amendable once
/// published.
struct tender_terms {
  std::string title;
  std::string description;
  std::int64_t quantity = 0;  ///< clients to be served
  std::string region;
  money budget_ceiling;
  std::optional<std::string> cost_estimate_id;
  std::chrono::year_month_day service_start{};
  std::int64_t service_months = 12;
  std::string continuity_justification;  ///< needed for periods over 12 months (up to 36)
  procurement_method method = procurement_method::open_tender;
  std::string single_source_justification;
  std::vector<criterion> criteria;
  tie_rule tie_break = tie_rule::draw;
  qualification_extras extras;
  basis_points bid_bond_rate = 0;
  basis_points performance_bond_rate = 0;
  timestamp deadline;
  std::int64_t panel_minimum = 5;                  ///< experts on the panel: odd, at least this (default 5)
  basis_points abnormal_price_threshold = 8000;    ///< share of the others' mean below which a price is flagged
  bool operator==(const tender_terms&) const = default;
};

/// One changed field of an amendment, with before and after as people read them.
struct field_change {
  std::string field;
  std::string before;
  std::string after;
};

/// A public change to a published tender: an amendment, or a clarification that may affect
/// bid preparation (which can push the deadline just like an amendment).
struct amendment {
  std::int64_t number = 0;
  std::string kind;  ///< "amendment" or "clarification"
  timestamp at;
  std::string reason;
  bool affects_bid_preparation = true;
  std::vector<field_change> changes;
  timestamp deadline_before;
  timestamp deadline_after;
};

struct tender {
  std::string id;
  std::string purchaser_id;
  std::int64_t version = 1;  ///< increases with every change (the ETag)
  tender_state state = tender_state::draft;
  std::string catalogue_code;
  std::int64_t catalogue_version = 1;
  std::int64_t staffing_standard = 20;  ///< from the pinned catalogue version
  tender_terms terms;
  timestamp created_at;
  std::optional<timestamp> published_at;
  std::optional<timestamp> ended_at;  ///< cancelled or failed
  std::string end_reason;
  std::vector<amendment> amendments;
  std::optional<timestamp> opened_at;
  std::optional<timestamp> evaluated_at;  ///< the panel's report: ranking computed
  std::optional<timestamp> awarded_at;
  std::string awarded_bid_id;
  std::string award_reason;  ///< why a bid other than the top-ranked one was chosen
  bool award_late = false;   ///< awarded more than 5 working days after the panel's report
  std::string retender_of;   ///< the failed tender this one repeats (SPEC §3.3), or empty
  std::string method_change_approval;  ///< the recorded approval of a re-tender under another method

  /// ceil(quantity / staffing standard): the fewest social-worker posts a bid may offer.
  [[nodiscard]] std::int64_t minimum_posts() const;
  /// True once the deadline has passed (bids are refused, the tender may be opened).
  [[nodiscard]] bool deadline_passed(timestamp now) const { return now >= terms.deadline; }
};

/// The status clients see: the stored state, except that a published tender whose deadline
/// has passed shows as "closed".
std::string display_status(const tender& t, timestamp now);

/// The moments [from, until) around `now` over which display_status(t, ·) reads as it does at
/// `now`: a published tender turns "closed" at its deadline, every other state reads the same
/// at any time. Lets a rendering of the tender be reused for as long as it stays true.
struct status_span {
  timestamp from;
  timestamp until;
};
status_span display_status_span(const tender& t, timestamp now);

/// Legal minimum days from publication to the submission deadline: 20 for open tender
/// (政府采购法 §35), 10 for competitive consultation; single source has none.
std::chrono::seconds minimum_submission_period(procurement_method method);

/// Every rule a tender must meet to be published (or to stay valid after an amendment), each
/// naming its field. `published_at` is when the submission period starts.
validation_errors publication_errors(const tender_terms& terms, timestamp published_at);

/// The input of a new draft: the terms plus the catalogue item it is made under.
struct draft_input {
  std::string catalogue_code;
  tender_terms terms;
};

struct tender_filter {
  std::optional<std::string> status;  ///< a display status, "closed" included
  std::optional<std::string> region;
  std::optional<std::string> purchaser_id;
  std::optional<std::string> catalogue_code;
  /// Tenders this supplier has an active bid on. Whether a supplier bid is sealed until the
  /// opening (SPEC §3.4), so only opened tenders match, unless `supplier_is_caller`.
  std::optional<std::string> supplier_id;
  bool supplier_is_caller = false;
  std::optional<timestamp> deadline_from;
  std::optional<timestamp> deadline_to;
  /// Drafts are listed only for their own purchaser; empty = no drafts at all.
  std::optional<std::string> drafts_of;
};

/// A listed tender before it is read: enough to find a rendering kept for it.
struct tender_key {
  std::string id;
  tender_state state = tender_state::draft;
};

class tender_repository {
 public:
  virtual ~tender_repository() = default;
  virtual void insert(const tender& t) = 0;
  /// Replaces the stored tender (its amendments are append-only).
  virtual void update(const tender& t) = 0;
  virtual std::optional<tender> find(std::string_view id) = 0;
  virtual page<tender> list(const tender_filter& filter, const page_request& request, timestamp now) = 0;
  /// The same page as `list`, each tender by its id and state only: the list route serves most
  /// items from renderings kept for GET /tenders/{id}, and reads in full only the others.
  virtual page<tender_key> list_keys(const tender_filter& filter, const page_request& request, timestamp now) = 0;
  /// The tenders that repeat a failed one (`retender_of`), oldest first.
  virtual std::vector<tender> retenders_of(std::string_view failed_id) = 0;
  /// Whether a tender that anyone may see (one past its draft) names `estimate_id` as the source
  /// of its budget ceiling, or named it before an amendment replaced it.
  virtual bool cost_estimate_named_in_public(std::string_view estimate_id) = 0;
};

class cost_estimate_repository;

/// Creates a draft pinned to the latest version of its catalogue item.
result<tender> create_draft(catalogue_repository& catalogue, cost_estimate_repository& estimates,
                            tender_repository& tenders, const draft_input& input, std::string purchaser_id,
                            timestamp now);

/// Tenders a failed tender again (SPEC §3.3: minimum competition): a new draft, pinned to the
/// latest catalogue version, with the failed tender's terms as the purchaser changed them
/// (`terms`). Another method than the failed tender's needs the recorded approval. A failed
/// tender is repeated once: again only after its repeat was cancelled (a repeat that fails is
/// itself tendered again).
result<tender> retender(catalogue_repository& catalogue, cost_estimate_repository& estimates,
                        tender_repository& tenders, const tender& failed, tender_terms terms, std::string approval,
                        timestamp now);

/// Replaces a draft's terms (drafts only; `expected_version` from If-Match).
result<tender> revise_draft(cost_estimate_repository& estimates, tender_repository& tenders, tender current,
                            tender_terms terms, std::int64_t expected_version, timestamp now);

/// Publishes a draft once every rule holds; the submission period starts now.
result<tender> publish_tender(tender_repository& tenders, tender current, timestamp now);

/// Amends a published tender before its deadline. An amendment that may affect bid preparation
/// less than 15 days before the deadline moves the deadline to 15 days after the amendment.
/// An estimate it names must be the purchaser's own, as for a draft.
result<tender> amend_tender(cost_estimate_repository& estimates, tender_repository& tenders, tender current,
                            tender_terms terms, std::string reason, bool affects_bid_preparation,
                            std::int64_t expected_version, timestamp now);

/// Cancels a tender that has not been opened, with a reason.
result<tender> cancel_tender(tender_repository& tenders, tender current, std::string reason, timestamp now);

/// The deadline after a change published at `now` that may affect bid preparation.
timestamp pushed_deadline(timestamp deadline, timestamp now);

/// A clarification that may affect bid preparation (an answer, a file added to the tender or to
/// an answer) on a tender open for bids: listed among its amendments, it pushes a deadline less
/// than 15 days away out to 15 days after it (SPEC §3.3). Refused once bids have closed.
result<tender> publish_clarification(tender_repository& tenders, tender t, std::string what, timestamp now);

}  // namespace procura::procurement
