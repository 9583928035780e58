#include "tables.hpp"

namespace procura::storage {
namespace {

constexpr auto profile_columns =
    "organization_id, version, registration_date, registered_region, staff_none, staff_assistant_social_worker,"
    " staff_social_worker, staff_senior_social_worker, education_secondary_or_below, education_associate,"
    " education_bachelor, education_postgraduate, psychological_counsellors, peer_educators, district_stations,"
    " street_points, years_of_anti_drug_service, tax_compliant, social_insurance_compliant,"
    " serious_violation_last_three_years, created_at, created_by";

procurement::qualification_profile read_profile(SQLite::Statement& row) {
  procurement::qualification_profile p;
  int i = 0;
  p.organization_id = row.getColumn(i++).getString();
  p.version = row.getColumn(i++).getInt64();
  p.registration_date = parse_date(row.getColumn(i++).getString()).value();
  p.registered_region = row.getColumn(i++).getString();
  p.staff.none = row.getColumn(i++).getInt64();
  p.staff.assistant_social_worker = row.getColumn(i++).getInt64();
  p.staff.social_worker = row.getColumn(i++).getInt64();
  p.staff.senior_social_worker = row.getColumn(i++).getInt64();
  p.education.secondary_or_below = row.getColumn(i++).getInt64();
  p.education.associate = row.getColumn(i++).getInt64();
  p.education.bachelor = row.getColumn(i++).getInt64();
  p.education.postgraduate = row.getColumn(i++).getInt64();
  p.psychological_counsellors = row.getColumn(i++).getInt64();
  p.peer_educators = row.getColumn(i++).getInt64();
  p.district_stations = row.getColumn(i++).getInt64();
  p.street_points = row.getColumn(i++).getInt64();
  p.years_of_anti_drug_service = row.getColumn(i++).getInt64();
  p.tax_compliant = row.getColumn(i++).getInt() != 0;
  p.social_insurance_compliant = row.getColumn(i++).getInt() != 0;
  p.serious_violation_last_three_years = row.getColumn(i++).getInt() != 0;
  p.created_at = read_timestamp(row.getColumn(i++).getString());
  p.created_by = row.getColumn(i++).getString();
  return p;
}

}  // namespace

std::optional<procurement::qualification_profile> profile_table::latest(std::string_view organization_id) {
  auto& query = db_.prepare(std::string("SELECT ") + profile_columns +
                            " FROM supplier_profiles WHERE organization_id = ? ORDER BY version DESC LIMIT 1");
  query.bind(1, std::string(organization_id));
  if (!query.executeStep()) return std::nullopt;
  return read_profile(query);
}

std::optional<procurement::qualification_profile> profile_table::version(std::string_view organization_id,
                                                                         std::int64_t version) {
  auto& query = db_.prepare(std::string("SELECT ") + profile_columns +
                            " FROM supplier_profiles WHERE organization_id = ? AND version = ?");
  query.bind(1, std::string(organization_id));
  query.bind(2, version);
  if (!query.executeStep()) return std::nullopt;
  return read_profile(query);
}

void profile_table::insert(const procurement::qualification_profile& p) {
  auto& statement = db_.prepare(std::string("INSERT INTO supplier_profiles (") + profile_columns +
                                ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  int i = 1;
  statement.bind(i++, p.organization_id);
  statement.bind(i++, p.version);
  statement.bind(i++, format_date(p.registration_date));
  statement.bind(i++, p.registered_region);
  for (const std::int64_t count :
       {p.staff.none, p.staff.assistant_social_worker, p.staff.social_worker, p.staff.senior_social_worker,
        p.education.secondary_or_below, p.education.associate, p.education.bachelor, p.education.postgraduate,
        p.psychological_counsellors, p.peer_educators, p.district_stations, p.street_points,
        p.years_of_anti_drug_service})
    statement.bind(i++, count);
  statement.bind(i++, p.tax_compliant ? 1 : 0);
  statement.bind(i++, p.social_insurance_compliant ? 1 : 0);
  statement.bind(i++, p.serious_violation_last_three_years ? 1 : 0);
  statement.bind(i++, format_rfc3339(p.created_at));
  statement.bind(i++, p.created_by);
  statement.exec();
}

}  // namespace procura::storage
