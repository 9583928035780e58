#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procura/core/money.hpp"
#include "procura/core/pagination.hpp"
#include "procura/core/result.hpp"
#include "procura/core/time.hpp"

/// The purchase-service catalogue (政府购买服务目录), SPEC §3.2.
namespace procura::procurement {

/// The four duties of anti-drug social workers.
enum class service_category { rehabilitation, assistance_and_referral, prevention_education, administration_support };
enum class service_unit { client_year, post_year, session, event };
enum class service_step { need_assessment, service_delivery, referral, evaluation };

std::string_view to_string(service_category value);
std::string_view to_string(service_unit value);
std::string_view to_string(service_step value);
std::optional<service_category> parse_service_category(std::string_view text);
std::optional<service_unit> parse_service_unit(std::string_view text);
std::optional<service_step> parse_service_step(std::string_view text);

/// What an undertaker must meet to be qualified for an item.
struct qualification_conditions {
  std::int64_t minimum_years_established = 0;
  basis_points minimum_certified_share = 0;  ///< certified social workers among all staff
  bool no_serious_violation_in_three_years = true;
  bool tax_and_social_insurance_compliance = true;
};

/// One version of a catalogue item. Editing an item creates a new version; tenders pin one.
struct catalogue_item {
  std::string code;
  std::int64_t version = 1;
  std::string name;
  service_category category = service_category::rehabilitation;
  service_unit unit = service_unit::client_year;
  qualification_conditions qualification;
  std::int64_t staffing_standard = 20;  ///< clients per social worker
  std::vector<service_step> service_steps;
  timestamp created_at;
};

/// The fields a client sends to create or edit an item (strings are parsed by the rules).
struct catalogue_input {
  std::string code;
  std::string name;
  std::string category;
  std::string unit;
  qualification_conditions qualification;
  std::int64_t staffing_standard = 20;
  std::vector<std::string> service_steps;
};

class catalogue_repository {
 public:
  virtual ~catalogue_repository() = default;
  virtual std::optional<catalogue_item> latest(std::string_view code) = 0;
  virtual std::optional<catalogue_item> version(std::string_view code, std::int64_t version) = 0;
  virtual void insert(const catalogue_item& item) = 0;
  /// The latest version of every item, ordered by code, after `request.after`.
  virtual page<catalogue_item> list(const page_request& request) = 0;
};

/// Adds a new item at version 1; a code already in use is a conflict.
result<catalogue_item> create_catalogue_item(catalogue_repository& catalogue, const catalogue_input& input,
                                             timestamp now);

/// Records a new version of an existing item. `expected_version` is the version the editor read.
result<catalogue_item> revise_catalogue_item(catalogue_repository& catalogue, const catalogue_input& input,
                                             std::int64_t expected_version, timestamp now);

}  // namespace procura::procurement
