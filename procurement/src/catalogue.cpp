#include "procura/procurement/catalogue.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace procura::procurement {
namespace {

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) {
  for (const auto& [candidate, name] : names)
    if (candidate == value) return name;
  return "unknown";
}

template <class Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& names, std::string_view text) {
  for (const auto& [candidate, name] : names)
    if (name == text) return candidate;
  return std::nullopt;
}

constexpr std::array<std::pair<service_category, std::string_view>, 4> category_names{{
    {service_category::rehabilitation, "rehabilitation"},
    {service_category::assistance_and_referral, "assistance_and_referral"},
    {service_category::prevention_education, "prevention_education"},
    {service_category::administration_support, "administration_support"},
}};
constexpr std::array<std::pair<service_unit, std::string_view>, 4> unit_names{{
    {service_unit::client_year, "client_year"},
    {service_unit::post_year, "post_year"},
    {service_unit::session, "session"},
    {service_unit::event, "event"},
}};
constexpr std::array<std::pair<service_step, std::string_view>, 4> step_names{{
    {service_step::need_assessment, "need_assessment"},
    {service_step::service_delivery, "service_delivery"},
    {service_step::referral, "referral"},
    {service_step::evaluation, "evaluation"},
}};

bool is_code_character(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '.' ||
         c == '_';
}

/// Checks an input and builds the item it describes (without code, version or time).
result<catalogue_item> build_item(const catalogue_input& input) {
  validation_errors errors;
  if (input.code.empty() || input.code.size() > 40 || !std::all_of(input.code.begin(), input.code.end(), is_code_character))
    errors.add("/code", "code must be 1 to 40 letters, digits, '-', '.' or '_'");
  else if (input.code.find_first_not_of('.') == std::string::npos)
    errors.add("/code", "a code of dots only would name a path segment (\".\" or \"..\"), not an item");
  if (input.name.empty() || input.name.size() > 200) errors.add("/name", "name must be 1 to 200 bytes");
  const auto category = parse_service_category(input.category);
  if (!category)
    errors.add("/category",
               "category must be rehabilitation, assistance_and_referral, prevention_education or administration_support");
  const auto unit = parse_service_unit(input.unit);
  if (!unit) errors.add("/unit", "unit must be client_year, post_year, session or event");
  if (input.staffing_standard < 1 || input.staffing_standard > 1000)
    errors.add("/staffing_standard", "staffing standard (clients per social worker) must be 1 to 1000");
  if (input.qualification.minimum_years_established < 0 || input.qualification.minimum_years_established > 100)
    errors.add("/qualification/minimum_years_established", "must be 0 to 100");
  if (input.qualification.minimum_certified_share < 0 || input.qualification.minimum_certified_share > 10000)
    errors.add("/qualification/minimum_certified_share_bp", "a share in basis points: 0 to 10000");
  catalogue_item item;
  for (std::size_t i = 0; i < input.service_steps.size(); ++i) {
    const auto step = parse_service_step(input.service_steps[i]);
    if (!step) {
      errors.add("/service_steps/" + std::to_string(i), "unknown service step");
    } else if (std::find(item.service_steps.begin(), item.service_steps.end(), *step) != item.service_steps.end()) {
      errors.add("/service_steps/" + std::to_string(i), "service step listed twice");
    } else {
      item.service_steps.push_back(*step);
    }
  }
  if (!errors.empty()) return errors.to_error();
  item.code = input.code;
  item.name = input.name;
  item.category = *category;
  item.unit = *unit;
  item.qualification = input.qualification;
  item.staffing_standard = input.staffing_standard;
  return item;
}

}  // namespace

std::string_view to_string(service_category value) { return name_of(category_names, value); }
std::string_view to_string(service_unit value) { return name_of(unit_names, value); }
std::string_view to_string(service_step value) { return name_of(step_names, value); }
std::optional<service_category> parse_service_category(std::string_view text) { return value_of(category_names, text); }
std::optional<service_unit> parse_service_unit(std::string_view text) { return value_of(unit_names, text); }
std::optional<service_step> parse_service_step(std::string_view text) { return value_of(step_names, text); }

result<catalogue_item> create_catalogue_item(catalogue_repository& catalogue, const catalogue_input& input,
                                             timestamp now) {
  auto item = build_item(input);
  if (!item) return item;
  if (catalogue.latest(input.code)) return error::conflict("catalogue code " + input.code + " already exists");
  item->version = 1;
  item->created_at = now;
  catalogue.insert(*item);
  return item;
}

result<catalogue_item> revise_catalogue_item(catalogue_repository& catalogue, const catalogue_input& input,
                                             std::int64_t expected_version, timestamp now) {
  const auto current = catalogue.latest(input.code);
  if (!current) return error::not_found("no catalogue item " + input.code);
  if (current->version != expected_version)
    return error::make(error_kind::precondition_failed,
                       "the item changed since it was read: current version is " + std::to_string(current->version));
  auto item = build_item(input);
  if (!item) return item;
  item->version = current->version + 1;
  item->created_at = now;
  catalogue.insert(*item);
  return item;
}

}  // namespace procura::procurement
