#include "store_adapter.hpp"

namespace procura::app {
namespace {

/// Forwards each repository of the API's unit of work to the storage session.
class session_work final : public api::unit_of_work {
 public:
  explicit session_work(storage::session& current) : current_(current) {}
  procurement::organization_repository& organizations() override { return current_.organizations(); }
  procurement::account_repository& accounts() override { return current_.accounts(); }
  procurement::profile_repository& profiles() override { return current_.profiles(); }
  audit::log& audit() override { return current_.audit(); }
  idempotency::store& idempotency() override { return current_.idempotency(); }
  procurement::catalogue_repository& catalogue() override { return current_.catalogue(); }
  procurement::benchmark_repository& benchmarks() override { return current_.benchmarks(); }
  procurement::cost_estimate_repository& cost_estimates() override { return current_.cost_estimates(); }
  procurement::tender_repository& tenders() override { return current_.tenders(); }
  procurement::question_repository& questions() override { return current_.questions(); }
  procurement::bid_repository& bids() override { return current_.bids(); }
  procurement::panel_repository& panel() override { return current_.panel(); }
  procurement::ranking_repository& rankings() override { return current_.rankings(); }
  procurement::challenge_repository& challenges() override { return current_.challenges(); }
  procurement::calendar_repository& calendar() override { return current_.calendar(); }
  contracts::contract_repository& contracts() override { return current_.contracts(); }
  contracts::report_repository& reports() override { return current_.reports(); }
  evaluation::evaluation_repository& evaluations() override { return current_.evaluations(); }
  procurement::document_repository& documents() override { return current_.documents(); }
  transparency::outline_repository& outlines() override { return current_.outlines(); }

 private:
  storage::session& current_;
};

}  // namespace

void store_adapter::write(const std::function<bool(api::unit_of_work&)>& use_case) {
  database_.write([&](storage::session& current) {
    session_work work(current);
    return use_case(work);
  });
}

api::store::commit_ticket store_adapter::execute(const std::function<bool(api::unit_of_work&)>& use_case) {
  return database_.execute([&](storage::session& current) {
    session_work work(current);
    return use_case(work);
  });
}

void store_adapter::read(const std::function<void(api::unit_of_work&)>& query) {
  database_.read([&](storage::session& current) {
    session_work work(current);
    query(work);
  });
}

}  // namespace procura::app
