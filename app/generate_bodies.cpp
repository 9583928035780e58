#include "generate_bodies.hpp"
#include "cli_support.hpp"

#include <array>
#include <cstdio>

#include "procura/core/credit_code.hpp"

namespace procura::app::generate {
namespace {

constexpr std::array<region_info, 8> regions{{
    {"310000", "上海市"},
    {"310115", "浦东新区"},
    {"310104", "徐汇区"},
    {"320100", "南京市"},
    {"330100", "杭州市"},
    {"440300", "深圳市"},
    {"510100", "成都市"},
    {"420100", "武汉市"},
}};

struct catalogue_entry {
  const char* code;
  const char* name;
  const char* category;
  const char* unit;
  std::int64_t staffing_standard;
};

constexpr std::array<catalogue_entry, 4> catalogue{{
    {"GEN-01", "社区戒毒社区康复社会工作服务", "rehabilitation", "client_year", 20},
    {"GEN-02", "戒毒康复人员帮扶救助与转介服务", "assistance_and_referral", "client_year", 20},
    {"GEN-03", "禁毒宣传教育服务", "prevention_education", "client_year", 20},
    {"GEN-04", "协助禁毒管理工作服务", "administration_support", "client_year", 20},
}};

constexpr std::int64_t clients_per_post = 20;

std::int64_t clients_of(std::int64_t index) { return 200 + (index * 37) % 201; }

}  // namespace

const region_info& region_at(std::size_t index) { return regions[index % regions.size()]; }
std::size_t region_count() { return regions.size(); }

std::string credit_code(const char* prefix, const std::string& region, std::int64_t serial) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%08lld", static_cast<long long>(serial % 100'000'000));
  std::string stem = std::string(prefix) + region + "M" + digits;  // 2 + 6 + 1 + 8 = 17
  return stem + credit_code_check_character(stem);
}

boost::json::object organization_body(const char* kind, const std::string& name, const std::string& code,
                                      const std::string& region) {
  return {{"kind", kind}, {"name", name}, {"credit_code", code}, {"region", region}};
}

boost::json::object profile_body(std::int64_t index, const std::string& region) {
  const std::int64_t certified = 12 + index % 40;
  const std::int64_t staff = (2 + index % 5) + 2 * (certified / 2) + (1 + index % 3);
  return {{"registration_date", std::to_string(2005 + index % 15) + "-0" + std::to_string(1 + index % 9) + "-15"},
          {"registered_region", region},
          {"staff",
           {{"none", 2 + index % 5}, {"assistant_social_worker", certified / 2}, {"social_worker", certified / 2},
            {"senior_social_worker", 1 + index % 3}}},
          {"education",
           {{"secondary_or_below", 1}, {"associate", staff / 4}, {"bachelor", staff / 2}, {"postgraduate", index % 2}}},
          {"psychological_counsellors", 1 + index % 4},
          {"peer_educators", 2 + index % 5},
          {"district_stations", 1 + index % 3},
          {"street_points", 4 + index % 20},
          {"years_of_anti_drug_service", 3 + index % 12},
          {"tax_compliant", true},
          {"social_insurance_compliant", true},
          {"serious_violation_last_three_years", index % 13 == 12}};
}

std::size_t catalogue_count() { return catalogue.size(); }
const char* catalogue_code(std::size_t index) { return catalogue[index % catalogue.size()].code; }

boost::json::object catalogue_body(std::size_t index) {
  const auto& item = catalogue[index % catalogue.size()];
  return {{"code", item.code},
          {"name", item.name},
          {"category", item.category},
          {"unit", item.unit},
          {"staffing_standard", item.staffing_standard},
          {"qualification",
           {{"minimum_years_established", 2},
            {"minimum_certified_share_bp", 5000},
            {"no_serious_violation_in_three_years", true},
            {"tax_and_social_insurance_compliance", true}}},
          {"service_steps", {"need_assessment", "service_delivery", "referral", "evaluation"}}};
}

boost::json::object benchmark_import_body(int first_year, int last_year) {
  boost::json::array sets;
  for (std::size_t r = 0; r < regions.size(); ++r)
    for (int year = first_year; year <= last_year; ++year) {
      // Guide salaries rise about 4% a year and differ a little by region.
      const std::int64_t base = 5200 + static_cast<std::int64_t>(r) * 150 + (year - first_year) * 220;
      sets.push_back({{"region", regions[r].code},
                      {"year", year},
                      {"monthly_salary",
                       {{"none", money_of(base)},
                        {"assistant_social_worker", money_of(base + 1000)},
                        {"social_worker", money_of(base + 2300)},
                        {"senior_social_worker", money_of(base + 4500)}}},
                      {"employer_rates",
                       {{"pension_bp", 1600}, {"medical_bp", 950}, {"unemployment_bp", 50}, {"work_injury_bp", 26},
                        {"housing_fund_bp", 700}}}});
    }
  return {{"sets", std::move(sets)}};
}

