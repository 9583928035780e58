#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "procura/core/rational.hpp"
#include "procura/evaluation/evaluation.hpp"
#include "procura/procurement/benchmarks.hpp"
#include "procura/transparency/red_flags.hpp"

/// Indicators for a region or purchaser (SPEC §3.9): whether buying from social organizations
/// is worth its cost. Every figure carries what it was computed from.
namespace procura::transparency {

/// A ratio with its parts, so that a reader can check it.
struct ratio_figure {
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
  std::string basis;
  [[nodiscard]] std::optional<rational> value() const {
    if (denominator == 0) return std::nullopt;
    return rational(numerator, denominator);
  }
};

struct indicator_window {
  std::optional<timestamp> from;
  std::optional<timestamp> to;
  [[nodiscard]] bool contains(timestamp t) const { return (!from || t >= *from) && (!to || t < *to); }
};

struct indicators {
  std::int64_t contracts = 0;
  std::int64_t clients_covered = 0;
  ratio_figure workers_per_client;
  ratio_figure standard_workers_per_client;
  ratio_figure certified_share;
  ratio_figure salary_compliance;
  ratio_figure payment_punctuality;
  std::map<std::string, std::int64_t> grades;
  ratio_figure relapse_rate;
  ratio_figure abstinence_one_year;
  ratio_figure abstinence_three_years;
  ratio_figure cost_per_client;  ///< fen per client
  ratio_figure bids_per_tender;
  ratio_figure single_bid_share;
};

/// Whether a contract's service period (from its China start date for its months) overlaps the
/// window: the contract figures (contracts, clients covered, cost per client, standard workers)
/// count only such contracts.
bool in_window(const contracts::contract& c, const indicator_window& window);

/// Computes the indicators over the given tenders (bids only where unsealed), their contracts'
/// accepted reports and effective evaluations, within the window. `benchmark_of` gives the
/// benchmark of a contract's region for a year (each report is held to its own year's guide). `now` (the server clock) decides which
/// unreleased instalments are overdue: each counts as not punctual.
indicators compute_indicators(const std::vector<tender_facts>& tenders,
                              const std::vector<evaluation::performance_evaluation>& evaluations,
                              const std::function<std::optional<procurement::benchmark_set>(const contracts::contract&,
                                                                                           std::int32_t year)>& benchmark_of,
                              const indicator_window& window, timestamp now);

}  // namespace procura::transparency
