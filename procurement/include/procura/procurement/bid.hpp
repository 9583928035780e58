#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procura/core/money.hpp"
#include "procura/core/principal.hpp"
#include "procura/core/result.hpp"
#include "procura/core/time.hpp"
#include "procura/procurement/benchmarks.hpp"
#include "procura/procurement/tender.hpp"

/// Sealed bids (SPEC §3.4).
namespace procura::procurement {

/// One line of a staffing plan: posts of a level, the monthly salary the bidder will pay, months.
struct staffing_post {
  professional_level level = professional_level::social_worker;
  std::int64_t count = 0;
  money monthly_salary;
  std::int64_t months = 12;
  bool operator==(const staffing_post&) const = default;
};

struct proposal_section {
  std::string title;
  std::string text;
  bool operator==(const proposal_section&) const = default;
};

struct declarations {
  bool no_serious_violation = false;
  bool tax_compliant = false;
  bool social_insurance_compliant = false;
  bool accepts_terms = false;
  bool operator==(const declarations&) const = default;
};

/// A document uploaded by the bidder and attached to this version: its hash is part of the
/// receipt, so the receipt proves which files were submitted.
struct bid_attachment {
  std::string document_id;
  std::string document_type;  ///< one of document_types_of(attachment_target::bid)
  std::string sha256;
  bool operator==(const bid_attachment&) const = default;
};

/// What a supplier offers; replaced whole by a new version.
struct bid_content {
  money price;
  std::vector<staffing_post> staffing;
  std::vector<proposal_section> sections;
  std::vector<std::string> document_hashes;  ///< SHA-256 of each attached document, lowercase hex
  std::vector<bid_attachment> attachments;   ///< uploaded documents (procurement/document.hpp)
  declarations declared;
  money salary_reserve;  ///< what the supplier can advance to pay salaries (payroll coverage)
  bool operator==(const bid_content&) const = default;
};

enum class bid_state { active, withdrawn };
std::string_view to_string(bid_state state);

/// One automatic qualification check against the pinned profile.
struct qualification_check {
  std::string name;
  bool passed = false;
  std::string detail;
};

/// The qualification review of a bid after opening: the automatic result and the purchaser's
/// decision (a decision different from the automatic result needs a written reason).
struct qualification_review {
  bool reviewed = false;  ///< the automatic check has run (at opening)
  bool automatic_pass = false;
  std::vector<qualification_check> checks;
  std::optional<bool> qualified;  ///< the purchaser's decision
  std::string reason;
  [[nodiscard]] bool is_qualified() const { return qualified.value_or(false); }
};

/// An abnormally low price (87号令 §60): flagged bids are blocked from ranking until the panel
/// records the bidder's explanation and a decision.
struct abnormal_price_review {
  bool flagged = false;
  std::vector<std::string> reasons;
  std::string explanation;
  std::optional<bool> accepted;
  [[nodiscard]] bool blocks_ranking() const { return flagged && !accepted.has_value(); }
  [[nodiscard]] bool excludes() const { return flagged && accepted == false; }
};

struct bid {
  std::string id;
  std::string tender_id;
  std::string supplier_id;
  std::int64_t version = 1;
  bid_state state = bid_state::active;
  bid_content content;
  std::int64_t profile_version = 0;  ///< the supplier's qualification profile it was made under
  std::string receipt_hash;          ///< SHA-256 of the canonical JSON of this version
  timestamp submitted_at;
  std::optional<timestamp> withdrawn_at;
  qualification_review qualification;
  abnormal_price_review abnormal;
};

/// One finding of the staffing check shown to the bidder at submission.
struct staffing_finding {
  std::string check;    ///< "salary_vs_benchmark", "posts_vs_minimum", "payroll_vs_price"
  std::string pointer;  ///< the part of the bid it is about
  bool shortfall = false;
  std::string message;
};

/// Checks a staffing plan against the tender's region benchmark and minimum posts, and the
/// payroll it implies (salaries plus employer contributions) against the price.
std::vector<staffing_finding> check_staffing(const bid_content& content, const tender& t,
                                             const std::optional<benchmark_set>& benchmarks);

/// The payroll of the posts in force in month `month` (1-based) of the service: their gross
/// salaries plus each employer rate applied to that gross, rounded half-up once per rate, as the
/// cost estimate costs a month (worked example 3) and payroll coverage counts one. With
/// `benchmark_salaries`, each post at its level's guide salary instead of its own. Nothing on
/// overflow.
std::optional<money> monthly_payroll(const std::vector<staffing_post>& staffing, const employer_rates& rates,
                                     std::int64_t month, const benchmark_set* benchmark_salaries = nullptr);

/// Payroll cost of a staffing plan: the sum of its monthly payrolls over the months its posts
/// run (a plan whose posts all run the whole service costs months × one month's payroll, as the
/// estimate does). With `at_benchmark`, each post is costed at its level's benchmark salary.
std::optional<money> payroll_cost(const std::vector<staffing_post>& staffing, const benchmark_set& benchmarks,
                                  bool at_benchmark);

/// Every post of a plan, whatever its level and months (what the bid's outline shows).
std::int64_t total_posts(const std::vector<staffing_post>& staffing);

/// The social-worker posts a plan holds through the whole service: held by an assistant social
/// worker or above (uncertified staff fill no social worker's post, as in reports: decision 75),
/// for at least the service's months. These are what the tender's ceil(N/S) minimum and the
/// staffing-ratio score count; a post for one month of twelve would otherwise count in full.
std::int64_t social_worker_posts(const std::vector<staffing_post>& staffing, std::int64_t service_months);
/// The plan's posts against the tender's minimum, in words, for the staffing check and the review.
std::string posts_against_minimum(const std::vector<staffing_post>& staffing, const tender& t);

class bid_repository {
 public:
  virtual ~bid_repository() = default;
  virtual void insert(const bid& b) = 0;
  /// Stores a new content version (a replacement).
  virtual void add_version(const bid& b) = 0;
  /// Stores state, qualification and abnormal-price review.
  virtual void update_review(const bid& b) = 0;
  virtual std::optional<bid> find(std::string_view id) = 0;
  /// The supplier's active bid on the tender, if any.
  virtual std::optional<bid> active_of(std::string_view tender_id, std::string_view supplier_id) = 0;
  /// Every bid of the tender (latest versions), active and withdrawn, in id order.
  virtual std::vector<bid> of_tender(std::string_view tender_id) = 0;
  /// Every bid of each of these tenders (latest versions), by tender and then id: what
  /// `of_tender` gives for each, read together (the OCDS export reads a range of tenders).
  virtual std::vector<bid> of_tenders(const std::vector<std::string>& tender_ids) = 0;
  /// The tenders a supplier has an active bid on (a withdrawn one was never opened), most recent first.
  virtual std::vector<std::string> tender_ids_of_supplier(std::string_view supplier_id) = 0;
};

/// Computes the receipt hash of a bid version (the API hashes its canonical JSON).
using receipt_function = std::function<std::string(const bid&)>;

/// Checks the content's own rules, naming each field.
validation_errors content_errors(const bid_content& content);

/// Submits a new bid. Refused after the deadline whatever the client says the time is.
result<bid> submit_bid(bid_repository& bids, const tender& t, std::string supplier_id,
                       std::int64_t profile_version, bid_content content, const receipt_function& receipt,
                       timestamp now);

/// Replaces the content of the supplier's own active bid (the last version counts), if it is still
/// the version the supplier read (`expected_version`, from If-Match).
result<bid> replace_bid(bid_repository& bids, const tender& t, bid current, std::int64_t expected_version,
                        std::int64_t profile_version,
                        bid_content content, const receipt_function& receipt, timestamp now);

/// Withdraws the supplier's own active bid before the deadline.
result<bid> withdraw_bid(bid_repository& bids, const tender& t, bid current, timestamp now);

/// Whether bids of this tender may be read by others yet: only after opening.
bool bids_are_sealed(const tender& t);
/// The same rule for a tender known only by its state (it depends on nothing else).
bool bids_are_sealed(tender_state state);

}  // namespace procura::procurement
