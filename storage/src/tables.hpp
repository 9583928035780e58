#pragma once
// The SQLite implementations of the domain's repository interfaces. Private to storage/.
#include "procura/storage/session.hpp"

namespace procura::storage {

/// The ids of `items` as a JSON array, for `IN (SELECT value FROM json_each(?))`: one statement
/// whatever the number of ids.
template <class Items, class IdOf>
std::string json_array_of_ids(const Items& items, IdOf id_of) {
  std::string text = "[";
  for (const auto& item : items) {
    if (text.size() > 1) text += ',';
    text += '"';
    for (const char c : std::string_view(id_of(item))) {
      if (c == '"' || c == '\\') text += '\\';
      text += c;
    }
    text += '"';
  }
  return text + "]";
}

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
  std::vector<audit::entry> for_entity(std::string_view entity_type, std::string_view entity_id) override;
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

class catalogue_table final : public procurement::catalogue_repository {
 public:
  explicit catalogue_table(connection& db) : db_(db) {}
  std::optional<procurement::catalogue_item> latest(std::string_view code) override;
  std::optional<procurement::catalogue_item> version(std::string_view code, std::int64_t version) override;
  void insert(const procurement::catalogue_item& item) override;
  page<procurement::catalogue_item> list(const page_request& request) override;

 private:
  connection& db_;
};

class benchmark_table final : public procurement::benchmark_repository {
 public:
  explicit benchmark_table(connection& db) : db_(db) {}
  std::optional<procurement::benchmark_set> find(std::string_view region, std::int32_t year) override;
  void save(const procurement::benchmark_set& set) override;
  page<procurement::benchmark_set> list(const std::optional<std::string>& region, const std::optional<std::int32_t>& year,
                                        const page_request& request) override;

 private:
  connection& db_;
};

class cost_estimate_table final : public procurement::cost_estimate_repository {
 public:
  explicit cost_estimate_table(connection& db) : db_(db) {}
  void insert(const procurement::cost_estimate& estimate) override;
  std::optional<procurement::cost_estimate> find(std::string_view id) override;

 private:
  connection& db_;
};

class tender_table final : public procurement::tender_repository {
 public:
  explicit tender_table(connection& db) : db_(db) {}
  void insert(const procurement::tender& t) override;
  void update(const procurement::tender& t) override;
  std::optional<procurement::tender> find(std::string_view id) override;
  page<procurement::tender> list(const procurement::tender_filter& filter, const page_request& request,
                                 timestamp now) override;
  page<procurement::tender_key> list_keys(const procurement::tender_filter& filter, const page_request& request,
                                          timestamp now) override;
  std::vector<procurement::tender> retenders_of(std::string_view failed_id) override;
  bool cost_estimate_named_in_public(std::string_view estimate_id) override;

 private:
  /// The list's statement for `filter` and `request`, selecting `columns`, with its values bound.
  SQLite::Statement& prepared_list(std::string_view columns, const procurement::tender_filter& filter,
                                   const page_request& request, timestamp now);
  void write_children(const procurement::tender& t, std::int64_t stored_amendments);
  /// A tender's own columns, criteria included; its amendments come from read_children.
  procurement::tender read_tender(SQLite::Statement& row);
  void read_children(procurement::tender& t);
  void read_children(std::vector<procurement::tender>& tenders);
  connection& db_;
};

class question_table final : public procurement::question_repository {
 public:
  explicit question_table(connection& db) : db_(db) {}
  void insert(const procurement::question& q) override;
  void update(const procurement::question& q) override;
  std::optional<procurement::question> find(std::string_view id) override;
  std::vector<procurement::question> of_tender(std::string_view tender_id) override;

 private:
  connection& db_;
};

class bid_table final : public procurement::bid_repository {
 public:
  explicit bid_table(connection& db) : db_(db) {}
  void insert(const procurement::bid& b) override;
  void add_version(const procurement::bid& b) override;
  void update_review(const procurement::bid& b) override;
  std::optional<procurement::bid> find(std::string_view id) override;
  std::optional<procurement::bid> active_of(std::string_view tender_id, std::string_view supplier_id) override;
  std::vector<procurement::bid> of_tender(std::string_view tender_id) override;
  std::vector<procurement::bid> of_tenders(const std::vector<std::string>& tender_ids) override;
  std::vector<std::string> tender_ids_of_supplier(std::string_view supplier_id) override;

 private:
  /// Bids matching `where` (a fixed clause, never user input) with `values` bound in order,
  /// in tender and then id order.
  std::vector<procurement::bid> select(const std::string& where, const std::vector<std::string>& values);
  connection& db_;
};

class panel_table final : public procurement::panel_repository {
 public:
  explicit panel_table(connection& db) : db_(db) {}
  std::vector<procurement::panel_member> members(std::string_view tender_id) override;
  void insert(const procurement::panel_member& member) override;
  void update(const procurement::panel_member& member) override;
  std::vector<procurement::expert_score> scores(std::string_view tender_id) override;
  void replace_scores(std::string_view tender_id, std::string_view account_id,
                      const std::vector<procurement::expert_score>& scores) override;

