#include "procura/procurement/cost_estimate.hpp"

#include "procura/core/ids.hpp"
#include "procura/core/text.hpp"

namespace procura::procurement {
namespace {

/// Sums with overflow checks; an overflow turns the whole estimate into a rule violation.
class accumulator {
 public:
  bool add(money amount) {
    const auto sum = checked_add(total_, amount);
    if (!sum) return false;
    total_ = *sum;
    return true;
  }
  [[nodiscard]] money total() const { return total_; }

 private:
  money total_;
};

}  // namespace

result<cost_estimate> compute_cost_estimate(const cost_estimate_input& input, const benchmark_set& benchmarks) {
  validation_errors errors;
  if (input.posts.empty()) errors.add("/posts", "at least one post is needed");
  for (std::size_t i = 0; i < input.posts.size(); ++i)
    if (input.posts[i].count < 1 || input.posts[i].count > 100000)
      errors.add("/posts/" + std::to_string(i) + "/count", "count must be 1 to 100000");
  if (input.months < 1 || input.months > 36) errors.add("/months", "months must be 1 to 36");
  const std::array<std::pair<const char*, money>, 4> operating{{{"activities", input.operating.activities},
                                                               {"training_and_supervision", input.operating.training_and_supervision},
                                                               {"rent", input.operating.rent},
                                                               {"transport", input.operating.transport}}};
  for (const auto& [name, amount] : operating)
    if (amount.fen < 0) errors.add(std::string("/operating_costs/") + name + "/amount", "must not be negative");
  if (input.management_fee_rate < 0 || input.management_fee_rate > 5000)
    errors.add("/management_fee_rate_bp", "management fee rate must be 0 to 5000 basis points");
  if (input.tax_rate < 0 || input.tax_rate > 5000) errors.add("/tax_rate_bp", "tax rate must be 0 to 5000 basis points");
  if (!errors.empty()) return errors.to_error();

  const error overflow = error::rule("", "the estimate is too large to compute exactly");
  cost_estimate estimate;
  estimate.input = input;
  accumulator direct;  // salaries + contributions + operating
  accumulator monthly_gross;
  for (const auto& post : input.posts) {
    const money salary = benchmarks.salary(post.level);
    const auto per_month = checked_multiply(salary, post.count);
    if (!per_month || !monthly_gross.add(*per_month)) return overflow;
    const auto line = checked_multiply(*per_month, input.months);
    if (!line || !direct.add(*line)) return overflow;
    estimate.lines.push_back({"salary",
                              std::string(to_string(post.level)) + " × " + std::to_string(post.count) + " × " +
                                  std::to_string(input.months) + " months × " + format_yuan(salary),
                              *line});
  }
  const std::array<std::pair<const char*, basis_points>, 5> rates{{{"pension", benchmarks.rates.pension},
                                                                   {"medical", benchmarks.rates.medical},
                                                                   {"unemployment", benchmarks.rates.unemployment},
                                                                   {"work_injury", benchmarks.rates.work_injury},
                                                                   {"housing_fund", benchmarks.rates.housing_fund}}};
  for (const auto& [name, rate] : rates) {
    const auto per_month = apply_rate(monthly_gross.total(), rate);
    if (!per_month) return overflow;
    const auto line = checked_multiply(*per_month, input.months);
    if (!line || !direct.add(*line)) return overflow;
    estimate.lines.push_back({name,
                              format_yuan(monthly_gross.total()) + " × " + std::to_string(rate) + " bp × " +
                                  std::to_string(input.months) + " months",
                              *line});
  }
  for (const auto& [name, amount] : operating) {
    if (!direct.add(amount)) return overflow;
    estimate.lines.push_back({"operating", name, amount});
  }
  const auto fee = apply_rate(direct.total(), input.management_fee_rate);
  if (!fee) return overflow;
  estimate.lines.push_back({"management_fee", format_yuan(direct.total()) + " × " +
                                                  std::to_string(input.management_fee_rate) + " bp", *fee});
  accumulator before_tax = direct;
  if (!before_tax.add(*fee)) return overflow;
  const auto tax = apply_rate(before_tax.total(), input.tax_rate);
  if (!tax) return overflow;
  estimate.lines.push_back({"tax", format_yuan(before_tax.total()) + " × " + std::to_string(input.tax_rate) + " bp", *tax});
  accumulator total = before_tax;
  if (!total.add(*tax)) return overflow;
  estimate.total = total.total();
  return estimate;
}

result<cost_estimate> create_cost_estimate(benchmark_repository& benchmarks, cost_estimate_repository& estimates,
                                           const cost_estimate_input& input, std::string purchaser_id,
                                           timestamp now) {
  if (blank_or_padded(input.region)) return error::rule("/region", "region is required, without spaces at either end");
  const auto set = benchmarks.find(input.region, input.year);
  if (!set)
    return error::rule("/region", "no salary benchmark for region " + input.region + " in " + std::to_string(input.year));
  auto estimate = compute_cost_estimate(input, *set);
  if (!estimate) return estimate;
  estimate->id = new_id("est");
  estimate->purchaser_id = std::move(purchaser_id);
  estimate->created_at = now;
  estimates.insert(*estimate);
  return estimate;
}

}  // namespace procura::procurement
