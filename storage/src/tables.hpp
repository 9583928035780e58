#pragma once
// The SQLite implementations of the domain's repository interfaces. Private to storage/.
#include "procura/storage/session.hpp"

namespace procura::storage {

class organization_table final : public procurement::organization_repository {
 public:
  explicit organization_table(connection& db) : db_(db) {}
  std::optional<procurement::organization> find(std::string_view id) override;
  std::optional<procurement::organization> find_by_credit_code(std::string_view credit_code) override;
  void insert(const procurement::organization& value) override;
  page<procurement::organization> list(const procurement::organization_filter& filter,
                                       const page_request& request) override;

 private:
  connection& db_;
};

class account_table final : public procurement::account_repository {
 public:
  explicit account_table(connection& db) : db_(db) {}
  void insert_account(const procurement::account& value) override;
  std::optional<procurement::account> find_account(std::string_view id) override;
  void insert_token(const procurement::token& value) override;
  std::optional<procurement::token> find_token(std::string_view id) override;
  std::optional<procurement::token> find_token_by_hash(std::string_view secret_hash) override;
  void revoke_token(std::string_view id, timestamp at) override;

 private:
  connection& db_;
};

class profile_table final : public procurement::profile_repository {
 public:
  explicit profile_table(connection& db) : db_(db) {}
  std::optional<procurement::qualification_profile> latest(std::string_view organization_id) override;
  std::optional<procurement::qualification_profile> version(std::string_view organization_id,
                                                            std::int64_t version) override;
  void insert(const procurement::qualification_profile& value) override;

 private:
  connection& db_;
};

class audit_table final : public audit::log {
 public:
  explicit audit_table(connection& db) : db_(db) {}
  audit::entry append(const audit::record& r, timestamp at) override;
  page<audit::entry> list(const page_request& request) override;
  std::string head_hash() override;
  std::int64_t length() override;

 private:
  connection& db_;
};

class idempotency_table final : public idempotency::store {
 public:
  explicit idempotency_table(connection& db) : db_(db) {}
  std::optional<idempotency::stored_response> find(std::string_view account_id, std::string_view key) override;
  void save(std::string_view account_id, std::string_view key, const idempotency::stored_response& response) override;

 private:
  connection& db_;
};

/// Helpers shared by the tables.
timestamp read_timestamp(const std::string& text);
std::optional<timestamp> read_optional_timestamp(const SQLite::Column& column);

}  // namespace procura::storage
