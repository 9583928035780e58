#pragma once
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "generate.hpp"
#include "procura/core/principal.hpp"

namespace procura::app::generate {

/// A one-line progress report on stderr, redrawn at most twice a second.
class progress_line {
 public:
  explicit progress_line(bool enabled) : enabled_(enabled) {}
  void phase(const char* name);
  void request_made();
  void tender_made() { ++counts.tenders; }
  void bid_made() { ++counts.bids; }
  void contract_made() { ++counts.contracts; }
  void done();

  totals counts;

 private:
  void draw();

  bool enabled_;
  const char* phase_ = "parties";
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point drawn_{};
};

/// The gateway, its clock and the bulk load, with the one way the generator calls the API:
/// the expected status or a command_error naming the refusal.
struct call_context {
  api::gateway& api;
  adjustable_clock& clock;
  storage::database::bulk_load& bulk;
  progress_line progress;

  boost::json::value expect(unsigned status, const std::string& method, const std::string& target,
                            const boost::json::value& body, const principal& as);
  /// As `expect`, when only the status matters: the response is not parsed (a third of the
  /// generator's JSON work was parsing answers nobody read).
  void perform(unsigned status, const std::string& method, const std::string& target, const boost::json::value& body,
               const principal& as);
  /// A read: first commits the bulk transaction, since readers see only committed data.
  boost::json::value read(const std::string& target, const principal& as);
};

struct generated_parties {
  std::vector<principal> purchasers;
  std::vector<principal> suppliers;
  std::vector<principal> evaluators;
  std::vector<principal> experts;
};

/// How many tenders `run_lifecycles` makes for `contracts` contracts: a tenth more stop at
/// evaluated and as many at awarded, so that those states exist too.
std::int64_t lifecycle_count(std::int64_t contracts);

/// Takes `count` tenders, in lockstep, through bidding, opening, qualification, the panel's
/// scores, ranking and award; `contracts` of them on to a signed contract with a schedule, a
/// release, three accepted monthly reports and a finalized mid-term evaluation (every grade
/// occurs). Tender indexes start at `first_index`.
void run_lifecycles(call_context& calls, const generated_parties& parties, std::int64_t count, std::int64_t contracts,
                    std::int64_t bids_per_tender, std::int64_t first_index);

}  // namespace procura::app::generate
