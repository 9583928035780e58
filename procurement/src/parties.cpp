#include "procura/procurement/parties.hpp"

#include <array>
#include <utility>

#include "procura/core/credit_code.hpp"
#include "procura/core/ids.hpp"
#include "procura/core/text.hpp"

namespace procura::procurement {
namespace {

constexpr std::array<std::pair<organization_kind, std::string_view>, 4> kind_names{{
    {organization_kind::platform, "platform"},
    {organization_kind::purchaser, "purchaser"},
    {organization_kind::supplier, "supplier"},
    {organization_kind::evaluator, "evaluator"},
}};

constexpr std::size_t max_name_length = 200;

}  // namespace

std::string_view to_string(organization_kind kind) {
  for (const auto& [value, name] : kind_names)
    if (value == kind) return name;
  return "unknown";
}

std::optional<organization_kind> parse_organization_kind(std::string_view text) {
  for (const auto& [value, name] : kind_names)
    if (name == text) return value;
  return std::nullopt;
}

bool role_fits_kind(role r, organization_kind kind) {
  switch (kind) {
    case organization_kind::platform: return r == role::admin || r == role::auditor || r == role::expert;
    case organization_kind::purchaser: return r == role::purchaser;
    case organization_kind::supplier: return r == role::supplier;
    case organization_kind::evaluator: return r == role::evaluator;
  }
  return false;
}

result<organization> register_organization(organization_repository& organizations, const organization_input& input,
                                            timestamp now) {
  validation_errors errors;
  const auto kind = parse_organization_kind(input.kind);
  if (!kind) errors.add("/kind", "kind must be one of platform, purchaser, supplier, evaluator");
  if (input.name.size() > max_name_length || blank_or_padded(input.name))
    errors.add("/name", "name must be 1 to 200 bytes, without spaces at either end");
  if (blank_or_padded(input.region)) errors.add("/region", "region is required, without spaces at either end");
  if (!is_valid_credit_code(input.credit_code)) {
    errors.add("/credit_code",
               "not a valid unified social credit code: 18 characters from 0-9 and A-Y without I, O, S, V, Z, "
               "whose last is the GB 32100-2015 check character");
  } else if (kind == organization_kind::supplier && input.credit_code.front() != '5') {
    errors.add("/credit_code", "a supplier must be a social organization, whose credit code begins with 5");
  }
  if (!errors.empty()) return errors.to_error();
  if (organizations.find_by_credit_code(input.credit_code))
    return error::conflict("an organization with credit code " + input.credit_code + " is already registered");

  organization created{new_id("org"), *kind, input.name, input.credit_code, input.region, now};
  organizations.insert(created);
  return created;
}

result<issued_token> issue_token(organization_repository& organizations, account_repository& accounts,
                                 std::string_view organization_id, const token_request& request, std::string secret,
                                 std::string secret_hash, timestamp now) {
  const auto holder_organization = organizations.find(organization_id);
  if (!holder_organization) return error::not_found("no organization " + std::string(organization_id));
  if (!request.account_id.empty()) {
    auto holder = accounts.find_account(request.account_id);
    if (!holder || holder->organization_id != holder_organization->id)
      return error::rule("/account_id", "no account " + request.account_id + " of organization " + holder_organization->id);
    validation_errors errors;
    if (!request.role.empty() && request.role != to_string(holder->role))
      errors.add("/role", "the account holds role " + std::string(to_string(holder->role)) + "; a renewed token keeps it");
    if (!request.display_name.empty() && request.display_name != holder->display_name)
      errors.add("/display_name", "a renewed token keeps the account's name, " + holder->display_name);
    if (!request.recent_employer_ids.empty())
      errors.add("/recent_employer_ids", "a renewed token keeps the account's recent employers");
    if (request.valid_days < 1 || request.valid_days > 3660) errors.add("/valid_days", "valid_days must be 1 to 3660");
    if (!errors.empty()) return errors.to_error();
    token stored{new_id("tok"), holder->id, std::move(secret_hash), now + std::chrono::days{request.valid_days},
                 std::nullopt, now};
    accounts.insert_token(stored);
    return issued_token{std::move(*holder), std::move(stored), std::move(secret)};
  }
  validation_errors errors;
  const auto parsed_role = parse_role(request.role);
  if (!parsed_role) {
    errors.add("/role", "role must be one of admin, auditor, purchaser, supplier, expert, evaluator");
  } else if (!role_fits_kind(*parsed_role, holder_organization->kind)) {
    errors.add("/role", "a " + std::string(to_string(holder_organization->kind)) + " organization cannot hold role " +
                            request.role);
  }
  if (request.display_name.size() > max_name_length || blank_or_padded(request.display_name))
    errors.add("/display_name", "display_name must be 1 to 200 bytes, without spaces at either end");
  if (request.valid_days < 1 || request.valid_days > 3660) errors.add("/valid_days", "valid_days must be 1 to 3660");
  if (!request.recent_employer_ids.empty() && parsed_role != role::expert)
    errors.add("/recent_employer_ids", "only experts record recent employers");
  for (std::size_t i = 0; i < request.recent_employer_ids.size(); ++i)
    if (!organizations.find(request.recent_employer_ids[i]))
      errors.add("/recent_employer_ids/" + std::to_string(i), "no such organization");
  if (!errors.empty()) return errors.to_error();

  account holder{new_id("acc"), holder_organization->id, *parsed_role, request.display_name,
                 request.recent_employer_ids, now};
  token stored{new_id("tok"), holder.id, std::move(secret_hash), now + std::chrono::days{request.valid_days},
               std::nullopt, now};
  accounts.insert_account(holder);
  accounts.insert_token(stored);
  return issued_token{std::move(holder), std::move(stored), std::move(secret)};
}

result<token> revoke_token(account_repository& accounts, std::string_view token_id, timestamp now) {
  auto found = accounts.find_token(token_id);
  if (!found) return error::not_found("no token " + std::string(token_id));
  if (found->revoked_at) return error::conflict("the token was already revoked at " + format_rfc3339(*found->revoked_at));
  accounts.revoke_token(token_id, now);
  found->revoked_at = now;
  return *found;
}

result<principal> authenticate(account_repository& accounts, std::string_view secret_hash, timestamp now) {
  const auto found = accounts.find_token_by_hash(secret_hash);
  if (!found || found->revoked_at || found->expires_at <= now)
    return error::make(error_kind::unauthenticated, "the bearer token is unknown, expired or revoked");
  const auto holder = accounts.find_account(found->account_id);
  if (!holder) return error::make(error_kind::unauthenticated, "the bearer token is unknown, expired or revoked");
  return principal{holder->id, holder->organization_id, holder->role};
}

result<qualification_profile> update_profile(organization_repository& organizations, profile_repository& profiles,
                                             qualification_profile proposed, std::int64_t expected_version,
                                             timestamp now) {
  const auto owner = organizations.find(proposed.organization_id);
  if (!owner) return error::not_found("no organization " + proposed.organization_id);
  if (owner->kind != organization_kind::supplier)
    return error::rule("/organization_id", "only suppliers have a qualification profile");
  const auto current = profiles.latest(proposed.organization_id);
  const std::int64_t current_version = current ? current->version : 0;
  if (expected_version != current_version)
    return error::make(error_kind::precondition_failed,
                       "the profile changed since it was read: current version is " + std::to_string(current_version));

  validation_errors errors;
  const auto check_count = [&](std::string pointer, std::int64_t value) {
    if (value < 0) errors.add(std::move(pointer), "must not be negative");
  };
  check_count("/staff/none", proposed.staff.none);
  check_count("/staff/assistant_social_worker", proposed.staff.assistant_social_worker);
  check_count("/staff/social_worker", proposed.staff.social_worker);
  check_count("/staff/senior_social_worker", proposed.staff.senior_social_worker);
  check_count("/education/secondary_or_below", proposed.education.secondary_or_below);
  check_count("/education/associate", proposed.education.associate);
  check_count("/education/bachelor", proposed.education.bachelor);
  check_count("/education/postgraduate", proposed.education.postgraduate);
  check_count("/psychological_counsellors", proposed.psychological_counsellors);
  check_count("/peer_educators", proposed.peer_educators);
  check_count("/district_stations", proposed.district_stations);
  check_count("/street_points", proposed.street_points);
  check_count("/years_of_anti_drug_service", proposed.years_of_anti_drug_service);
  if (!proposed.registration_date.ok()) {
    errors.add("/registration_date", "not a valid date");
  } else if (std::chrono::sys_days{proposed.registration_date} > std::chrono::sys_days{china_date(now)}) {
    errors.add("/registration_date", "registration date is in the future");
  }
  const auto& education = proposed.education;
  const std::int64_t educated =
      education.secondary_or_below + education.associate + education.bachelor + education.postgraduate;
  if (educated > proposed.staff.total())
    errors.add("/education", "more staff counted by education than staff in total");
  if (proposed.registered_region.empty()) errors.add("/registered_region", "registered_region is required");
  if (!errors.empty()) return errors.to_error();

  proposed.version = current_version + 1;
  proposed.created_at = now;
  profiles.insert(proposed);
  return proposed;
}

}  // namespace procura::procurement
