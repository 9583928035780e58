#pragma once
#include <memory>

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
#include "procura/procurement/opening.hpp"
#include "procura/procurement/panel.hpp"
#include "procura/procurement/parties.hpp"
#include "procura/procurement/tender.hpp"
#include "procura/storage/connection.hpp"
#include "procura/transparency/red_flags.hpp"

namespace procura::storage {

class organization_table;
class account_table;
class profile_table;
class audit_table;
class idempotency_table;
class catalogue_table;
class benchmark_table;
class cost_estimate_table;
class tender_table;
class question_table;
class bid_table;
class panel_table;
class ranking_table;
class challenge_table;
class calendar_table;
class contract_table;
class report_table;
class evaluation_table;
class document_table;
class outline_table;

/// The repositories of one transaction on one connection (the unit of work). Created by
/// `database::write`/`read`; valid only inside that call.
class session {
 public:
  explicit session(connection& db);
  ~session();
  session(const session&) = delete;
  session& operator=(const session&) = delete;

  procurement::organization_repository& organizations();
  procurement::account_repository& accounts();
  procurement::profile_repository& profiles();
  audit::log& audit();
  idempotency::store& idempotency();
  procurement::catalogue_repository& catalogue();
  procurement::benchmark_repository& benchmarks();
  procurement::cost_estimate_repository& cost_estimates();
  procurement::tender_repository& tenders();
  procurement::question_repository& questions();
  procurement::bid_repository& bids();
  procurement::panel_repository& panel();
  procurement::ranking_repository& rankings();
  procurement::challenge_repository& challenges();
  procurement::calendar_repository& calendar();
  contracts::contract_repository& contracts();
  contracts::report_repository& reports();
  evaluation::evaluation_repository& evaluations();
  procurement::document_repository& documents();
  transparency::outline_repository& outlines();

  connection& raw() { return db_; }

 private:
  connection& db_;
  std::unique_ptr<organization_table> organizations_;
  std::unique_ptr<account_table> accounts_;
  std::unique_ptr<profile_table> profiles_;
  std::unique_ptr<audit_table> audit_;
  std::unique_ptr<idempotency_table> idempotency_;
  std::unique_ptr<catalogue_table> catalogue_;
  std::unique_ptr<benchmark_table> benchmarks_;
  std::unique_ptr<cost_estimate_table> cost_estimates_;
  std::unique_ptr<tender_table> tenders_;
  std::unique_ptr<question_table> questions_;
  std::unique_ptr<bid_table> bids_;
  std::unique_ptr<panel_table> panel_;
  std::unique_ptr<ranking_table> rankings_;
  std::unique_ptr<challenge_table> challenges_;
  std::unique_ptr<calendar_table> calendar_;
  std::unique_ptr<contract_table> contracts_;
  std::unique_ptr<report_table> reports_;
  std::unique_ptr<evaluation_table> evaluations_;
  std::unique_ptr<document_table> documents_;
  std::unique_ptr<outline_table> outlines_;
};

}  // namespace procura::storage
