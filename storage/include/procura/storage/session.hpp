#pragma once
#include <memory>

#include "procura/core/audit.hpp"
#include "procura/core/idempotency.hpp"
#include "procura/procurement/parties.hpp"
#include "procura/storage/connection.hpp"

namespace procura::storage {

class organization_table;
class account_table;
class profile_table;
class audit_table;
class idempotency_table;

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

  connection& raw() { return db_; }

 private:
  connection& db_;
  std::unique_ptr<organization_table> organizations_;
  std::unique_ptr<account_table> accounts_;
  std::unique_ptr<profile_table> profiles_;
  std::unique_ptr<audit_table> audit_;
  std::unique_ptr<idempotency_table> idempotency_;
};

}  // namespace procura::storage