std::int64_t tender_posts(std::int64_t index) {
  return (clients_of(index) + clients_per_post - 1) / clients_per_post;
}

std::int64_t tender_budget_yuan(std::int64_t index) {
  // Posts × a generous salary with contributions × 12 months, plus operating costs.
  return tender_posts(index) * 17'500 * 12 + 300'000 + (index % 50) * 10'000;
}

boost::json::object tender_body(std::int64_t index, const std::string& region, timestamp deadline) {
  const auto start = china_date(deadline + std::chrono::days{20});
  const std::chrono::year_month_day first_of_next{start.year(), start.month(), std::chrono::day{1}};
  const auto& item = catalogue[static_cast<std::size_t>(index) % catalogue.size()];
  boost::json::array criteria{
      {{"name", "价格 price"}, {"kind", "price"}, {"points", 30}},
      {{"name", "服务方案 service plan"}, {"kind", "subjective"}, {"points", 60}},
      {{"name", "持证社工比例 certified share"},
       {"kind", "objective"},
       {"points", 10},
       {"metric", "certified_share"},
       {"bands", {{{"at_least", 7000}, {"points", 10}}, {{"at_least", 5000}, {"points", 7}}, {{"at_least", 0}, {"points", 4}}}}}};
  return {{"catalogue_code", item.code},
          {"title", std::string(item.name) + " 第" + std::to_string(index + 1) + "号项目"},
          {"description", "为辖区社区戒毒社区康复人员提供专业社会工作服务。"},
          {"quantity", clients_of(index)},
          {"region", region},
          {"budget_ceiling", money_of(tender_budget_yuan(index))},
          {"service_start", format_date(first_of_next + std::chrono::months{1})},
          {"service_months", 12},
          {"method", "open_tender"},
          {"criteria", std::move(criteria)},
          {"bid_bond_rate_bp", 100},
          {"performance_bond_rate_bp", 500},
          {"deadline", format_rfc3339(deadline)}};
}

boost::json::object bid_body(std::int64_t index, std::int64_t budget_yuan, std::int64_t posts) {
  const std::int64_t price = budget_yuan * (88 + index % 12) / 100;
  const std::int64_t salary = 9'500 + (index % 7) * 150;
  return {{"price", money_of(price)},
          {"staffing",
           {{{"level", "social_worker"}, {"count", posts}, {"monthly_salary", money_of(salary)}, {"months", 12}},
            {{"level", "senior_social_worker"}, {"count", 1}, {"monthly_salary", money_of(12'500)}, {"months", 12}}}},
          {"technical_proposal",
           {{"sections",
             {{{"title", "需求评估 need assessment"}, {"text", "入户评估每名服务对象的戒治需求与家庭支持状况。"}},
              {{"title", "服务方案 service plan"}, {"text", "个案管理、家庭探访、心理辅导、同伴支持与就业转介。"}}}},
            {"document_hashes", boost::json::array{}}}},
          {"declarations",
           {{"no_serious_violation", true}, {"tax_compliant", true}, {"social_insurance_compliant", true},
            {"accepts_terms", true}}},
          {"salary_reserve", money_of(200'000 + (index % 5) * 50'000)}};
}

boost::json::object report_body(const std::string& period_start, std::int64_t index, std::int64_t posts) {
  const std::int64_t clients = posts * 19 + index % 10;
  return {{"period", "monthly"},
          {"period_start", period_start},
          {"workers",
           {{{"level", "social_worker"}, {"count", posts - (index % 4 == 0 ? 1 : 0)},
             {"average_monthly_salary", money_of(9'600)}},
            {{"level", "senior_social_worker"}, {"count", 1}, {"average_monthly_salary", money_of(12'500)}}}},
          {"counts",
           {{"clients_served", clients}, {"new_intakes", 5 + index % 9}, {"home_visits", clients + 40},
            {"counselling_sessions", clients / 2}, {"family_sessions", clients / 6}, {"referrals", 3 + index % 5},
            {"prevention_events", 2}, {"prevention_attendance", 150 + index % 100}, {"training_hours", 24},
            {"no_relapse_one_year", clients * 3 / 4}, {"no_relapse_three_years", clients / 3},
            {"relapses", 2 + index % 6}, {"employment_placements", 5 + index % 8}}}};
}

}  // namespace procura::app::generate
