#pragma once
#include "procura/api/ports.hpp"
#include "procura/storage/database.hpp"
#include "procura/storage/document_files.hpp"

namespace procura::app {

/// Serves the API's store port from the SQLite database: the one place where storage meets api.
class store_adapter final : public api::store {
 public:
  explicit store_adapter(storage::database& database) : database_(database) {}
  void write(const std::function<bool(api::unit_of_work&)>& use_case) override;
  void read(const std::function<void(api::unit_of_work&)>& query) override;
  commit_ticket execute(const std::function<bool(api::unit_of_work&)>& use_case) override;
  void when_durable(commit_ticket ticket, std::function<void(bool)> then) override {
    database_.when_durable(ticket, std::move(then));
  }
  bool wait_durable(commit_ticket ticket) override { return database_.wait_durable(ticket); }
  void request_commit(commit_ticket ticket) override { database_.request_commit(ticket); }
  commit_ticket last_committed() override { return database_.last_committed(); }
  bool is_settled(commit_ticket ticket) override { return database_.is_settled(ticket); }
  void report_failures_to(std::function<void(const std::string&)> report) override {
    database_.report_failures_to(std::move(report));
  }
  int schema_version() override { return database_.schema_version(); }
  std::int64_t data_version() override { return database_.data_version(); }

 private:
  storage::database& database_;
};

/// Serves the API's document_store port from the content-addressed files.
class document_files_adapter final : public api::document_store {
 public:
  explicit document_files_adapter(storage::document_files& files) : files_(files) {}
  std::string put(std::string_view bytes) override { return files_.put(bytes); }
  std::string path_of(std::string_view sha256) override { return files_.path_of(sha256).string(); }

 private:
  storage::document_files& files_;
};

}  // namespace procura::app
