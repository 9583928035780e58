#include "demo.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <tuple>
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

struct demo_catalogue_item {
  const char* code;
  const char* name;
  const char* category;
  const char* unit;
  std::int64_t staffing_standard;
};

constexpr std::array<demo_catalogue_item, 4> catalogue{{
    {"JD-01", "社区戒毒社区康复社会工作服务", "rehabilitation", "client_year", 20},
    {"JD-02", "戒毒康复人员帮扶救助与转介服务", "assistance_and_referral", "client_year", 30},
    {"JD-03", "禁毒宣传教育服务", "prevention_education", "event", 20},
    {"JD-04", "协助禁毒管理工作服务", "administration_support", "post_year", 20},
}};

void load_catalogue(api::gateway& api) {
  for (const auto& item : catalogue) {
    const boost::json::object body{
        {"code", item.code},
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
    call_expecting(api, 201, "POST", "/api/v1/catalogue", boost::json::serialize(body), cli_principal());
  }
}

void load_benchmarks(api::gateway& api) {
  boost::json::array sets;
  // Shanghai (310000) and Pudong (310115), two years; guide salaries in yuan a month.
  const std::array<std::tuple<const char*, int, std::array<std::int64_t, 4>>, 4> rows{{
      {"310000", 2025, {6200, 7300, 8800, 11000}},
      {"310000", 2026, {6500, 7500, 9000, 11500}},
      {"310115", 2025, {6300, 7400, 8900, 11200}},
      {"310115", 2026, {6600, 7600, 9100, 11700}},
  }};
  for (const auto& [region, year, salaries] : rows) {
    sets.push_back({{"region", region},
                    {"year", year},
                    {"monthly_salary",
                     {{"none", money_of(salaries[0])},
                      {"assistant_social_worker", money_of(salaries[1])},
                      {"social_worker", money_of(salaries[2])},
                      {"senior_social_worker", money_of(salaries[3])}}},
                    {"employer_rates",
                     {{"pension_bp", 1600},
                      {"medical_bp", 950},
                      {"unemployment_bp", 50},
                      {"work_injury_bp", 26},
                      {"housing_fund_bp", 700}}}});
  }
  call_expecting(api, 200, "POST", "/api/v1/salary-benchmarks/import",
                 boost::json::serialize(boost::json::object{{"sets", std::move(sets)}}), cli_principal());
}

/// The title of the tender the demo creates last.
constexpr const char* last_tender_title = "上海市禁毒宣传教育服务项目（已取消）";

boost::json::array standard_criteria() {
  return {{{"name", "价格 price"}, {"kind", "price"}, {"points", 30}},
          {{"name", "服务方案 service plan"}, {"kind", "subjective"}, {"points", 30}},
          {{"name", "团队 team"}, {"kind", "subjective"}, {"points", 20}},
          {{"name", "持证社工比例 certified share"},
           {"kind", "objective"},
           {"points", 10},
           {"metric", "certified_share"},
           {"bands", {{{"at_least", 7000}, {"points", 10}}, {{"at_least", 5000}, {"points", 7}}, {{"at_least", 0}, {"points", 4}}}}},
          {{"name", "以往绩效 past performance"}, {"kind", "objective"}, {"points", 10}, {"metric", "past_performance"}}};
}

/// Uploads a short text document as `owner` and attaches it to an object, as a user would.
void attach_text(api::gateway& api, const principal& owner, const std::string& target, const std::string& target_id,
                 const std::string& document_type, const std::string& encoded_file_name, const std::string& text) {
  const auto uploaded = api.call("POST", "/api/v1/documents", text, owner,
                                 {{"content-type", "text/plain; charset=utf-8"}, {"x-file-name", encoded_file_name}});
  if (uploaded.status != 201) throw command_error("demo upload failed: " + uploaded.body);
  const auto id = boost::json::parse(uploaded.body).at("id").as_string();
  const boost::json::object body{{"target", target}, {"target_id", target_id}, {"document_type", document_type}};
  call_expecting(api, 201, "POST", "/api/v1/documents/" + std::string(id) + "/attachments",
                 boost::json::serialize(body), owner);
}

/// Computes a cost estimate for `purchaser` from the Pudong benchmarks, as the purchaser would
/// before setting the open tender's ceiling, and returns its id.
std::string estimate_pudong_costs(api::gateway& api, const principal& purchaser) {
  const boost::json::object body{{"region", "310115"},
                                 {"year", 2026},
                                 {"posts",
                                  {{{"level", "senior_social_worker"}, {"count", 1}},
                                   {{"level", "social_worker"}, {"count", 8}},
                                   {{"level", "assistant_social_worker"}, {"count", 4}}}},
                                 {"months", 12},
                                 {"operating_costs",
                                  {{"activities", money_of(150'000)},
                                   {"training_and_supervision", money_of(60'000)},
                                   {"transport", money_of(24'000)}}},
                                 {"management_fee_rate_bp", 800},
                                 {"tax_rate_bp", 600}};
  const auto created =
      call_expecting(api, 201, "POST", "/api/v1/cost-estimates", boost::json::serialize(body), purchaser);
  return std::string(created.at("id").as_string());
}

/// Creates a draft for `purchaser` and returns its id; `cost_estimate_id` names the estimate its
/// ceiling came from.
std::string create_tender(api::gateway& api, const principal& purchaser, const std::string& title,
                          std::int64_t clients, std::int64_t budget_yuan, timestamp deadline, const char* catalogue_code,
                          const char* region, const std::optional<std::string>& cost_estimate_id = std::nullopt) {
  const auto service_start = china_date(deadline + std::chrono::days{20});
  boost::json::object body{{"catalogue_code", catalogue_code},
                                 {"title", title},
                                 {"description", "为辖区社区戒毒社区康复人员提供专业社会工作服务。"},
                                 {"quantity", clients},
                                 {"region", region},
                                 {"budget_ceiling", money_of(budget_yuan)},
                                 {"service_start", format_date(std::chrono::year_month_day{
                                                       service_start.year(), service_start.month(), std::chrono::day{1}} +
                                                   std::chrono::months{1})},
                                 {"service_months", 12},
                                 {"method", "open_tender"},
                                 {"criteria", standard_criteria()},
                                 {"bid_bond_rate_bp", 100},
                                 {"performance_bond_rate_bp", 500},
                                 {"deadline", format_rfc3339(deadline)}};
  if (cost_estimate_id) body["cost_estimate_id"] = *cost_estimate_id;
  const auto created =
      call_expecting(api, 201, "POST", "/api/v1/tenders", boost::json::serialize(body), purchaser);
  return std::string(created.at("id").as_string());
}

void load_tenders(api::gateway& api, adjustable_clock& clock, const std::vector<std::string>& ids) {
  const principal city{"demo-loader", ids[0], role::purchaser};
  const principal pudong{"demo-loader", ids[1], role::purchaser};
  const principal xuhui{"demo-loader", ids[2], role::purchaser};
  const auto now = clock.now();
  const auto deadline = std::chrono::floor<std::chrono::days>(now) + std::chrono::days{30} + std::chrono::hours{1};

  // A draft, still being prepared.
  create_tender(api, xuhui, "徐汇区2027年度社区戒毒社区康复社会工作服务项目（草稿）", 260, 2'000'000, deadline, "JD-01", "310104");

  // Published and open for bids, its ceiling set from a cost estimate (2,371,325.99 yuan),
  // rounded down to the thousand.
  const auto open = create_tender(api, pudong, "浦东新区2027年度社区戒毒社区康复社会工作服务项目", 300, 2'371'000,
                                  deadline, "JD-01", "310115", estimate_pudong_costs(api, pudong));
  call_expecting(api, 200, "POST", "/api/v1/tenders/" + open + "/publish", "{}", pudong);
  attach_text(api, pudong, "tender", open, "tender_file", "%E6%8B%9B%E6%A0%87%E6%96%87%E4%BB%B6.txt",  // 招标文件.txt
              "浦东新区2027年度社区戒毒社区康复社会工作服务项目 招标文件\n一、服务内容 二、资格要求 三、评分办法\n");

  // Published, then amended: a larger caseload and budget.
  const auto amended = create_tender(api, city, "上海市2027年度戒毒康复人员帮扶救助与转介服务项目", 450, 1'500'000,
                                     deadline, "JD-02", "310000");
  const auto published =
      call_expecting(api, 200, "POST", "/api/v1/tenders/" + amended + "/publish", "{}", city);
  const boost::json::object amendment{
      {"reason", "服务对象人数经核实增加 (caseload confirmed higher)"},
      {"affects_bid_preparation", true},
      {"changes", {{"quantity", 480}, {"budget_ceiling", money_of(1'600'000)}}}};
  const auto version = std::to_string(published.at("version").as_int64());
  const auto reply = api.call("POST", "/api/v1/tenders/" + amended + "/amend", boost::json::serialize(amendment), city,
                              {{"if-match", "\"" + version + "\""}});
  if (reply.status != 200) throw command_error("demo amendment failed: " + reply.body);
  attach_text(api, city, "tender", amended, "amendment", "%E6%9B%B4%E6%AD%A3%E5%85%AC%E5%91%8A.txt",  // 更正公告.txt
              "更正公告：服务对象人数由450人调整为480人，预算调整为160万元。\n");

  // Published, then cancelled: the demo's last step, which `load` looks for to tell a finished
  // load from one that stopped partway.
  const auto cancelled = create_tender(api, city, last_tender_title, 100, 500'000, deadline,
                                       "JD-03", "310000");
  call_expecting(api, 200, "POST", "/api/v1/tenders/" + cancelled + "/publish", "{}", city);
  call_expecting(api, 200, "POST", "/api/v1/tenders/" + cancelled + "/cancel",
                 boost::json::serialize(boost::json::object{{"reason", "预算调整，项目暂缓 (budget reallocated)"}}), city);
}

boost::json::object bid_body(std::int64_t price_yuan, std::int64_t posts, std::int64_t salary_yuan) {
  return {{"price", money_of(price_yuan)},
          {"staffing",
           {{{"level", "social_worker"}, {"count", posts}, {"monthly_salary", money_of(salary_yuan)}, {"months", 12}},
            {{"level", "senior_social_worker"}, {"count", 1}, {"monthly_salary", money_of(12'000)}, {"months", 12}}}},
          {"technical_proposal",
           {{"sections",
             {{{"title", "需求评估 need assessment"}, {"text", "入户评估每名服务对象的戒治需求与家庭支持状况。"}},
              {{"title", "服务方案 service plan"}, {"text", "个案管理、家庭探访、心理辅导、同伴支持与就业转介。"}}}},
            {"document_hashes", boost::json::array{}}}},
          {"declarations",
           {{"no_serious_violation", true}, {"tax_compliant", true}, {"social_insurance_compliant", true},
            {"accepts_terms", true}}},
          {"salary_reserve", money_of(300'000)}};
}

/// The contract of the awarded demo tender, run for three months: signatures, a 30/40/30
/// schedule that leaves the supplier short of payroll, a late first release, an amendment, and
/// monthly reports, one of them showing unfilled posts and the deduction that follows.
std::string load_contract(api::gateway& api, adjustable_clock& clock, const std::string& tender_id, const principal& purchaser) {
  const auto created = call_expecting(
      api, 201, "POST", "/api/v1/contracts",
      boost::json::serialize(boost::json::object{
          {"tender_id", tender_id},
          {"quality_framework", "self-evaluation"},
          {"penalties", {{"per_missing_post_month", money_of(6'000)}, {"per_caseload_excess_month", money_of(10'000)}}}}),
      purchaser);
  const std::string id(created.at("id").as_string());
  const auto supplier = principal{"demo-loader", std::string(created.at("supplier_id").as_string()), role::supplier};
  const std::string base = "/api/v1/contracts/" + id;
  const auto start = parse_date(created.at("service_start").as_string()).value();
  const auto month = [&](int offset) {
    return format_date(std::chrono::year_month_day{start.year(), start.month(), std::chrono::day{1}} + std::chrono::months{offset});
  };
  // The schedule is part of what both parties sign.
  const boost::json::array schedule{{{"due_date", month(0)}, {"share_bp", 3000}},
                                    {{"due_date", month(5)}, {"share_bp", 4000}, {"condition", "report_accepted"}},
                                    {{"due_date", month(11)}, {"share_bp", 3000}, {"condition", "report_accepted"}}};
  call_expecting(api, 200, "POST", base + "/instalments",
                 boost::json::serialize(boost::json::object{{"instalments", schedule}}), purchaser);
  clock.advance(std::chrono::days{5});
  call_expecting(api, 200, "POST", base + "/sign", "{}", purchaser);
  clock.advance(std::chrono::days{2});
  call_expecting(api, 200, "POST", base + "/sign", "{}", supplier);
  attach_text(api, purchaser, "contract", id, "signed_contract", "%E5%90%88%E5%90%8C.txt",  // 合同.txt
              "政府购买服务合同（双方已签章）\n");
  // The first instalment is paid ten days late.
  clock.set(std::chrono::sys_days{start} + std::chrono::days{10} + std::chrono::hours{2});
  call_expecting(api, 200, "POST", base + "/instalments/1/release", "{}", purchaser);
  // Three monthly reports; the second shows two posts unfilled.
  const std::array<std::int64_t, 3> social_workers{15, 13, 15};
  const std::array<std::int64_t, 3> clients{288, 296, 301};
  for (int m = 0; m < 3; ++m) {
    clock.set(std::chrono::sys_days{parse_date(month(m + 1)).value()} + std::chrono::days{3} + std::chrono::hours{2});
    const boost::json::object report{
        {"period", "monthly"},
        {"period_start", month(m)},
        {"workers",
         {{{"level", "social_worker"}, {"count", social_workers[static_cast<std::size_t>(m)]}, {"average_monthly_salary", money_of(9'300)}},
          {{"level", "senior_social_worker"}, {"count", 1}, {"average_monthly_salary", money_of(12'000)}}}},
        {"counts",
         {{"clients_served", clients[static_cast<std::size_t>(m)]}, {"new_intakes", 12 + m}, {"home_visits", 410 + 20 * m},
          {"counselling_sessions", 160 + 8 * m}, {"family_sessions", 44 + m}, {"referrals", 9 + m},
          {"prevention_events", 3}, {"prevention_attendance", 260 + 15 * m}, {"training_hours", 32},
          {"no_relapse_one_year", 221 + m}, {"no_relapse_three_years", 96}, {"relapses", 6 - m},
          {"employment_placements", 18 + 2 * m}}}};
    const auto submitted = call_expecting(api, 201, "POST", base + "/reports", boost::json::serialize(report), supplier);
    clock.advance(std::chrono::days{2});
    call_expecting(api, 200, "POST", base + "/reports/" + std::string(submitted.at("id").as_string()) + "/accept", "{}",
                   purchaser);
  }
  // An amendment adding 5% for a larger caseload, agreed by the supplier.
  const auto current = call_expecting(api, 200, "GET", base, "", purchaser);
  const std::int64_t five_percent = current.at("original_price").at("amount").as_int64() / 20;
  // The unreleased 70% plus the added value, rescheduled 40/30 as before.
  const std::int64_t unreleased = current.at("price").at("amount").as_int64() * 7 / 10 + five_percent;
  const boost::json::array rescheduled{
      {{"due_date", month(5)}, {"amount", {{"amount", unreleased * 4 / 7}, {"currency", "CNY"}}}, {"condition", "report_accepted"}},
      {{"due_date", month(11)}, {"amount", {{"amount", unreleased - unreleased * 4 / 7}, {"currency", "CNY"}}},
       {"condition", "report_accepted"}}};
  call_expecting(api, 200, "POST", base + "/amend",
                 boost::json::serialize(boost::json::object{
                     {"reason", "服务对象增加至320人 (caseload raised to 320)"},
                     {"added_value", {{"amount", five_percent}, {"currency", "CNY"}}},
                     {"instalments", rescheduled}}),
                 purchaser);
  clock.advance(std::chrono::days{1});
  call_expecting(api, 200, "POST", base + "/amendments/1/agree", "{}", supplier);
  return id;
}

struct demo_evaluation_input {
  const char* kind;
  std::int64_t output_actual;
  const char* quality_judgement;
  std::int64_t quality_percent;
  const char* effect_judgement;
  std::int64_t effect_percent;
  std::array<std::int64_t, 5> survey;
  std::int64_t budget_actual;
};

/// One evaluation on the self-evaluation template, from assignment to finalization.
std::string evaluate(api::gateway& api, const std::string& contract_id, const principal& purchaser,
                     const principal& evaluator, const demo_evaluation_input& in) {
  const auto created = call_expecting(
      api, 201, "POST", "/api/v1/evaluations",
      boost::json::serialize(boost::json::object{
          {"contract_id", contract_id}, {"kind", in.kind}, {"evaluator_id", evaluator.organization_id}}),
      purchaser);
  const std::string base = "/api/v1/evaluations/" + std::string(created.at("id").as_string());
  call_expecting(api, 200, "POST", base + "/declaration", R"({"conflict":false})", evaluator);
  call_expecting(api, 200, "POST", base + "/survey",
                 boost::json::serialize(boost::json::object{{"very_satisfied", in.survey[0]},
                                                            {"satisfied", in.survey[1]},
                                                            {"neutral", in.survey[2]},
                                                            {"dissatisfied", in.survey[3]},
                                                            {"very_dissatisfied", in.survey[4]}}),
                 evaluator);
  const boost::json::array scores{
      {{"leaf", "output_quantity"}, {"actual", in.output_actual}, {"evidence", "服务台账与月报"}},
      {{"leaf", "output_quality"}, {"judgement", in.quality_judgement}, {"percent", in.quality_percent},
       {"evidence", "个案抽查"}},
      {{"leaf", "effect"}, {"judgement", in.effect_judgement}, {"percent", in.effect_percent}, {"evidence", "回访记录"}},
      {{"leaf", "budget_execution"}, {"actual", in.budget_actual}, {"evidence", "财务决算"}}};
  call_expecting(api, 200, "POST", base + "/scores", boost::json::serialize(boost::json::object{{"scores", scores}}),
                 evaluator);
  call_expecting(api, 200, "POST", base + "/finalize", "{}", evaluator);
  return std::string(created.at("id").as_string());
}

/// Evaluations that put every grade in the data set, and one appeal.
void load_evaluations(api::gateway& api, adjustable_clock& clock, const std::string& pudong_contract,
                      const std::string& city_contract, const principal& pudong, const principal& city,
                      const principal& evaluator, const principal& other_evaluator) {
  clock.advance(std::chrono::days{2});
  evaluate(api, pudong_contract, pudong, evaluator, {"mid_term", 50, "not", 50, "not", 40, {40, 20, 20, 15, 5}, 70});  // 差
  clock.advance(std::chrono::days{1});
  evaluate(api, pudong_contract, pudong, other_evaluator,
           {"mid_term", 80, "partly", 70, "partly", 60, {60, 25, 10, 5, 0}, 90});  // 中
  clock.advance(std::chrono::days{1});
  const auto appealed = evaluate(api, pudong_contract, pudong, evaluator,
                                 {"mid_term", 95, "achieved", 85, "achieved", 80, {120, 60, 15, 5, 0}, 96});  // 良
  evaluate(api, city_contract, city, other_evaluator,
           {"final", 100, "achieved", 95, "achieved", 90, {150, 40, 8, 2, 0}, 98});  // 优
  // The supplier appeals the 良; the evaluator rejects the appeal with its reasons.
  const auto evaluated = call_expecting(api, 200, "GET", "/api/v1/evaluations/" + appealed, "", pudong);
  const principal supplier{"demo-loader", std::string(evaluated.at("supplier_id").as_string()), role::supplier};
  clock.advance(std::chrono::days{3});
  call_expecting(api, 200, "POST", "/api/v1/evaluations/" + appealed + "/appeal",
                 boost::json::serialize(boost::json::object{
                     {"leaves", {"output_quality"}},
                     {"reason", "个案抽查样本过少，未反映整体质量 (the case sample was too small)"}}),
                 supplier);
  clock.advance(std::chrono::days{4});
  call_expecting(api, 200, "POST", "/api/v1/evaluations/" + appealed + "/appeal/answer",
                 boost::json::serialize(boost::json::object{
                     {"decision", "reject"},
                     {"reason", "抽样符合评价方案的比例要求 (the sample met the plan's proportion)"}}),
                 evaluator);
}

/// Creates the contract of an awarded demo tender with its schedule (30% paid in advance on
/// signing, 70% in the last month, after the final evaluation), signed by both; returns its id.
std::string signed_contract(api::gateway& api, adjustable_clock& clock, const std::string& tender_id,
                            const principal& purchaser) {
  const auto created = call_expecting(api, 201, "POST", "/api/v1/contracts",
                                      boost::json::serialize(boost::json::object{
                                          {"tender_id", tender_id}, {"quality_framework", "self-evaluation"}}),
                                      purchaser);
  const std::string id(created.at("id").as_string());
  const std::string base = "/api/v1/contracts/" + id;
  const principal supplier{"demo-loader", std::string(created.at("supplier_id").as_string()), role::supplier};
  const auto start = parse_date(created.at("service_start").as_string()).value();
  const boost::json::array schedule{
      {{"due_date", format_date(start)}, {"share_bp", 3000}},
      {{"due_date", format_date(std::chrono::year_month_day{start.year(), start.month(), std::chrono::day{1}} +
                                std::chrono::months{11})},
       {"share_bp", 7000}}};
  call_expecting(api, 200, "POST", base + "/instalments",
                 boost::json::serialize(boost::json::object{{"instalments", schedule}}), purchaser);
  clock.advance(std::chrono::hours{2});
  call_expecting(api, 200, "POST", base + "/sign", "{}", purchaser);
  call_expecting(api, 200, "POST", base + "/sign", "{}", supplier);
  call_expecting(api, 200, "POST", base + "/instalments/1/release", "{}", purchaser);
  return id;
}

/// Tenders taken through bidding in the past: one awarded (with a challenge), one failed for
/// too few bids, one with a disqualified and an abnormally low bid; and four whose deadline was
/// yesterday, each left at a step after it (closed, opened, evaluated, awarded), so that every
/// state of a tender has one (SPEC §5). Runs on the demo clock, which the caller has set back in
/// time; `today` is where it will be set when this is done.
void load_past_tenders(api::gateway& api, adjustable_clock& clock, const std::vector<std::string>& ids,
                       const std::string& platform_id, timestamp today) {
  const principal city{"demo-loader", ids[0], role::purchaser};
  const principal pudong{"demo-loader", ids[1], role::purchaser};
  const principal xuhui{"demo-loader", ids[2], role::purchaser};
  const auto supplier = [&](std::size_t index) { return principal{"demo-loader", ids[index], role::supplier}; };
  std::vector<principal> experts;
  for (int i = 0; i < 5; ++i) {
    const boost::json::object body{{"role", "expert"}, {"display_name", "评审专家 " + std::to_string(i + 1)}};
    const auto issued = call_expecting(api, 201, "POST", "/api/v1/organizations/" + platform_id + "/tokens",
                                       boost::json::serialize(body), cli_principal());
    experts.push_back({std::string(issued.at("account").at("id").as_string()), platform_id, role::expert});
  }
  const auto deadline = clock.now() + std::chrono::days{21};
  const auto awarded = create_tender(api, pudong, "浦东新区2026年度社区戒毒社区康复社会工作服务项目", 300, 2'800'000,
                                     deadline, "JD-01", "310115");
  const auto failed = create_tender(api, city, "上海市2026年度禁毒宣传教育服务项目", 200, 900'000, deadline, "JD-03",
                                    "310000");
  const auto screened = create_tender(api, city, "上海市2026年度社区戒毒康复帮扶转介服务项目", 300, 2'800'000,
                                      deadline, "JD-01", "310000");
  // Published now with the others, their bids due yesterday at 10:00 (China time).
  const auto yesterday = std::chrono::sys_days{china_date(today)} - std::chrono::days{1} + std::chrono::hours{2};
  const auto closed = create_tender(api, xuhui, "徐汇区2027年度禁毒社会工作站点服务项目", 300, 2'800'000, yesterday,
                                    "JD-01", "310104");
  const auto opened = create_tender(api, city, "上海市2027年度戒毒康复人员就业帮扶服务项目", 300, 2'800'000, yesterday,
                                    "JD-01", "310000");
  const auto evaluated = create_tender(api, pudong, "浦东新区2027年度社区康复个案管理服务项目", 300, 2'800'000,
                                       yesterday, "JD-01", "310115");
  const auto awarded_lately = create_tender(api, xuhui, "徐汇区2027年度戒毒康复家庭支持服务项目", 300, 2'800'000,
                                            yesterday, "JD-01", "310104");
  for (const auto& [id, owner] : {std::pair{awarded, pudong}, {failed, city}, {screened, city}, {closed, xuhui},
                                  {opened, city}, {evaluated, pudong}, {awarded_lately, xuhui}})
    call_expecting(api, 200, "POST", "/api/v1/tenders/" + id + "/publish", "{}", owner);

  const auto submit = [&](const std::string& tender, std::size_t who, std::int64_t price, std::int64_t salary) {
    const auto reply = call_expecting(api, 201, "POST", "/api/v1/tenders/" + tender + "/bids",
                                      boost::json::serialize(bid_body(price, 15, salary)), supplier(who));
    return std::string(reply.at("id").as_string());
  };
  clock.advance(std::chrono::days{3});
  std::vector<std::string> awarded_bids{submit(awarded, 3, 2'450'000, 9'300), submit(awarded, 4, 2'380'000, 9'200),
                                        submit(awarded, 5, 2'520'000, 9'600), submit(awarded, 6, 2'600'000, 9'800)};
  submit(failed, 7, 850'000, 9'200);
  submit(failed, 8, 880'000, 9'200);
  std::vector<std::string> screened_bids{submit(screened, 9, 2'500'000, 9'300), submit(screened, 10, 2'550'000, 9'400),
                                         submit(screened, 11, 2'400'000, 9'200),  // serious violation: disqualified
                                         submit(screened, 13, 1'700'000, 7'000),  // abnormally low
                                         submit(screened, 14, 2'650'000, 9'500)};
  // Four bids each, from suppliers that pass qualification (5 and 12 lack social insurance, 11
  // has a serious violation).
  std::map<std::string, std::vector<std::string>> recent_bids;
  const std::array<std::pair<std::string, std::array<std::size_t, 4>>, 4> bidders{
      {{closed, {3, 4, 6, 7}}, {opened, {8, 9, 10, 13}}, {evaluated, {3, 6, 9, 14}}, {awarded_lately, {4, 7, 10, 13}}}};
  for (const auto& [tender, who] : bidders)
    for (std::size_t k = 0; k < who.size(); ++k)
      recent_bids[tender].push_back(submit(tender, who[k], 2'400'000 + static_cast<std::int64_t>(k) * 60'000, 9'300));

  clock.set(deadline + std::chrono::hours{2});
  const auto evaluate = [&](const std::string& tender, const principal& owner, const std::vector<std::string>& bids,
                            const std::vector<std::int64_t>& plan_points, const std::vector<std::int64_t>& team_points) {
    call_expecting(api, 200, "POST", "/api/v1/tenders/" + tender + "/open", "{}", owner);
    const auto review = call_expecting(api, 200, "GET", "/api/v1/tenders/" + tender + "/qualification", "", owner);
    boost::json::array decisions;
    for (const auto& b : review.at("bids").as_array()) {
      const bool passed = b.at("qualification").at("automatic_pass").as_bool();
      decisions.push_back({{"bid_id", b.at("id")}, {"qualified", passed}});
    }
    call_expecting(api, 200, "POST", "/api/v1/tenders/" + tender + "/qualification",
                   boost::json::serialize(boost::json::object{{"decisions", decisions}}), owner);
    boost::json::array expert_ids;
    for (const auto& expert : experts) expert_ids.emplace_back(expert.account_id);
    call_expecting(api, 200, "POST", "/api/v1/tenders/" + tender + "/panel",
                   boost::json::serialize(boost::json::object{{"expert_account_ids", expert_ids}}), owner);
    for (const auto& expert : experts)
      call_expecting(api, 200, "POST", "/api/v1/tenders/" + tender + "/panel/declarations", R"({"conflicts":[]})", expert);
    const auto eligible = call_expecting(api, 200, "GET", "/api/v1/tenders/" + tender + "/qualification", "", owner);
    for (std::size_t e = 0; e < experts.size(); ++e) {
      boost::json::array sheet;
      for (std::size_t b = 0; b < bids.size(); ++b) {
        bool qualified = false;
        for (const auto& reviewed : eligible.at("bids").as_array())
          if (reviewed.at("id").as_string() == bids[b])
            qualified = reviewed.at("qualification").at("qualified").is_bool() &&
                        reviewed.at("qualification").at("qualified").as_bool();
        if (!qualified) continue;
        const auto jitter = static_cast<std::int64_t>((e + b) % 3) - 1;
        sheet.push_back({{"bid_id", bids[b]}, {"criterion", 1}, {"points", plan_points[b] + jitter}});
        sheet.push_back({{"bid_id", bids[b]}, {"criterion", 2}, {"points", team_points[b] + jitter}});
      }
      call_expecting(api, 200, "POST", "/api/v1/tenders/" + tender + "/scores",
                     boost::json::serialize(boost::json::object{{"scores", sheet}}), experts[e]);
    }
  };
  evaluate(awarded, pudong, awarded_bids, {26, 24, 27, 28}, {17, 16, 18, 18});
  call_expecting(api, 200, "POST", "/api/v1/tenders/" + failed + "/open", "{}", city);

  // The abnormally low bid is flagged at qualification; the panel hears the bidder and rejects it.
  clock.advance(std::chrono::hours{1});
  evaluate(screened, city, screened_bids, {25, 24, 20, 22, 27}, {16, 17, 15, 14, 18});
  call_expecting(api, 200, "POST", "/api/v1/tenders/" + screened + "/bids/" + screened_bids[3] + "/abnormal-price",
                 boost::json::serialize(boost::json::object{
                     {"explanation", "以志愿者替代部分专职社工 (volunteers in place of salaried social workers)"},
                     {"accepted", false}}),
                 experts[0]);

  clock.advance(std::chrono::days{2});
  for (const auto& [tender, owner] : {std::pair{awarded, pudong}, {screened, city}}) {
    const auto ranking = call_expecting(api, 200, "GET", "/api/v1/tenders/" + tender + "/ranking", "", owner);
    const auto top = ranking.at("entries").as_array().at(0).at("bid_id");
    call_expecting(api, 200, "POST", "/api/v1/tenders/" + tender + "/award",
                   boost::json::serialize(boost::json::object{{"bid_id", top}}), owner);
  }
  clock.advance(std::chrono::days{1});
  const auto challenge = call_expecting(
      api, 201, "POST", "/api/v1/tenders/" + awarded + "/challenges",
      boost::json::serialize(boost::json::object{{"text", "对团队评分有异议，请求复核 (asks for a review of the team scores)"}}),
      supplier(6));
  clock.advance(std::chrono::days{4});
  call_expecting(api, 200, "POST",
                 "/api/v1/tenders/" + awarded + "/challenges/" + std::string(challenge.at("id").as_string()) + "/answer",
                 boost::json::serialize(boost::json::object{{"answer", "经复核，评分符合评审标准，维持结果。"}, {"upheld", false}}),
                 pudong);
  const auto city_contract = signed_contract(api, clock, screened, city);
  const auto pudong_contract = load_contract(api, clock, awarded, pudong);
  load_evaluations(api, clock, pudong_contract, city_contract, pudong, city,
                   principal{"demo-loader", ids[15], role::evaluator}, principal{"demo-loader", ids[16], role::evaluator});

  // Yesterday's deadline: one tender waits to be opened, one for its qualification review, one
  // for its award after the panel's report; the last is awarded, its challenge window open.
  // The history ends weeks before (it starts 200 days back): the clock moves forward here.
  clock.set(std::max<timestamp>(clock.now(), yesterday + std::chrono::hours{2}));
  call_expecting(api, 200, "POST", "/api/v1/tenders/" + opened + "/open", "{}", city);
  evaluate(evaluated, pudong, recent_bids[evaluated], {25, 27, 24, 26}, {16, 18, 17, 15});
  evaluate(awarded_lately, xuhui, recent_bids[awarded_lately], {27, 24, 26, 25}, {17, 15, 18, 16});
  clock.advance(std::chrono::hours{3});
  const auto ranking = call_expecting(api, 200, "GET", "/api/v1/tenders/" + awarded_lately + "/ranking", "", xuhui);
  call_expecting(api, 200, "POST", "/api/v1/tenders/" + awarded_lately + "/award",
                 boost::json::serialize(boost::json::object{{"bid_id", ranking.at("entries").as_array().at(0).at("bid_id")}}),
                 xuhui);
}

/// Every page of a public list (`path` with its query), its bodies joined: what `load` searches.
std::string all_pages(api::gateway& api, const std::string& path) {
  std::string text;
  std::string cursor;
  for (;;) {
    const auto page = api.call("GET", path + (cursor.empty() ? "" : "&cursor=" + cursor), "", std::nullopt);
    if (page.status != 200) throw command_error("demo check of " + path + " failed: " + page.body);
    text += page.body;
    const auto body = boost::json::parse(page.body);
    const auto& next = body.at("next_cursor");
    if (next.is_null()) return text;
    cursor = std::string(next.as_string());
  }
}

}  // namespace

bool load(api::gateway& api, adjustable_clock& clock) {
  std::string registered;
  for (const char* kind : {"purchaser", "supplier", "evaluator"})
    registered += all_pages(api, std::string("/api/v1/organizations?kind=") + kind + "&limit=500");
  if (registered.find(code(organizations.front().code_stem)) != std::string::npos) {
    // Each step commits on its own: a load that stopped partway leaves its first organizations.
    if (all_pages(api, "/api/v1/tenders?status=cancelled&limit=100").find(last_tender_title) == std::string::npos)
      throw command_error("the demo data is only partly loaded (an earlier load-demo stopped before it finished); "
                          "load it into a fresh database (procura init --db NEW)");
    return false;
  }
  // Checked before anything is written, so that a clash leaves no partial demo behind.
  for (const auto& organization : organizations)
    if (registered.find(code(organization.code_stem)) != std::string::npos)
      throw command_error("an organization with the demo's credit code " + code(organization.code_stem) +
                          " is already registered; load the demo into a fresh database (procura init --db NEW)");
  const auto catalogue_codes = all_pages(api, "/api/v1/catalogue?limit=100");
  for (const auto& item : catalogue)
    if (catalogue_codes.find(std::string("\"code\":\"") + item.code + "\"") != std::string::npos)
      throw command_error(std::string("the catalogue already has an item ") + item.code +
                          "; load the demo into a fresh database (procura init --db NEW)");

  // The demo's history starts 200 days ago (it lasts at most ~185 days, whatever the month
  // lengths, and must end before yesterday's deadline of decision 77), so that tenders can pass through bidding, opening
  // and award before today; today's tenders are made once the clock is back.
  const auto today = clock.now();
  clock.set(today - std::chrono::days{200});

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
  load_catalogue(api);
  load_benchmarks(api);
  load_past_tenders(api, clock, ids, platform_organization_id(api).value(), today);
  clock.set(today);
  load_tenders(api, clock, ids);
  return true;
}

}  // namespace procura::app::demo
