#include "parties_json.hpp"

#include <boost/json.hpp>

#include "json_support.hpp"

namespace procura::api {

boost::json::object to_json(const procurement::organization& value) {
  return {{"id", value.id},
          {"kind", procurement::to_string(value.kind)},
          {"name", value.name},
          {"credit_code", value.credit_code},
          {"region", value.region},
          {"created_at", format_rfc3339(value.created_at)}};
}

boost::json::object to_json(const procurement::account& value) {
  boost::json::array employers;
  for (const auto& id : value.recent_employer_ids) employers.emplace_back(id);
  return {{"id", value.id},
          {"organization_id", value.organization_id},
          {"role", to_string(value.role)},
          {"display_name", value.display_name},
          {"recent_employer_ids", std::move(employers)},
          {"created_at", format_rfc3339(value.created_at)}};
}

boost::json::object to_json(const procurement::qualification_profile& p) {
  return {{"organization_id", p.organization_id},
          {"version", p.version},
          {"registration_date", format_date(p.registration_date)},
          {"registered_region", p.registered_region},
          {"staff",
           {{"none", p.staff.none},
            {"assistant_social_worker", p.staff.assistant_social_worker},
            {"social_worker", p.staff.social_worker},
            {"senior_social_worker", p.staff.senior_social_worker}}},
          {"education",
           {{"secondary_or_below", p.education.secondary_or_below},
            {"associate", p.education.associate},
            {"bachelor", p.education.bachelor},
            {"postgraduate", p.education.postgraduate}}},
          {"psychological_counsellors", p.psychological_counsellors},
          {"peer_educators", p.peer_educators},
          {"district_stations", p.district_stations},
          {"street_points", p.street_points},
          {"years_of_anti_drug_service", p.years_of_anti_drug_service},
          {"tax_compliant", p.tax_compliant},
          {"social_insurance_compliant", p.social_insurance_compliant},
          {"serious_violation_last_three_years", p.serious_violation_last_three_years},
          {"created_at", format_rfc3339(p.created_at)},
          {"created_by", p.created_by}};
}

procurement::qualification_profile profile_from_json(const boost::json::object& body, std::string organization_id) {
  procurement::qualification_profile p;
  p.organization_id = std::move(organization_id);
  const auto date = parse_date(string_field(body, "registration_date"));
  p.registration_date = date.value_or(std::chrono::year_month_day{});
  p.registered_region = string_field(body, "registered_region");
  const auto& staff = body.at("staff").as_object();
  p.staff.none = integer_field(staff, "none");
  p.staff.assistant_social_worker = integer_field(staff, "assistant_social_worker");
  p.staff.social_worker = integer_field(staff, "social_worker");
  p.staff.senior_social_worker = integer_field(staff, "senior_social_worker");
  if (const auto* education = body.if_contains("education")) {
    const auto& e = education->as_object();
    p.education.secondary_or_below = integer_field(e, "secondary_or_below");
    p.education.associate = integer_field(e, "associate");
    p.education.bachelor = integer_field(e, "bachelor");
    p.education.postgraduate = integer_field(e, "postgraduate");
  }
  p.psychological_counsellors = integer_field(body, "psychological_counsellors");
  p.peer_educators = integer_field(body, "peer_educators");
  p.district_stations = integer_field(body, "district_stations");
  p.street_points = integer_field(body, "street_points");
  p.years_of_anti_drug_service = integer_field(body, "years_of_anti_drug_service");
  p.tax_compliant = bool_field(body, "tax_compliant");
  p.social_insurance_compliant = bool_field(body, "social_insurance_compliant");
  p.serious_violation_last_three_years = bool_field(body, "serious_violation_last_three_years");
  return p;
}

boost::json::object to_json(const audit::entry& e, bool redacted) {
  boost::json::object out{{"sequence", e.sequence}, {"entry_hash", e.entry_hash}, {"previous_hash", e.previous_hash}};
  if (redacted) {
    out["sealed"] = true;
    return out;
  }
  out["at"] = format_rfc3339(e.at);
  out["actor"] = e.actor;
  out["action"] = e.action;
  out["entity_type"] = e.entity_type;
  out["entity_id"] = e.entity_id;
  // Part of the entry's hash: without it nobody outside could recompute a sealed entry's hash.
  out["sealed_by"] = e.sealed_by ? boost::json::value(*e.sealed_by) : boost::json::value(nullptr);
  out["state_hash"] = e.state_hash;
  boost::json::error_code ignored;
  out["state"] = boost::json::parse(e.state, ignored);
  return out;
}

}  // namespace procura::api
