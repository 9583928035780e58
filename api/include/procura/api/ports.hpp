#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "procura/contracts/contract.hpp"
#include "procura/contracts/service_report.hpp"
#include "procura/core/audit.hpp"
#include "procura/evaluation/evaluation.hpp"
#include "procura/core/idempotency.hpp"
#include "procura/procurement/award.hpp"
#include "procura/procurement/benchmarks.hpp"
#include "procura/procurement/bid.hpp"
#include "procura/procurement/catalogue.hpp"
#include "procura/procurement/clarification.hpp"
#include "procura/procurement/cost_estimate.hpp"
#include "procura/procurement/document.hpp"
#include "procura/procurement/panel.hpp"
#include "procura/procurement/parties.hpp"
#include "procura/procurement/tender.hpp"
#include "procura/transparency/red_flags.hpp"

/// What the API needs from the outside world, as interfaces. `app/` implements them with
/// storage/, so that the API and storage never depend on each other (docs/architecture.md).
namespace procura::api {

/// The repositories of one transaction.
class unit_of_work {
 public:
  virtual ~unit_of_work() = default;
  virtual procurement::organization_repository& organizations() = 0;
  virtual procurement::account_repository& accounts() = 0;
  virtual procurement::profile_repository& profiles() = 0;
  virtual audit::log& audit() = 0;
  virtual idempotency::store& idempotency() = 0;
  virtual procurement::catalogue_repository& catalogue() = 0;
  virtual procurement::benchmark_repository& benchmarks() = 0;
  virtual procurement::cost_estimate_repository& cost_estimates() = 0;
  virtual procurement::tender_repository& tenders() = 0;
  virtual procurement::question_repository& questions() = 0;
  virtual procurement::bid_repository& bids() = 0;
  virtual procurement::panel_repository& panel() = 0;
  virtual procurement::ranking_repository& rankings() = 0;
  virtual procurement::challenge_repository& challenges() = 0;
  virtual procurement::calendar_repository& calendar() = 0;
  virtual contracts::contract_repository& contracts() = 0;
  virtual contracts::report_repository& reports() = 0;
  virtual evaluation::evaluation_repository& evaluations() = 0;
  virtual procurement::document_repository& documents() = 0;
  virtual transparency::outline_repository& outlines() = 0;
};

/// The files behind documents (content-addressed, written durably before their row commits).
class document_store {
 public:
  virtual ~document_store() = default;
  /// Stores the bytes durably; returns their SHA-256 (lower-case hex).
  virtual std::string put(std::string_view bytes) = 0;
  /// Where the file with this hash lives, for streaming it out.
  virtual std::string path_of(std::string_view sha256) = 0;
};

/// Transactions on the database. Implementations are thread-safe.
class store {
 public:
  virtual ~store() = default;
  /// Names the transaction that holds a change (storage::database::commit_ticket); 0 is none.
  using commit_ticket = std::uint64_t;
  /// One IMMEDIATE transaction; commits when `use_case` returns true, else rolls back. Returns
  /// once the change is durable.
  virtual void write(const std::function<bool(unit_of_work&)>& use_case) = 0;
  /// Runs `use_case` at once in the open group transaction (kept when it returns true) and
  /// returns before the change is durable: its response must wait for `when_durable`.
  virtual commit_ticket execute(const std::function<bool(unit_of_work&)>& use_case) = 0;
  /// Calls `then(true)` once `ticket` is durable, `then(false)` once its commit failed; at once
  /// when already settled, else on the storage's syncer thread (which `then` must not hold up).
  virtual void when_durable(commit_ticket ticket, std::function<void(bool)> then) = 0;
  /// Blocks until `ticket` is durable (not in a bulk load, as `write`); false when it failed.
  virtual bool wait_durable(commit_ticket ticket) = 0;
  /// Asks for `ticket`'s transaction to be committed now rather than when it has waited its
  /// longest (storage::database::commit_when_asked); nothing when it is already committed.
  virtual void request_commit(commit_ticket ticket) = 0;
  /// The newest transaction a read may have seen; a read's response waits for it.
  virtual commit_ticket last_committed() = 0;
  virtual bool is_settled(commit_ticket ticket) = 0;
  /// Where the store says why writes were not kept (a refused COMMIT, a failed sync), once per
  /// failure, from its own threads (storage::database::report_failures_to).
  virtual void report_failures_to(std::function<void(const std::string&)> report) = 0;
  /// A consistent read-only snapshot.
  virtual void read(const std::function<void(unit_of_work&)>& query) = 0;
  virtual int schema_version() = 0;
  /// Changes whenever anyone (this process or another) commits: equal numbers from two calls
  /// mean nothing was committed between them (storage::database::data_version).
  virtual std::int64_t data_version() = 0;
};

}  // namespace procura::api
