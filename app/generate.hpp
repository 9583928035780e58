#pragma once
#include <cstdint>
#include <string>

#include "procura/api/gateway.hpp"
#include "procura/core/clock.hpp"
#include "procura/storage/database.hpp"

/// `procura generate`: a realistic, valid data set of any size, made through the in-process
/// gateway (schemas, domain rules and the audit chain apply to every change), in bulk-load
/// transactions so that 1M tenders do not cost 1M fsyncs.
namespace procura::app::generate {

struct settings {
  std::int64_t tenders = 1000;
  std::int64_t bids_per_tender = 5;
  /// Tenders taken all the way through award to a signed contract with reports and a
  /// performance evaluation (also counted in `tenders`).
  std::int64_t contracts = 10;
  /// Extra suppliers with bearer tokens for the bid-submission benchmark (each never bid yet).
  std::int64_t bench_suppliers = 0;
  /// Where the benchmark's inputs are written (tokens, open tenders, ids); empty = nowhere.
  std::string bench_directory;
  std::size_t writes_per_commit = 5000;
  bool progress = true;
};

struct totals {
  std::int64_t tenders = 0;
  std::int64_t bids = 0;
  std::int64_t contracts = 0;
  std::int64_t requests = 0;
};

/// Generates the data set on `clock`'s timeline: contracts about five years back, past tenders
/// in monthly cohorts up to last month, and today's tenders open for bids. Throws
/// command_error when a call is refused (a bug in the generator, never skipped) or when the
/// database already holds generated data.
totals run(api::gateway& api, adjustable_clock& clock, storage::database::bulk_load& bulk, const settings& options);

}  // namespace procura::app::generate
