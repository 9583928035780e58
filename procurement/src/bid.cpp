#include "procura/procurement/bid.hpp"

#include <algorithm>
#include <cctype>

#include "procura/core/ids.hpp"

namespace procura::procurement {
namespace {

error deadline_passed_error(const tender& t) {
  return error::conflict("the submission deadline " + format_rfc3339(t.terms.deadline) +
                         " has passed (server time decides): bids can no longer be submitted, replaced or withdrawn");
}

status open_for_bids(const tender& t, timestamp now) {
  if (t.state == tender_state::published && t.deadline_passed(now)) return deadline_passed_error(t);
  if (t.state != tender_state::published)
    return error::conflict("the tender is " + display_status(t, now) + ": it does not take bids");
  return done{};
}

bool is_hex_hash(const std::string& text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

}  // namespace

std::string_view to_string(bid_state state) { return state == bid_state::active ? "active" : "withdrawn"; }

std::int64_t total_posts(const std::vector<staffing_post>& staffing) {
  std::int64_t posts = 0;
  for (const auto& post : staffing) posts += post.count;
  return posts;
}

std::int64_t social_worker_posts(const std::vector<staffing_post>& staffing, std::int64_t service_months) {
  std::int64_t posts = 0;
  for (const auto& post : staffing)
    if (post.level != professional_level::none && post.months >= service_months) posts += post.count;
  return posts;
}

std::string posts_against_minimum(const std::vector<staffing_post>& staffing, const tender& t) {
  const auto posts = social_worker_posts(staffing, t.terms.service_months);
  const auto all = total_posts(staffing);
  return std::to_string(posts) + " social-worker posts for the whole " + std::to_string(t.terms.service_months) +
         " months" +
         (all != posts ? " (" + std::to_string(all) + " posts in all: uncertified staff and shorter posts do not count)"
                       : std::string()) +
         "; the tender requires at least " + std::to_string(t.minimum_posts()) + " (" +
         std::to_string(t.terms.quantity) + " clients at " + std::to_string(t.staffing_standard) + " per social worker)";
}

std::optional<money> monthly_payroll(const std::vector<staffing_post>& staffing, const employer_rates& rates,
                                     std::int64_t month, const benchmark_set* benchmark_salaries) {
  money gross;
  for (const auto& post : staffing) {
    if (month > post.months) continue;
    const money salary = benchmark_salaries ? benchmark_salaries->salary(post.level) : post.monthly_salary;
    const auto line = checked_multiply(salary, post.count);
    if (!line) return std::nullopt;
    const auto sum = checked_add(gross, *line);
    if (!sum) return std::nullopt;
    gross = *sum;
  }
  money total = gross;
  for (const auto rate : {rates.pension, rates.medical, rates.unemployment, rates.work_injury, rates.housing_fund}) {
    const auto contribution = apply_rate(gross, rate);
    if (!contribution) return std::nullopt;
    const auto sum = checked_add(total, *contribution);
    if (!sum) return std::nullopt;
    total = *sum;
  }
  return total;
}

std::optional<money> payroll_cost(const std::vector<staffing_post>& staffing, const benchmark_set& benchmarks,
                                  bool at_benchmark) {
  std::int64_t months = 0;
  for (const auto& post : staffing) months = std::max(months, post.months);
  money total;
  for (std::int64_t month = 1; month <= months; ++month) {
    const auto payroll = monthly_payroll(staffing, benchmarks.rates, month, at_benchmark ? &benchmarks : nullptr);
    if (!payroll) return std::nullopt;
    const auto sum = checked_add(total, *payroll);
    if (!sum) return std::nullopt;
    total = *sum;
  }
  return total;
}

std::vector<staffing_finding> check_staffing(const bid_content& content, const tender& t,
                                             const std::optional<benchmark_set>& benchmarks) {
  std::vector<staffing_finding> findings;
  findings.push_back({"posts_vs_minimum", "/staffing",
                      social_worker_posts(content.staffing, t.terms.service_months) < t.minimum_posts(),
                      posts_against_minimum(content.staffing, t)});
  if (!benchmarks) {
    findings.push_back({"salary_vs_benchmark", "/staffing", true,
                        "no salary benchmark for region " + t.terms.region + ": salaries could not be checked"});
    return findings;
  }
  for (std::size_t i = 0; i < content.staffing.size(); ++i) {
    const auto& post = content.staffing[i];
    const money guide = benchmarks->salary(post.level);
    const bool below = post.monthly_salary < guide;
    findings.push_back({"salary_vs_benchmark", "/staffing/" + std::to_string(i) + "/monthly_salary", below,
                        std::string(to_string(post.level)) + ": " + format_yuan(post.monthly_salary) + " a month " +
                            (below ? "is below" : "meets") + " the guide salary " + format_yuan(guide)});
  }
  const auto payroll = payroll_cost(content.staffing, *benchmarks, false);
  if (payroll) {
    const bool exceeds = *payroll > content.price;
    findings.push_back({"payroll_vs_price", "/price", exceeds,
                        "payroll with employer contributions " + format_yuan(*payroll) + (exceeds ? " exceeds" : " fits within") +
                            " the price " + format_yuan(content.price)});
  }
  return findings;
}

validation_errors content_errors(const bid_content& content) {
  validation_errors errors;
  if (content.price.fen <= 0) errors.add("/price/amount", "the price must be positive");
  if (content.staffing.empty()) errors.add("/staffing", "a staffing plan is required");
  for (std::size_t i = 0; i < content.staffing.size(); ++i) {
    const auto& post = content.staffing[i];
    const std::string at = "/staffing/" + std::to_string(i);
    if (post.count < 1) errors.add(at + "/count", "count must be at least 1");
    if (post.monthly_salary.fen <= 0) errors.add(at + "/monthly_salary/amount", "salary must be positive");
    if (post.months < 1 || post.months > 36) errors.add(at + "/months", "months must be 1 to 36");
  }
  for (std::size_t i = 0; i < content.document_hashes.size(); ++i)
    if (!is_hex_hash(content.document_hashes[i]))
      errors.add("/document_hashes/" + std::to_string(i), "a document hash is 64 lowercase hex characters (SHA-256)");
  if (!content.declared.accepts_terms) errors.add("/declarations/accepts_terms", "the bidder must accept the tender's terms");
  if (content.salary_reserve.fen < 0) errors.add("/salary_reserve/amount", "must not be negative");
  return errors;
}

namespace {

/// The content's own errors and a price above the tender's ceiling, which makes a bid invalid
/// (law, 87号令 §63(5)): refused at the door rather than carried, sealed, to the opening.
validation_errors errors_against(const bid_content& content, const tender& t) {
  auto errors = content_errors(content);
  // A post outlasting the service would be paid (and costed in the payroll test) for months
  // nobody contracts.
  for (std::size_t i = 0; i < content.staffing.size(); ++i)
    if (content.staffing[i].months > t.terms.service_months)
      errors.add("/staffing/" + std::to_string(i) + "/months",
                 std::to_string(content.staffing[i].months) + " months is longer than the service's " +
                     std::to_string(t.terms.service_months));
  if (content.price.fen > t.terms.budget_ceiling.fen)
    errors.add("/price/amount", "the price " + format_yuan(content.price) + " exceeds the tender's budget ceiling " +
                                    format_yuan(t.terms.budget_ceiling) + "; such a bid is invalid");
  return errors;
}

}  // namespace

bool bids_are_sealed(const tender& t) { return bids_are_sealed(t.state); }

bool bids_are_sealed(tender_state state) {
  // A cancelled tender was never opened (cancelling is refused after opening): its bids stay sealed.
  return state == tender_state::draft || state == tender_state::published || state == tender_state::cancelled;
}

result<bid> submit_bid(bid_repository& bids, const tender& t, std::string supplier_id,
                       std::int64_t profile_version, bid_content content, const receipt_function& receipt,
                       timestamp now) {
  if (auto open = open_for_bids(t, now); !open) return open.failure();
  if (profile_version == 0)
    return error::rule("/profile", "record a qualification profile before bidding: the bid pins its version");
  const auto errors = errors_against(content, t);
  if (!errors.empty()) return errors.to_error();
  if (const auto existing = bids.active_of(t.id, supplier_id))
    return error::conflict("you already have bid " + existing->id + " on this tender: replace it (PUT) or withdraw it");
  bid created;
  created.id = new_id("bid");
  created.tender_id = t.id;
  created.supplier_id = std::move(supplier_id);
  created.content = std::move(content);
  created.profile_version = profile_version;
  created.submitted_at = now;
  created.receipt_hash = receipt(created);
  bids.insert(created);
  return created;
}

result<bid> replace_bid(bid_repository& bids, const tender& t, bid current, std::int64_t expected_version,
                        std::int64_t profile_version, bid_content content, const receipt_function& receipt,
                        timestamp now) {
  if (auto open = open_for_bids(t, now); !open) return open.failure();
  if (current.state != bid_state::active) return error::conflict("a withdrawn bid cannot be replaced; submit a new one");
  if (current.version != expected_version)
    return error::make(error_kind::precondition_failed,
                       "the bid changed since it was read: current version is " + std::to_string(current.version));
  const auto errors = errors_against(content, t);
  if (!errors.empty()) return errors.to_error();
  current.version += 1;
  current.content = std::move(content);
  current.profile_version = profile_version;
  current.submitted_at = now;
  current.receipt_hash = receipt(current);
  bids.add_version(current);
  return current;
}

result<bid> withdraw_bid(bid_repository& bids, const tender& t, bid current, timestamp now) {
  if (auto open = open_for_bids(t, now); !open) return open.failure();
  if (current.state != bid_state::active) return error::conflict("the bid is already withdrawn");
  current.state = bid_state::withdrawn;
  current.withdrawn_at = now;
  bids.update_review(current);
  return current;
}

}  // namespace procura::procurement
