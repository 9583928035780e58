#include <boost/json.hpp>

#include <algorithm>
#include <set>

#include "../handlers.hpp"
#include "../json_support.hpp"
#include "../use_case.hpp"
#include "procura/contracts/payroll_coverage.hpp"
#include "procura/evaluation/evaluation.hpp"
#include "procura/transparency/red_flags.hpp"

namespace procura::api::handlers {
namespace {

/// Adds a tender's contract, its payroll coverage (which depends on `now`) and its reports.
void add_contract(unit_of_work& work, transparency::tender_facts& facts, timestamp now) {
  facts.contract = work.contracts().of_tender(facts.t.id);
  if (!facts.contract) return;
  const auto benchmarks = procurement::applicable_benchmark(work.benchmarks(), facts.contract->region,
                                                            static_cast<int>(facts.contract->service_start.year()));
  facts.coverage = contracts::payroll_coverage(*facts.contract, benchmarks, now);
  facts.reports = work.reports().of_contract(facts.contract->id);
  // The grades matter only to an instalment past its due date and unreleased (is it overdue?):
  // a purchaser's flags read many contracts, most with none.
  const auto today = china_date(now);
  const bool any_past_due = std::any_of(facts.contract->schedule.begin(), facts.contract->schedule.end(),
                                        [&](const contracts::instalment& i) { return !i.released() && today > i.due_date; });
  if (any_past_due) facts.grades = evaluation::grade_facts(work.evaluations().of_contract(facts.contract->id), now);
}

/// What the flags may see of a tender: never its bids while they are sealed.
transparency::tender_facts facts_of(unit_of_work& work, const procurement::tender& t, timestamp now) {
  transparency::tender_facts facts;
  if (!procurement::bids_are_sealed(t))
    for (const auto& b : work.bids().of_tender(t.id)) facts.bids.push_back(transparency::outline_of(b));
  facts.t = transparency::outline_of(t, std::nullopt);
  add_contract(work, facts, now);
  facts.t.contract_id = facts.contract ? std::optional(facts.contract->id) : std::nullopt;
  return facts;
}

/// The facts of every non-draft tender of a purchaser, in id order, from three statements
/// (tenders, bids of the unsealed ones, in outline) plus the reads of each contract: a
/// purchaser has few contracts, but every tender and bid used to cost its own queries.
std::vector<transparency::tender_facts> facts_of_purchaser(unit_of_work& work, const std::string& purchaser_id,
                                                           timestamp now) {
  std::vector<transparency::tender_facts> all;
  std::vector<std::string> unsealed;
  for (auto& t : work.outlines().tenders_of_purchaser(purchaser_id)) {
    if (!procurement::bids_are_sealed(t.state)) unsealed.push_back(t.id);
    all.push_back({});
    all.back().t = std::move(t);
  }
  auto bids = work.outlines().bids_of_tenders(purchaser_id, unsealed);
  // Both are in tender id order: one pass hands each tender its bids.
  auto next = bids.begin();
  for (auto& facts : all) {
    while (next != bids.end() && next->tender_id < facts.t.id) ++next;
    for (; next != bids.end() && next->tender_id == facts.t.id; ++next) facts.bids.push_back(std::move(*next));
    if (facts.t.contract_id) add_contract(work, facts, now);
  }
  return all;
}

/// The awarded tenders of a purchaser in outline, each with its bids (purchaser_flags reads the
/// awarded one): the covering index of its tenders and one range of bid_outlines, no contract read.
std::vector<transparency::tender_facts> awards_of_purchaser(unit_of_work& work, const std::string& purchaser_id) {
  std::vector<transparency::tender_facts> awarded;
  std::vector<std::string> ids;
  for (auto& t : work.outlines().tenders_of_purchaser(purchaser_id)) {
    if (t.awarded_bid_id.empty() || procurement::bids_are_sealed(t.state)) continue;
    ids.push_back(t.id);
    awarded.push_back({});
    awarded.back().t = std::move(t);
  }
  auto bids = work.outlines().bids_of_tenders(purchaser_id, ids);
  auto next = bids.begin();
  for (auto& facts : awarded) {
    while (next != bids.end() && next->tender_id < facts.t.id) ++next;
    for (; next != bids.end() && next->tender_id == facts.t.id; ++next) facts.bids.push_back(std::move(*next));
  }
  return awarded;
}

/// The purchaser-level flags (supplier share, low grade then renewal) of `purchaser_id` that
/// concern `supplier_id`.
std::vector<transparency::red_flag> purchaser_flags_of_supplier(unit_of_work& work, const std::string& purchaser_id,
                                                                const std::string& supplier_id,
                                                                const std::vector<evaluation::performance_evaluation>& evaluations,
                                                                const transparency::thresholds& limits) {
  std::vector<transparency::red_flag> kept;
  for (auto& f : transparency::purchaser_flags(purchaser_id, awards_of_purchaser(work, purchaser_id), evaluations, limits))
    if (f.supplier_id == supplier_id) kept.push_back(std::move(f));
  return kept;
}

/// The supplier whose bid won the tender, if it was awarded and its bids are known.
std::optional<std::string> winner_of(const transparency::tender_facts& facts) {
  if (facts.t.awarded_bid_id.empty()) return std::nullopt;
  for (const auto& b : facts.bids)
    if (b.id == facts.t.awarded_bid_id) return b.supplier_id;
  return std::nullopt;
}

}  // namespace

http_response list_red_flags(request_context& context) {
  const auto& query = context.request.query;
  const auto tender = query.find("tender");
  const auto purchaser = query.find("purchaser");
  const auto supplier = query.find("supplier");
  const int scopes = (tender != query.end()) + (purchaser != query.end()) + (supplier != query.end());
  if (scopes != 1)
    return error_response(context, error::rule("/query", "give exactly one of ?tender=, ?purchaser=, ?supplier="));
  const transparency::thresholds& limits = context.app.red_flag_thresholds;
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    std::vector<transparency::red_flag> flags;
    boost::json::object scope;
    if (tender != query.end()) {
      auto t = work.tenders().find(tender->second);
      if (!t || t->state == procurement::tender_state::draft) return error::not_found("no tender " + tender->second);
      const auto facts = facts_of(work, *t, context.now);
      flags = transparency::tender_flags(facts, limits, context.now);
      // Of the purchaser-level flags, the one about this tender: its award followed a low grade
      // of the same supplier by the same purchaser.
      if (const auto winner = winner_of(facts)) {
        const auto evaluations = work.evaluations().of_supplier(*winner);
        const std::string path = "/api/v1/tenders/" + t->id;
        for (auto& f : purchaser_flags_of_supplier(work, t->purchaser_id, *winner, evaluations, limits))
          if (f.object == path) flags.push_back(std::move(f));
      }
      scope = {{"tender", tender->second}};
    } else if (purchaser != query.end()) {
      const auto all = facts_of_purchaser(work, purchaser->second, context.now);
      for (const auto& facts : all)
        for (auto& f : transparency::tender_flags(facts, limits, context.now)) flags.push_back(std::move(f));
      std::vector<evaluation::performance_evaluation> evaluations;
      for (const auto& facts : all)
        if (facts.contract)
          for (auto& e : work.evaluations().of_contract(facts.contract->id)) evaluations.push_back(std::move(e));
      for (auto& f : transparency::purchaser_flags(purchaser->second, all, evaluations, limits)) flags.push_back(std::move(f));
      scope = {{"purchaser", purchaser->second}};
    } else {
      const std::string& supplier_id = supplier->second;
      std::set<std::string> awarded_by;  // the purchasers that awarded this supplier a tender
      for (const auto& id : work.bids().tender_ids_of_supplier(supplier_id)) {
        auto t = work.tenders().find(id);
        // A tender whose bids are sealed would say that this supplier bid: it is left out.
        if (!t || procurement::bids_are_sealed(*t)) continue;
        const auto facts = facts_of(work, *t, context.now);
        for (auto& f : transparency::tender_flags(facts, limits, context.now)) flags.push_back(std::move(f));
        if (winner_of(facts) == supplier_id) awarded_by.insert(t->purchaser_id);
      }
      // The purchaser-level flags about this supplier: only a purchaser that awarded it a tender
      // can show either, and each is read through its indexes (tenders in outline, awarded bids).
      if (!awarded_by.empty()) {
        const auto evaluations = work.evaluations().of_supplier(supplier_id);
        for (const auto& purchaser_id : awarded_by)
          for (auto& f : purchaser_flags_of_supplier(work, purchaser_id, supplier_id, evaluations, limits))
            flags.push_back(std::move(f));
      }
      scope = {{"supplier", supplier_id}};
    }
    boost::json::array items;
    for (const auto& f : flags)
      items.push_back({{"code", f.code}, {"title", f.title}, {"object", f.object}, {"detail", f.detail}});
    return json_response(200, boost::json::object{
                                  {"scope", std::move(scope)},
                                  {"thresholds",
                                   {{"ceiling_closeness_bp", limits.ceiling_closeness},
                                    {"price_closeness_bp", limits.price_closeness},
                                    {"amendment_warning_bp", limits.amendment_warning},
                                    {"supplier_share_bp", limits.supplier_share},
                                    {"supplier_share_minimum_awards", limits.supplier_share_minimum_awards},
                                    {"excessive_disqualification_bp", limits.excessive_disqualification},
                                    {"outliers", "1.5 × IQR lower fence of a tender's valid prices"}}},
                                  {"items", std::move(items)}});
  });
}

}  // namespace procura::api::handlers

