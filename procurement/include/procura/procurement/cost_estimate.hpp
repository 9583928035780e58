#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procura/core/money.hpp"
#include "procura/core/result.hpp"
#include "procura/core/time.hpp"
#include "procura/procurement/benchmarks.hpp"

/// Cost estimates built from the salary benchmarks (SPEC §2, §3.2).
namespace procura::procurement {

struct post_count {
  professional_level level = professional_level::social_worker;
  std::int64_t count = 0;
};

struct operating_costs {
  money activities;
  money training_and_supervision;
  money rent;
  money transport;
};

struct cost_estimate_input {
  std::string region;
  std::int32_t year = 0;
  std::vector<post_count> posts;
  std::int64_t months = 12;
  operating_costs operating;
  basis_points management_fee_rate = 0;
  basis_points tax_rate = 0;
};

/// One line of the breakdown: what it is, how it was computed, the amount.
struct cost_line {
  std::string kind;   ///< "salary", "pension", …, "operating", "management_fee", "tax"
  std::string label;  ///< e.g. "social_worker × 5 × 12 months × 9,000.00"
  money amount;
};

struct cost_estimate {
  std::string id;
  std::string purchaser_id;
  cost_estimate_input input;
  std::vector<cost_line> lines;
  money total;
  timestamp created_at;
};

/// The rounding rule (examples/worked-examples.md): every computed line is rounded half-up to
/// the fen on its own, and the total is the sum of the rounded lines.
///   salary line       = count × benchmark monthly salary × months (exact)
///   contribution line = round(monthly gross of all posts × rate) × months, one line per rate
///   operating line    = each given operating cost
///   management fee    = round((salaries + contributions + operating) × fee rate)
///   tax               = round((salaries + contributions + operating + fee) × tax rate)
result<cost_estimate> compute_cost_estimate(const cost_estimate_input& input, const benchmark_set& benchmarks);

class cost_estimate_repository {
 public:
  virtual ~cost_estimate_repository() = default;
  virtual void insert(const cost_estimate& estimate) = 0;
  virtual std::optional<cost_estimate> find(std::string_view id) = 0;
};

/// Computes and stores an estimate for `purchaser_id` from the benchmarks of its region and year.
result<cost_estimate> create_cost_estimate(benchmark_repository& benchmarks, cost_estimate_repository& estimates,
                                           const cost_estimate_input& input, std::string purchaser_id,
                                           timestamp now);

}  // namespace procura::procurement
