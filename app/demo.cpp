#include "demo.hpp"

#include <boost/json.hpp>

#include <array>
#include <string>
#include <vector>

#include "cli_support.hpp"
#include "procura/core/credit_code.hpp"

namespace procura::app::demo {
namespace {

std::string code(std::string first_seventeen) {
  return first_seventeen + credit_code_check_character(first_seventeen);
}

struct demo_organization {
  const char* kind;
  const char* name;
  const char* code_stem;  ///< the first 17 characters of the credit code
  const char* region;
};

// 上海市 (310000) and two of its districts; codes are made up but carry valid check characters.
constexpr std::array<demo_organization, 17> organizations{{
    {"purchaser", "上海市禁毒委员会办公室", "11310000MB2F00001", "310000"},
    {"purchaser", "浦东新区禁毒办", "11310115MB2F00002", "310115"},
    {"purchaser", "徐汇区禁毒办", "11310104MB2F00003", "310104"},
    {"supplier", "上海自强社会服务总社", "52310000MJ4A00001", "310000"},
    {"supplier", "浦东新区阳光康复服务中心", "52310115MJ4A00002", "310115"},
    {"supplier", "徐汇区新航社区服务站", "52310104MJ4A00003", "310104"},
    {"supplier", "上海同心戒毒康复社工事务所", "52310000MJ4A00004", "310000"},
    {"supplier", "浦东新区启明社会工作服务社", "52310115MJ4A00005", "310115"},
    {"supplier", "徐汇区彩虹家庭服务中心", "52310104MJ4A00006", "310104"},
    {"supplier", "上海春晖青少年服务中心", "52310000MJ4A00007", "310000"},
    {"supplier", "浦东新区晨曦社区康复协会", "52310115MJ4A00008", "310115"},
    {"supplier", "徐汇区绿洲社工服务社", "52310104MJ4A00009", "310104"},
    {"supplier", "上海明德社会工作发展中心", "52310000MJ4A00010", "310000"},
    {"supplier", "浦东新区守望者禁毒服务社", "52310115MJ4A00011", "310115"},
    {"supplier", "徐汇区远航戒毒康复服务社", "52310104MJ4A00012", "310104"},
    {"evaluator", "上海公信第三方评估中心", "52310000MJ4B00001", "310000"},
    {"evaluator", "华东社会组织评估研究院", "52310000MJ4B00002", "310000"},
}};

boost::json::object profile_for(std::size_t index) {
  // Sizes vary so that qualification and scoring have something to tell apart.
  const auto n = static_cast<std::int64_t>(index);
  const std::int64_t certified = 6 + 5 * n;
  return {{"registration_date", "20" + std::to_string(10 + index % 10) + "-0" + std::to_string(1 + index % 9) + "-15"},
          {"registered_region", organizations[index].region},
          {"staff",
           {{"none", 2 + n}, {"assistant_social_worker", certified / 2}, {"social_worker", certified / 3},
            {"senior_social_worker", 1 + n % 3}}},
          {"education", {{"secondary_or_below", 1}, {"associate", 3 + n}, {"bachelor", 5 + n}, {"postgraduate", n % 3}}},
          {"psychological_counsellors", 1 + n % 4},
          {"peer_educators", 2 + n % 5},
          {"district_stations", 1 + n % 3},
          {"street_points", 4 + 2 * n},
          {"years_of_anti_drug_service", 2 + n % 12},
          {"tax_compliant", true},
          {"social_insurance_compliant", index % 7 != 5},
          {"serious_violation_last_three_years", index == 11}};
}

}  // namespace

bool load(api::gateway& api, adjustable_clock& /*clock*/) {
  const std::string marker_code = code(organizations.front().code_stem);
  const auto existing = api.call("GET", "/api/v1/organizations?kind=purchaser&limit=500", "", std::nullopt);
  if (existing.body.find(marker_code) != std::string::npos) return false;

  std::vector<std::string> ids;
  for (const auto& organization : organizations) {
    const boost::json::object body{{"kind", organization.kind},
                                   {"name", organization.name},
                                   {"credit_code", code(organization.code_stem)},
                                   {"region", organization.region}};
    const auto created =
        call_expecting(api, 201, "POST", "/api/v1/organizations", boost::json::serialize(body), cli_principal());
    ids.emplace_back(created.at("id").as_string());
  }
  for (std::size_t i = 0; i < organizations.size(); ++i) {
    if (std::string_view(organizations[i].kind) != "supplier") continue;
    const principal supplier{"demo-loader", ids[i], role::supplier};
    call_expecting(api, 200, "PUT", "/api/v1/organizations/" + ids[i] + "/profile",
                   boost::json::serialize(profile_for(i)), supplier);
  }
  return true;
}

}  // namespace procura::app::demo