#include "procura/transparency/indicators.hpp"

namespace procura::api::handlers {
namespace {

boost::json::object figure(const transparency::ratio_figure& f, int places = 4) {
  const auto value = f.value();
  return {{"value", value ? boost::json::value(value->to_decimal(places)) : boost::json::value(nullptr)},
          {"numerator", f.numerator},
          {"denominator", f.denominator},
          {"basis", f.basis}};
}

}  // namespace

http_response get_indicators(request_context& context) {
  const auto& query = context.request.query;
  const auto region = query.find("region");
  const auto purchaser = query.find("purchaser");
  if ((region != query.end()) == (purchaser != query.end()))
    return error_response(context, error::rule("/query", "give exactly one of ?region= or ?purchaser="));
  transparency::indicator_window window;
  for (const auto& [name, target] : {std::pair{"from", &window.from}, {"to", &window.to}}) {
    const auto found = query.find(name);
    if (found == query.end()) continue;
    *target = parse_rfc3339(found->second);
    if (!*target) return error_response(context, error::rule(std::string("/query/") + name, "an RFC 3339 date-time"));
  }
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    procurement::tender_filter filter;
    if (region != query.end()) filter.region = region->second;
    if (purchaser != query.end()) filter.purchaser_id = purchaser->second;
    std::vector<transparency::tender_facts> all;
    std::vector<evaluation::performance_evaluation> evaluations;
    page_request request{500, std::nullopt};
    while (true) {
      auto batch = work.tenders().list(filter, request, context.now);
      for (auto& t : batch.items) {
        all.push_back(facts_of(work, t, context.now));
        if (all.back().contract)
          for (auto& e : work.evaluations().of_contract(all.back().contract->id)) evaluations.push_back(std::move(e));
      }
      if (!batch.next_key) break;
      request.after = batch.next_key;
    }
    const auto computed = transparency::compute_indicators(
        all, evaluations,
        [&work](const contracts::contract& c, std::int32_t year) {
          return procurement::applicable_benchmark(work.benchmarks(), c.region, year);
        },
        window, context.now);
    boost::json::object grades;
    for (const auto& [grade, count] : computed.grades) grades[grade] = count;
    boost::json::object scope;
    if (region != query.end()) scope["region"] = region->second;
    else scope["purchaser"] = purchaser->second;
    if (window.from) scope["from"] = format_rfc3339(*window.from);
    if (window.to) scope["to"] = format_rfc3339(*window.to);
    return json_response(200, boost::json::object{
                                  {"scope", std::move(scope)},
                                  {"contracts", computed.contracts},
                                  {"clients_covered", computed.clients_covered},
                                  {"workers_per_client", figure(computed.workers_per_client)},
                                  {"standard_workers_per_client", figure(computed.standard_workers_per_client)},
                                  {"certified_worker_share", figure(computed.certified_share)},
                                  {"salary_compliance_rate", figure(computed.salary_compliance)},
                                  {"payment_punctuality", figure(computed.payment_punctuality)},
                                  {"grade_distribution", std::move(grades)},
                                  {"relapse_rate", figure(computed.relapse_rate)},
                                  {"abstinence_one_year", figure(computed.abstinence_one_year)},
                                  {"abstinence_three_years", figure(computed.abstinence_three_years)},
                                  {"cost_per_client_fen", figure(computed.cost_per_client, 0)},
                                  {"bids_per_tender", figure(computed.bids_per_tender, 2)},
                                  {"single_bid_share", figure(computed.single_bid_share)}});
  });
}

}  // namespace procura::api::handlers
