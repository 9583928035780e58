#include <catch2/catch.hpp>

#include <map>

#include "procura/procurement/benchmarks.hpp"
#include "procura/procurement/parties.hpp"

using namespace procura;
using namespace procura::procurement;

namespace {

/// In-memory fakes of the repositories (unit tests only; the API tests use SQLite).
struct memory_organizations final : organization_repository {
  std::map<std::string, organization, std::less<>> rows;
  std::optional<organization> find(std::string_view id) override {
    const auto found = rows.find(id);
    return found == rows.end() ? std::nullopt : std::optional(found->second);
  }
  std::optional<organization> find_by_credit_code(std::string_view code) override {
    for (const auto& [id, row] : rows)
      if (row.credit_code == code) return row;
    return std::nullopt;
  }
  void insert(const organization& value) override { rows[value.id] = value; }
  page<organization> list(const organization_filter&, const page_request&) override { return {}; }
};

struct memory_accounts final : account_repository {
  std::map<std::string, account, std::less<>> accounts;
  std::map<std::string, token, std::less<>> tokens;
  void insert_account(const account& value) override { accounts[value.id] = value; }
  std::optional<account> find_account(std::string_view id) override {
    const auto found = accounts.find(id);
    return found == accounts.end() ? std::nullopt : std::optional(found->second);
  }
  void insert_token(const token& value) override { tokens[value.id] = value; }
  std::optional<token> find_token(std::string_view id) override {
    const auto found = tokens.find(id);
    return found == tokens.end() ? std::nullopt : std::optional(found->second);
  }
  std::optional<token> find_token_by_hash(std::string_view hash) override {
    for (const auto& [id, row] : tokens)
      if (row.secret_hash == hash) return row;
    return std::nullopt;
  }
  void revoke_token(std::string_view id, timestamp at) override { tokens.find(id)->second.revoked_at = at; }
};

const timestamp now = *parse_rfc3339("2026-11-23T08:00:00Z");

bool names_field(const error& failure, std::string_view pointer) {
  for (const auto& field : failure.fields)
    if (field.pointer == pointer) return true;
  return false;
}

}  // namespace

TEST_CASE("an organization with a wrong credit code check character is refused naming the field", "[parties][law]") {
  memory_organizations organizations;
  const auto refused = register_organization(organizations, {"purchaser", "禁毒办", "91350100M000100Y44", "350100"}, now);
  REQUIRE_FALSE(refused);
  CHECK(refused.failure().kind == error_kind::rule_violated);
  CHECK(names_field(refused.failure(), "/credit_code"));
  CHECK(organizations.rows.empty());
}

TEST_CASE("a supplier must be a social organization whose code begins with 5", "[parties]") {
  memory_organizations organizations;
  const auto refused = register_organization(organizations, {"supplier", "某公司", "91350100M000100Y43", "350100"}, now);
  REQUIRE_FALSE(refused);
  CHECK(names_field(refused.failure(), "/credit_code"));
  const auto accepted =
      register_organization(organizations, {"supplier", "社工服务社", "52310000MJ49600012", "310000"}, now);
  CHECK(accepted);
}

TEST_CASE("a blank name or region, or one with spaces at either end, is refused", "[parties]") {
  memory_organizations organizations;
  for (const std::string name : {"   ", " 禁毒办", "禁毒办\t", "\xE3\x80\x80禁毒办"}) {
    INFO(name);
    const auto refused = register_organization(organizations, {"purchaser", name, "91350100M000100Y43", "350100"}, now);
    REQUIRE_FALSE(refused);
    CHECK(names_field(refused.failure(), "/name"));
  }
  const auto padded_region =
      register_organization(organizations, {"purchaser", "禁毒办", "91350100M000100Y43", "350100 "}, now);
  REQUIRE_FALSE(padded_region);
  CHECK(names_field(padded_region.failure(), "/region"));
  CHECK(organizations.rows.empty());
  CHECK(register_organization(organizations, {"purchaser", "浦东 禁毒办", "91350100M000100Y43", "350100"}, now));
  memory_accounts accounts;
  const std::string organization_id = organizations.rows.begin()->first;
  const auto padded_name = issue_token(organizations, accounts, organization_id, {"purchaser", "clerk\xC2\xA0", 90, {}, {}},
                                       "secret", "hash", now);
  REQUIRE_FALSE(padded_name);
  CHECK(names_field(padded_name.failure(), "/display_name"));
  CHECK(accounts.accounts.empty());
  benchmark_set padded;
  padded.region = "310000 ";
  padded.year = 2026;
  padded.monthly_salary = {money{650000}, money{750000}, money{900000}, money{1150000}};
  const auto checked = validate_benchmark_set(padded);
  REQUIRE_FALSE(checked);
  CHECK(names_field(checked.failure(), "/region"));
}

TEST_CASE("the same credit code cannot be registered twice", "[parties]") {
  memory_organizations organizations;
  REQUIRE(register_organization(organizations, {"purchaser", "A", "91350100M000100Y43", "350100"}, now));
  const auto second = register_organization(organizations, {"purchaser", "B", "91350100M000100Y43", "350100"}, now);
  REQUIRE_FALSE(second);
  CHECK(second.failure().kind == error_kind::conflict);
}

TEST_CASE("a token's role must fit its organization's kind", "[parties]") {
  memory_organizations organizations;
  memory_accounts accounts;
  const auto purchaser = register_organization(organizations, {"purchaser", "A", "91350100M000100Y43", "350100"}, now);
  token_request request{"supplier", "someone", 30, {}};
  const auto refused = issue_token(organizations, accounts, purchaser->id, request, "secret", "hash", now);
  REQUIRE_FALSE(refused);
  CHECK(names_field(refused.failure(), "/role"));
  request.role = "purchaser";
  CHECK(issue_token(organizations, accounts, purchaser->id, request, "secret", "hash", now));
}

TEST_CASE("expired and revoked tokens do not authenticate", "[parties]") {
  memory_organizations organizations;
  memory_accounts accounts;
  const auto purchaser = register_organization(organizations, {"purchaser", "A", "91350100M000100Y43", "350100"}, now);
  const auto issued =
      issue_token(organizations, accounts, purchaser->id, {"purchaser", "p", 1, {}}, "secret", "hash-1", now);
  REQUIRE(issued);
  CHECK(authenticate(accounts, "hash-1", now));
  CHECK_FALSE(authenticate(accounts, "hash-1", now + std::chrono::days{1}));  // expiry is exclusive
  CHECK_FALSE(authenticate(accounts, "unknown", now));
  REQUIRE(revoke_token(accounts, issued->stored.id, now));
  CHECK_FALSE(authenticate(accounts, "hash-1", now));
  CHECK(revoke_token(accounts, issued->stored.id, now).failure().kind == error_kind::conflict);
}
