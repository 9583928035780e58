#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procura/core/pagination.hpp"
#include "procura/core/principal.hpp"
#include "procura/core/result.hpp"
#include "procura/core/time.hpp"

/// Organizations, accounts and tokens, and suppliers' qualification profiles (SPEC §3.1).
namespace procura::procurement {

enum class organization_kind { platform, purchaser, supplier, evaluator };

std::string_view to_string(organization_kind kind);
std::optional<organization_kind> parse_organization_kind(std::string_view text);

/// True when an account of role `r` may act for an organization of `kind`.
bool role_fits_kind(role r, organization_kind kind);

struct organization {
  std::string id;
  organization_kind kind = organization_kind::supplier;
  std::string name;
  std::string credit_code;  ///< 统一社会信用代码
  std::string region;       ///< administrative region code or name, e.g. "310000"
  timestamp created_at;
};

struct organization_input {
  std::string kind;
  std::string name;
  std::string credit_code;
  std::string region;
};

/// Filters for listing organizations; empty means any.
struct organization_filter {
  std::optional<organization_kind> kind;
  std::optional<std::string> region;
};

/// Persistence of organizations, implemented in storage/.
class organization_repository {
 public:
  virtual ~organization_repository() = default;
  virtual std::optional<organization> find(std::string_view id) = 0;
  virtual std::optional<organization> find_by_credit_code(std::string_view credit_code) = 0;
  virtual void insert(const organization& value) = 0;
  virtual page<organization> list(const organization_filter& filter, const page_request& request) = 0;
};

/// Checks the input and registers the organization. A supplier is a social organization
/// (社会组织), whose credit code begins with 5.
result<organization> register_organization(organization_repository& organizations, const organization_input& input,
                                            timestamp now);

/// An account: one person acting for one organization in one role.
struct account {
  std::string id;
  std::string organization_id;
  procura::role role = role::supplier;
  std::string display_name;
  std::vector<std::string> recent_employer_ids;  ///< experts: employers of the last three years
  timestamp created_at;
};

/// A bearer token as stored: only the SHA-256 of the secret, never the secret.
struct token {
  std::string id;
  std::string account_id;
  std::string secret_hash;
  timestamp expires_at;
  std::optional<timestamp> revoked_at;
  timestamp created_at;
};

/// Persistence of accounts and tokens.
class account_repository {
 public:
  virtual ~account_repository() = default;
  virtual void insert_account(const account& value) = 0;
  virtual std::optional<account> find_account(std::string_view id) = 0;
  virtual void insert_token(const token& value) = 0;
  virtual std::optional<token> find_token(std::string_view id) = 0;
  virtual std::optional<token> find_token_by_hash(std::string_view secret_hash) = 0;
  virtual void revoke_token(std::string_view id, timestamp at) = 0;
};

struct token_request {
  std::string role;
  std::string display_name;
  std::int64_t valid_days = 90;
  std::vector<std::string> recent_employer_ids;
  /// A new token for this existing account of the organization, instead of a new account: a
  /// person whose token expired or was revoked keeps their panel seat, score sheets and
  /// evaluation inputs, which are held by account. Role, name and employers are the account's.
  std::string account_id;
};

/// A token as handed out once: the secret itself travels only in this value.
struct issued_token {
  account holder;
  token stored;
  std::string secret;
};

/// Creates an account for `organization_id` and a token for it. `secret` is the raw random
/// token (made by the caller from a cryptographic source) and `secret_hash` its SHA-256.
result<issued_token> issue_token(organization_repository& organizations, account_repository& accounts,
                                 std::string_view organization_id, const token_request& request, std::string secret,
                                 std::string secret_hash, timestamp now);

/// Revokes a token; revoking twice is refused as a conflict so that the audit log shows one event.
result<token> revoke_token(account_repository& accounts, std::string_view token_id, timestamp now);

/// The caller a presented token stands for, or an `unauthenticated` error (unknown, expired,
/// revoked). The message does not say which, so that a token cannot be probed.
result<principal> authenticate(account_repository& accounts, std::string_view secret_hash, timestamp now);

/// Staff counts by professional level (SPEC §3.1).
struct staff_by_level {
  std::int64_t none = 0;
  std::int64_t assistant_social_worker = 0;  ///< 助理社会工作师
  std::int64_t social_worker = 0;            ///< 社会工作师
  std::int64_t senior_social_worker = 0;     ///< 高级社会工作师
  [[nodiscard]] std::int64_t total() const { return none + assistant_social_worker + social_worker + senior_social_worker; }
  [[nodiscard]] std::int64_t certified() const { return assistant_social_worker + social_worker + senior_social_worker; }
};

struct staff_by_education {
  std::int64_t secondary_or_below = 0;
  std::int64_t associate = 0;
  std::int64_t bachelor = 0;
  std::int64_t postgraduate = 0;
};

/// A supplier's qualification profile, one version of it. Versions are never overwritten:
/// a bid pins the version it was made under.
struct qualification_profile {
  std::string organization_id;
  std::int64_t version = 0;
  std::chrono::year_month_day registration_date{};
  std::string registered_region;
  staff_by_level staff;
  staff_by_education education;
  std::int64_t psychological_counsellors = 0;
  std::int64_t peer_educators = 0;  ///< 同伴辅导员
  std::int64_t district_stations = 0;
  std::int64_t street_points = 0;
  std::int64_t years_of_anti_drug_service = 0;
  bool tax_compliant = false;
  bool social_insurance_compliant = false;
  bool serious_violation_last_three_years = false;
  timestamp created_at;
  std::string created_by;
};

class profile_repository {
 public:
  virtual ~profile_repository() = default;
  virtual std::optional<qualification_profile> latest(std::string_view organization_id) = 0;
  virtual std::optional<qualification_profile> version(std::string_view organization_id, std::int64_t version) = 0;
  virtual void insert(const qualification_profile& value) = 0;
};

/// Records a new version of a supplier's profile. `expected_version` is the version the caller
/// read (If-Match); 0 means "none yet". A stale expectation is a precondition failure.
result<qualification_profile> update_profile(organization_repository& organizations, profile_repository& profiles,
                                             qualification_profile proposed, std::int64_t expected_version,
                                             timestamp now);

}  // namespace procura::procurement
