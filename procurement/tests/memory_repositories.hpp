#pragma once
// In-memory fakes of the procurement repositories, for unit tests of the rules only; the API
// and storage tests use the real SQLite store.
#include <map>

#include "procura/procurement/catalogue.hpp"
#include "procura/procurement/cost_estimate.hpp"
#include "procura/procurement/tender.hpp"

namespace procura::testing {

struct memory_catalogue final : procurement::catalogue_repository {
  std::map<std::pair<std::string, std::int64_t>, procurement::catalogue_item> rows;
  std::optional<procurement::catalogue_item> latest(std::string_view code) override {
    std::optional<procurement::catalogue_item> found;
    for (const auto& [key, item] : rows)
      if (key.first == code) found = item;
    return found;
  }
  std::optional<procurement::catalogue_item> version(std::string_view code, std::int64_t v) override {
    const auto found = rows.find({std::string(code), v});
    return found == rows.end() ? std::nullopt : std::optional(found->second);
  }
  void insert(const procurement::catalogue_item& item) override { rows[{item.code, item.version}] = item; }
  page<procurement::catalogue_item> list(const page_request&) override { return {}; }
};

struct memory_estimates final : procurement::cost_estimate_repository {
  std::map<std::string, procurement::cost_estimate, std::less<>> rows;
  void insert(const procurement::cost_estimate& e) override { rows[e.id] = e; }
  std::optional<procurement::cost_estimate> find(std::string_view id) override {
    const auto found = rows.find(id);
    return found == rows.end() ? std::nullopt : std::optional(found->second);
  }
};

struct memory_tenders final : procurement::tender_repository {
  std::map<std::string, procurement::tender, std::less<>> rows;
  void insert(const procurement::tender& t) override { rows[t.id] = t; }
  void update(const procurement::tender& t) override { rows[t.id] = t; }
  std::optional<procurement::tender> find(std::string_view id) override {
    const auto found = rows.find(id);
    return found == rows.end() ? std::nullopt : std::optional(found->second);
  }
  page<procurement::tender> list(const procurement::tender_filter&, const page_request&, timestamp) override { return {}; }
  page<procurement::tender_key> list_keys(const procurement::tender_filter&, const page_request&, timestamp) override {
    return {};
  }
  std::vector<procurement::tender> retenders_of(std::string_view failed_id) override {
    std::vector<procurement::tender> out;
    for (const auto& [id, t] : rows)
      if (t.retender_of == failed_id) out.push_back(t);
    return out;
  }
  bool cost_estimate_named_in_public(std::string_view estimate_id) override {
    for (const auto& [id, t] : rows) {
      if (t.state == procurement::tender_state::draft) continue;
      if (t.terms.cost_estimate_id == estimate_id) return true;
      for (const auto& amendment : t.amendments)
        for (const auto& change : amendment.changes)
          if (change.field == "cost_estimate_id" && change.before == estimate_id) return true;
    }
    return false;
  }
};

}  // namespace procura::testing
