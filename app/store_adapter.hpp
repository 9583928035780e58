#pragma once
#include "procura/api/ports.hpp"
#include "procura/storage/database.hpp"

namespace procura::app {

/// Serves the API's store port from the SQLite database: the one place where storage meets api.
class store_adapter final : public api::store {
 public:
  explicit store_adapter(storage::database& database) : database_(database) {}
  void write(const std::function<bool(api::unit_of_work&)>& use_case) override;
  void read(const std::function<void(api::unit_of_work&)>& query) override;
  int schema_version() override { return database_.schema_version(); }

 private:
  storage::database& database_;
};

}  // namespace procura::app