 private:
  connection& db_;
};

class ranking_table final : public procurement::ranking_repository {
 public:
  explicit ranking_table(connection& db) : db_(db) {}
  void save(const procurement::ranking& r) override;
  std::optional<procurement::ranking> find(std::string_view tender_id) override;

 private:
  connection& db_;
};

class challenge_table final : public procurement::challenge_repository {
 public:
  explicit challenge_table(connection& db) : db_(db) {}
  void insert(const procurement::challenge& c) override;
  void update(const procurement::challenge& c) override;
  std::optional<procurement::challenge> find(std::string_view id) override;
  std::vector<procurement::challenge> of_tender(std::string_view tender_id) override;

 private:
  connection& db_;
};

class calendar_table final : public procurement::calendar_repository {
 public:
  explicit calendar_table(connection& db) : db_(db) {}
  working_calendar load() override;

 private:
  connection& db_;
};

class contract_table final : public contracts::contract_repository {
 public:
  explicit contract_table(connection& db) : db_(db) {}
  void insert(const contracts::contract& c) override;
  void update(const contracts::contract& c) override;
  std::optional<contracts::contract> find(std::string_view id) override;
  std::optional<contracts::contract> of_tender(std::string_view tender_id) override;
  std::vector<contracts::contract> all_of_tender(std::string_view tender_id) override;
  page<contracts::contract> list(const contracts::contract_filter& filter, const page_request& request) override;

 private:
  contracts::contract read(SQLite::Statement& row);
  void complete(contracts::contract& c);
  void write(const contracts::contract& c, bool insert);
  connection& db_;
};

class report_table final : public contracts::report_repository {
 public:
  explicit report_table(connection& db) : db_(db) {}
  void insert(const contracts::service_report& r) override;
  void update(const contracts::service_report& r) override;
  std::optional<contracts::service_report> find(std::string_view id) override;
  std::vector<contracts::service_report> of_contract(std::string_view contract_id) override;

 private:
  void write(const contracts::service_report& r, bool insert);
  std::vector<contracts::service_report> read_all(SQLite::Statement& query);
  connection& db_;
};

class evaluation_table final : public evaluation::evaluation_repository {
 public:
  explicit evaluation_table(connection& db) : db_(db) {}
  void insert(const evaluation::performance_evaluation& e) override;
  void update(const evaluation::performance_evaluation& e) override;
  std::optional<evaluation::performance_evaluation> find(std::string_view id) override;
  std::vector<evaluation::performance_evaluation> of_contract(std::string_view contract_id) override;
  std::vector<evaluation::performance_evaluation> of_supplier(std::string_view supplier_id) override;

 private:
  void write(const evaluation::performance_evaluation& e, bool insert);
  /// Evaluations whose `column` (a fixed name, never user input) equals `value`.
  std::vector<evaluation::performance_evaluation> select(const std::string& column, const std::string& value);
  connection& db_;
};

/// Helpers shared by the tables.

/// Turns `rows` (read with LIMIT limit + 1) into a page: the extra row, if any, only says that
/// more follow, and the last kept row's key becomes the next cursor.
template <class T, class KeyOf>
page<T> finish_page(std::vector<T> rows, std::size_t limit, KeyOf key_of) {
  page<T> result;
  result.items = std::move(rows);
  if (result.items.size() > limit) {
    result.items.resize(limit);
    result.next_key = key_of(result.items.back());
  }
  return result;
}

timestamp read_timestamp(const std::string& text);
std::optional<timestamp> read_optional_timestamp(const SQLite::Column& column);
/// Binds an optional integer (NULL when absent).
void bind_optional(SQLite::Statement& statement, int index, const std::optional<std::int64_t>& value);
std::optional<std::int64_t> read_optional_integer(const SQLite::Column& column);

/// Tenders and bids in outline for the red flags of a purchaser.
class outline_table final : public transparency::outline_repository {
 public:
  explicit outline_table(connection& db) : db_(db) {}
  std::vector<transparency::tender_outline> tenders_of_purchaser(std::string_view purchaser_id) override;
  std::vector<transparency::bid_outline> bids_of_tenders(std::string_view purchaser_id,
                                                      const std::vector<std::string>& tender_ids) override;

 private:
  connection& db_;
};

class document_table final : public procurement::document_repository {
 public:
  explicit document_table(connection& db) : db_(db) {}
  void insert(const procurement::document& d) override;
  std::optional<procurement::document> find(std::string_view id) override;
  void attach(const procurement::attachment& a) override;
  std::vector<procurement::attachment> attached_to(procurement::attachment_target target,
                                                   std::string_view target_id) override;
  std::vector<procurement::attachment> attachments_of(std::string_view document_id) override;

 private:
  connection& db_;
};

}  // namespace procura::storage
