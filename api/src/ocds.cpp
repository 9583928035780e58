#include "ocds.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <utility>

namespace procura::api::ocds {
namespace {

namespace json = boost::json;
using procurement::tender;
using procurement::tender_state;

/// OCDS amounts are numbers in yuan; fen / 100 printed in shortest form is the exact decimal.
json::object value_of(money amount) { return {{"amount", static_cast<double>(amount.fen) / 100.0}, {"currency", "CNY"}}; }

std::string_view method_code(procurement::procurement_method method) {
  switch (method) {
    case procurement::procurement_method::open_tender: return "open";
    case procurement::procurement_method::competitive_consultation: return "limited";
    case procurement::procurement_method::single_source: return "direct";
  }
  return "open";
}

std::string_view tender_status(const tender& t, timestamp now) {
  switch (t.state) {
    case tender_state::draft: return "planning";
    case tender_state::published:
    case tender_state::opened:
    case tender_state::evaluated: return "active";
    case tender_state::awarded:
    case tender_state::contracted: return "complete";
    case tender_state::failed: return "unsuccessful";
    case tender_state::cancelled: return "cancelled";
  }
  (void)now;
  return "active";
}

std::string_view contract_status(contracts::contract_state state) {
  switch (state) {
    case contracts::contract_state::draft: return "pending";
    case contracts::contract_state::active: return "active";
    case contracts::contract_state::completed:
    case contracts::contract_state::terminated: return "terminated";
    case contracts::contract_state::cancelled: return "cancelled";
  }
  return "pending";
}

/// The OCDS id of a tender's `round`-th award (from 1): the first keeps the plain id it was
/// published under; one made again after an upheld challenge gets its own, so that no award and
/// no release is ever replaced by another.
std::string award_id(const tender& t, std::size_t round) {
  return round <= 1 ? t.id + "-award" : t.id + "-award-" + std::to_string(round);
}

std::string present_award_id(const tender& t, const tender_facts& facts) {
  return award_id(t, facts.replaced_awards.size() + 1);
}

/// The award a contract was drawn from: the present one, or one it replaced (a draft set aside).
std::string award_id_of(const tender& t, const tender_facts& facts, const contracts::contract& c) {
  if (t.awarded_at == c.awarded_at && t.awarded_bid_id == c.bid_id) return present_award_id(t, facts);
  for (std::size_t i = facts.replaced_awards.size(); i-- > 0;)
    if (facts.replaced_awards[i].awarded_at == c.awarded_at && facts.replaced_awards[i].bid_id == c.bid_id)
      return award_id(t, i + 1);
  return present_award_id(t, facts);
}

/// The awards made before the present one, oldest first. Only a tender whose present award
/// carries a reason can have any (an award made again needs one; the first, to the top-ranked
/// bid, does not), so only then is the audit chain read: each `tender.award` entry holds the
/// tender as that award left it.
std::vector<replaced_award> replaced_awards_of(unit_of_work& work, const tender& t) {
  std::vector<replaced_award> out;
  if (!t.awarded_at || t.award_reason.empty()) return out;
  for (const auto& entry : work.audit().for_entity("tender", t.id)) {
    if (entry.action != "tender.award") continue;
    boost::system::error_code failed;
    const auto state = json::parse(entry.state, failed);
    if (failed) continue;
    const auto text_at = [&](std::string_view pointer) -> std::optional<std::string> {
      boost::system::error_code missing;
      const auto* found = state.find_pointer(pointer, missing);
      if (!found || !found->is_string()) return std::nullopt;
      return std::string(found->as_string());
    };
    const auto bid_id = text_at("/tender/award/bid_id");
    const auto at = text_at("/tender/award/awarded_at");
    const auto awarded_at = at ? parse_rfc3339(*at) : std::nullopt;
    if (!bid_id || !awarded_at) continue;
    out.push_back({*bid_id, *awarded_at, text_at("/tender/award/reason").value_or("")});
  }
  // The chain's order is the order the awards were made (times have one-second resolution, so
  // two may share one); the last is the present award.
  if (!out.empty()) out.pop_back();
  return out;
}

/// The contract not cancelled, if any.
const contracts::contract* in_force(const std::vector<contracts::contract>& all) {
  for (const auto& c : all)
    if (c.state != contracts::contract_state::cancelled) return &c;
  return nullptr;
}

json::object organization_reference(organization_directory& organizations, const std::string& id) {
  const auto* found = organizations.find(id);
  return {{"id", id}, {"name", found ? found->name : id}};
}

/// The parties of a tender with their roles; bidders appear only once the bids are open.
json::array parties_of(organization_directory& organizations, const tender& t, const std::vector<procurement::bid>& bids,
                       const tender_facts& facts) {
  std::vector<std::pair<std::string, std::vector<std::string>>> roles{{t.purchaser_id, {"buyer", "procuringEntity"}}};
  const auto add_role = [&](const std::string& id, const std::string& role) {
    auto found = std::find_if(roles.begin(), roles.end(), [&](const auto& entry) { return entry.first == id; });
    if (found == roles.end()) roles.push_back({id, {role}});
    else if (std::find(found->second.begin(), found->second.end(), role) == found->second.end()) found->second.push_back(role);
  };
  // A bid withdrawn before the deadline was never opened: its bidder is no tenderer.
  for (const auto& b : bids)
    if (b.state == procurement::bid_state::active) add_role(b.supplier_id, "tenderer");
  // The supplier of every award, replaced ones included, and of every contract.
  for (const auto& b : bids) {
    const bool awarded = (!t.awarded_bid_id.empty() && b.id == t.awarded_bid_id) ||
                         std::any_of(facts.replaced_awards.begin(), facts.replaced_awards.end(),
                                     [&](const replaced_award& a) { return a.bid_id == b.id; });
    if (awarded) add_role(b.supplier_id, "supplier");
  }
  for (const auto& c : facts.contracts) add_role(c.supplier_id, "supplier");
  for (const auto& e : facts.evaluations)
    if (e.state == evaluation::evaluation_state::finalized) add_role(e.evaluator_id, "reviewBody");
  json::array parties;
  for (const auto& [id, role_list] : roles) {
    const auto* organization = organizations.find(id);
    json::array listed;
    for (const auto& role : role_list) listed.emplace_back(role);
    json::object party{{"id", id}, {"name", organization ? organization->name : id}, {"roles", std::move(listed)}};
    if (organization)
      party["identifier"] = {{"scheme", "CN-USCC"}, {"id", organization->credit_code}, {"legalName", organization->name}};
    parties.push_back(std::move(party));
  }
  return parties;
}

/// A service period as OCDS reads it: from its first day to the last day of its last month
/// (China time, as the contract counts whole months from the first of the start month), with
/// its true length in days rather than 30 a month.
json::object service_period(std::chrono::year_month_day start, std::int64_t months) {
  const std::chrono::sys_days end_exclusive{contracts::service_period_end(start, months)};
  const std::chrono::sys_days first_day{start};
  return {{"startDate", format_date(start) + "T00:00:00+08:00"},
          {"endDate", format_date(std::chrono::year_month_day{end_exclusive - std::chrono::days{1}}) + "T23:59:59+08:00"},
          {"durationInDays", (end_exclusive - first_day).count()}};
}

json::object tender_section(const tender& t, timestamp now, bool opened,
                            const std::vector<procurement::question>& questions,
                            const std::vector<procurement::bid>& bids) {
  json::array criteria;
  std::string criteria_text;
  bool price_only = !t.terms.criteria.empty();
  for (const auto& c : t.terms.criteria) {
    if (!criteria_text.empty()) criteria_text += "; ";
    criteria_text += c.name + " " + std::to_string(c.points);
    price_only = price_only && c.kind == procurement::criterion_kind::price;
  }
  json::object section{{"id", t.id},
                       {"title", t.terms.title},
                       {"description", t.terms.description},
                       {"status", tender_status(t, now)},
                       {"procurementMethod", method_code(t.terms.method)},
                       {"procurementMethodDetails", procurement::chinese_name(t.terms.method)},
                       {"mainProcurementCategory", "services"},
                       {"awardCriteria", price_only ? "priceOnly" : "ratedCriteria"},
                       {"awardCriteriaDetails", criteria_text},
                       {"value", value_of(t.terms.budget_ceiling)},
                       {"tenderPeriod",
                        {{"startDate", t.published_at ? format_rfc3339(*t.published_at) : format_rfc3339(t.created_at)},
                         {"endDate", format_rfc3339(t.terms.deadline)}}},
                       {"contractPeriod", service_period(t.terms.service_start, t.terms.service_months)}};
  if (!t.terms.single_source_justification.empty()) section["procurementMethodRationale"] = t.terms.single_source_justification;
  json::array amendments;
  for (const auto& a : t.amendments) {
    std::string description;
    for (const auto& c : a.changes) description += (description.empty() ? "" : "; ") + c.field + ": " + c.before + " → " + c.after;
    amendments.push_back({{"id", t.id + "-amendment-" + std::to_string(a.number)},
                          {"date", format_rfc3339(a.at)},
                          {"rationale", a.reason},
                          {"description", description}});
  }
  if (!amendments.empty()) section["amendments"] = std::move(amendments);
  // Answered clarifications only, without the asker (the enquiries extension's shape).
  json::array enquiries;
  for (const auto& q : questions)
    if (q.answer)
      enquiries.push_back({{"id", q.id},
                           {"date", format_rfc3339(q.asked_at)},
                           {"description", q.text},
                           {"answer", *q.answer},
                           {"dateAnswered", format_rfc3339(*q.answered_at)}});
  section["hasEnquiries"] = !enquiries.empty();
  if (!enquiries.empty()) section["enquiries"] = std::move(enquiries);
  if (opened) {
    std::int64_t tenderers = 0;
    for (const auto& b : bids)
      if (b.state == procurement::bid_state::active) ++tenderers;
    section["numberOfTenderers"] = tenderers;
  }
  return section;
}

json::object bids_section(organization_directory& organizations, const std::vector<procurement::bid>& bids) {
  json::array details;
  for (const auto& b : bids) {
    if (b.state != procurement::bid_state::active) continue;
    std::string status = "valid";
    if (b.qualification.qualified == false || b.abnormal.excludes()) status = "disqualified";
    else if (!b.qualification.qualified.has_value()) status = "pending";
    details.push_back({{"id", b.id},
                       {"date", format_rfc3339(b.submitted_at)},
                       {"status", status},
                       {"tenderers", {organization_reference(organizations, b.supplier_id)}},
                       {"value", value_of(b.content.price)}});
  }
  return {{"details", std::move(details)}};
}

/// One award: the bid's price and supplier, and the recorded reason when there is one.
json::object award_object(organization_directory& organizations, std::string id, std::string_view status,
                          timestamp awarded_at, const std::string& bid_id, const std::string& reason,
                          const std::vector<procurement::bid>& bids) {
  json::object award{{"id", std::move(id)}, {"status", status}, {"date", format_rfc3339(awarded_at)}};
  for (const auto& b : bids)
    if (b.id == bid_id) {
      award["value"] = value_of(b.content.price);
      award["suppliers"] = json::array{organization_reference(organizations, b.supplier_id)};
    }
  if (!reason.empty()) award["description"] = "awarded with the recorded reason: " + reason;
  return award;
}

json::object contract_section(organization_directory& organizations, const tender& t, const tender_facts& facts,
                              const contracts::contract& c,
                              const std::vector<evaluation::performance_evaluation>& evaluations) {
  json::array milestones;
  // A contract that ended leaves its unpaid instalments unpaid for good: notMet, not scheduled.
  const bool ended = c.state == contracts::contract_state::terminated || c.state == contracts::contract_state::completed ||
                     c.state == contracts::contract_state::cancelled;
  for (const auto& i : c.schedule) {
    json::object milestone{{"id", c.id + "-instalment-" + std::to_string(i.number)},
                           {"title", "instalment " + std::to_string(i.number)},
                           {"type", "payment"},
                           {"dueDate", format_date(i.due_date) + "T00:00:00+08:00"},
                           {"status", i.released() ? "met" : (ended ? "notMet" : "scheduled")},
                           {"description", "amount " + format_yuan(i.amount) + " yuan" +
                                               (i.released_late ? ", released late" : "")}};
    if (i.released()) milestone["dateMet"] = format_rfc3339(*i.released_at);
    milestones.push_back(std::move(milestone));
  }
  for (const auto& e : evaluations) {
    if (e.state != evaluation::evaluation_state::finalized) continue;
    milestones.push_back({{"id", e.id},
                          {"title", std::string(evaluation::to_string(e.kind)) + " performance evaluation"},
                          {"type", "assessment"},
                          {"status", "met"},
                          {"dateMet", format_rfc3339(*e.finalized_at)},
                          {"description", "score " + e.score->to_decimal(2) + ", grade " + e.grade}});
  }
  json::array amendments;
  for (const auto& a : c.amendments)
    if (a.agreed_at)
      amendments.push_back({{"id", c.id + "-amendment-" + std::to_string(a.number)},
                            {"date", format_rfc3339(*a.agreed_at)},
                            {"rationale", a.reason},
                            {"description", "added value " + format_yuan(a.added_value) + " yuan"}});
  json::array transactions;
  for (const auto& i : c.schedule)
    if (i.released())
      transactions.push_back({{"id", c.id + "-payment-" + std::to_string(i.number)},
                              {"date", format_rfc3339(*i.released_at)},
                              {"value", value_of(i.released_amount)},
                              {"payer", organization_reference(organizations, c.purchaser_id)},
                              {"payee", organization_reference(organizations, c.supplier_id)}});
  json::object section{{"id", c.id},
                       {"awardID", award_id_of(t, facts, c)},
                       {"title", t.terms.title},
                       {"status", contract_status(c.state)},
                       {"value", value_of(c.price)},
                       {"period", service_period(c.service_start, c.service_months)},
                       {"milestones", std::move(milestones)},
                       {"implementation", {{"transactions", std::move(transactions)}}}};
  if (c.signed_by_both())
    section["dateSigned"] = format_rfc3339(std::max(*c.purchaser_signed_at, *c.supplier_signed_at));
  if (!amendments.empty()) section["amendments"] = std::move(amendments);
  return section;
}

/// The OCDS documentType of one of our document types (the codelist is open; ours map onto
/// its codes where one fits).
std::string_view ocds_document_type(std::string_view ours) {
  static const std::vector<std::pair<std::string_view, std::string_view>> codes = {
      {"tender_file", "biddingDocuments"}, {"amendment", "biddingDocuments"}, {"annex", "contractAnnexe"},
      {"answer", "clarifications"},        {"award_notice", "awardNotice"},  {"evaluation_report", "evaluationReports"},
      {"signed_contract", "contractSigned"}, {"amendment_agreement", "contractAnnexe"}, {"evidence", "evaluationEvidence"}};
  for (const auto& [from, to] : codes)
    if (from == ours) return to;
  return ours;
}

}  // namespace

class tender_reads {
 public:
  tender_reads(unit_of_work& work, const tender& t, std::string site_address)
      : site(std::move(site_address)), work_(work), questions_(work.questions().of_tender(t.id)) {
    if (t.terms.cost_estimate_id) estimate_ = work.cost_estimates().find(*t.terms.cost_estimate_id);
  }
  [[nodiscard]] const std::vector<procurement::question>& questions() const { return questions_; }
  [[nodiscard]] const std::optional<procurement::cost_estimate>& estimate() const { return estimate_; }
  const std::vector<procurement::attachment>& attached_to(procurement::attachment_target target,
                                                         const std::string& id) {
    auto key = std::pair(target, id);
    auto found = attachments_.find(key);
    if (found == attachments_.end()) found = attachments_.emplace(key, work_.documents().attached_to(target, id)).first;
    return found->second;
  }

  const std::string site;  ///< "http://host:port", for absolute document URLs

 private:
  unit_of_work& work_;
  std::vector<procurement::question> questions_;
  std::optional<procurement::cost_estimate> estimate_;
  std::map<std::pair<procurement::attachment_target, std::string>, std::vector<procurement::attachment>> attachments_;
};

namespace {

/// The public documents attached to one object by `as_of` (all of them without it), as OCDS
/// documents with their SHA-256; only those `shown` accepts, when given.
void add_documents(json::array& into, tender_reads& reads, std::optional<timestamp> as_of,
                   procurement::attachment_target target, const std::string& target_id,
                   const std::function<bool(const procurement::attachment&)>& shown = {}) {
  const auto& site = reads.site;
  for (const auto& a : reads.attached_to(target, target_id)) {
    if (as_of && a.attached_at > *as_of) continue;
    if (shown && !shown(a)) continue;
    std::string type(ocds_document_type(a.document_type));
    if (a.document_type == "annex" && target == procurement::attachment_target::tender) type = "biddingDocuments";
    into.push_back({{"id", a.file.id},
                    {"documentType", type},
                    {"title", a.file.file_name},
                    {"description", "sha256:" + a.file.sha256 + (a.part.empty() ? "" : " (" + a.part + ")")},
                    {"url", site + "/api/v1/documents/" + a.file.id + "/content"},
                    {"datePublished", format_rfc3339(a.attached_at)},
                    {"format", a.file.media_type}});
  }
}

/// Every award, oldest first: those a later one replaced (cancelled), then the present one,
/// pending while a challenge of it is open. Each carries the award documents attached while it
/// was the tender's award.
json::array awards_section(tender_reads& reads, std::optional<timestamp> as_of, organization_directory& organizations,
                           const tender& t, const tender_facts& facts, const std::vector<procurement::bid>& bids) {
  const auto& replaced = facts.replaced_awards;
  json::array awards;
  for (std::size_t i = 0; i <= replaced.size(); ++i) {
    const bool present = i == replaced.size();
    json::object award;
    if (present) {
      const bool challenged =
          std::any_of(facts.challenges.begin(), facts.challenges.end(), [](const auto& c) { return c.open(); });
      // A tender failed after its award (the award set aside, the procurement done again) keeps
      // the award it made, cancelled.
      const bool set_aside = t.state == tender_state::failed && t.ended_at;
      award = award_object(organizations, award_id(t, i + 1),
                           set_aside ? "cancelled" : challenged ? "pending" : "active", *t.awarded_at,
                           t.awarded_bid_id, t.award_reason, bids);
      if (set_aside)
        award["description"] = "set aside; the procurement is done again: " + t.end_reason +
                               (t.award_reason.empty() ? std::string() : "; it was made with the reason: " + t.award_reason);
    } else {
      award = award_object(organizations, award_id(t, i + 1), "cancelled", replaced[i].awarded_at, replaced[i].bid_id,
                           {}, bids);
      // Why it was replaced is the reason the next award was made with.
      const auto& replaced_because = i + 1 < replaced.size() ? replaced[i + 1].reason : t.award_reason;
      award["description"] = "replaced by a new award: " + replaced_because +
                             (replaced[i].reason.empty() ? std::string() : "; it was made with the reason: " + replaced[i].reason);
    }
    // The papers attached while this award stood; any attached before the first belong to it.
    const timestamp from = present ? *t.awarded_at : replaced[i].awarded_at;
    const std::optional<timestamp> until =
        present ? std::nullopt : std::optional(i + 1 < replaced.size() ? replaced[i + 1].awarded_at : *t.awarded_at);
    json::array documents;
    add_documents(documents, reads, as_of, procurement::attachment_target::award, t.id,
                  [&](const procurement::attachment& a) {
                    return (i == 0 || a.attached_at >= from) && (!until || a.attached_at < *until);
                  });
    if (!documents.empty()) award["documents"] = std::move(documents);
    awards.push_back(std::move(award));
  }
  return awards;
}

/// The clarifications as they stood at `as_of` (all as they are without it): one answered later
/// was still unanswered.
std::vector<procurement::question> questions_as_of(const std::vector<procurement::question>& all,
                                                   std::optional<timestamp> as_of) {
  auto out = all;
  if (as_of)
    for (auto& q : out)
      if (q.answered_at && *q.answered_at > *as_of) {
        q.answer.reset();
        q.answered_at.reset();
      }
  return out;
}

/// What a release shows after its head, from `initiationType` on: the tender and its facts as
/// they stood at `as_of` (`tender_as_of`), or as they are now for the compiled release.
json::object body_of(tender_reads& reads, organization_directory& organizations, const tender& t,
                     const tender_facts& facts, std::optional<timestamp> as_of, timestamp now) {
  const bool opened = !procurement::bids_are_sealed(t);
  static const std::vector<procurement::bid> no_bids;
  const auto& bids = opened ? facts.bids : no_bids;
  const auto& evaluations = facts.evaluations;
  const auto questions = questions_as_of(reads.questions(), as_of);
  json::object r{{"initiationType", "tender"},
                 {"language", "zh"},
                 {"parties", parties_of(organizations, t, bids, facts)},
                 {"buyer", organization_reference(organizations, t.purchaser_id)}};
  json::object budget{{"amount", value_of(t.terms.budget_ceiling)}};
  if (const auto& estimate = reads.estimate()) {
    budget["id"] = estimate->id;
    budget["description"] = "budget ceiling set from cost estimate " + estimate->id + " of " +
                            format_yuan(estimate->total) + " yuan (salary benchmarks " + estimate->input.region + " " +
                            std::to_string(estimate->input.year) + ")";
  }
  r["planning"] = {{"budget", std::move(budget)}};
  r["tender"] = tender_section(t, as_of.value_or(now), opened, questions, bids);
  json::array tender_documents;
  add_documents(tender_documents, reads, as_of, procurement::attachment_target::tender, t.id);
  for (const auto& q : questions)
    if (q.answer) add_documents(tender_documents, reads, as_of, procurement::attachment_target::question, q.id);
  if (!tender_documents.empty()) r["tender"].as_object()["documents"] = std::move(tender_documents);
  if (opened) r["bids"] = bids_section(organizations, bids);
  if (t.awarded_at) r["awards"] = awards_section(reads, as_of, organizations, t, facts, bids);
  json::array contract_sections;
  for (const auto& c : facts.contracts) {
    static const std::vector<evaluation::performance_evaluation> none;
    const bool set_aside = c.state == contracts::contract_state::cancelled;
    auto section = contract_section(organizations, t, facts, c, set_aside ? none : evaluations);
    json::array contract_documents;
    add_documents(contract_documents, reads, as_of, procurement::attachment_target::contract, c.id);
    // An amendment is published once agreed (as `amendments` are): the papers of one pending,
    // declined or withdrawn are no part of the contract.
    const auto of_agreed_amendment = [&](const procurement::attachment& a) {
      return std::any_of(c.amendments.begin(), c.amendments.end(), [&](const auto& amendment) {
        return amendment.agreed_at && std::to_string(amendment.number) == a.part;
      });
    };
    add_documents(contract_documents, reads, as_of, procurement::attachment_target::contract_amendment, c.id,
                  of_agreed_amendment);
    if (!contract_documents.empty()) section["documents"] = std::move(contract_documents);
    json::array evidence;
    if (!set_aside)
      for (const auto& e : evaluations)
        if (e.state == evaluation::evaluation_state::finalized)
          add_documents(evidence, reads, as_of, procurement::attachment_target::evaluation, e.id);
    if (!evidence.empty()) section["implementation"].as_object()["documents"] = std::move(evidence);
    contract_sections.push_back(std::move(section));
  }
  if (!contract_sections.empty()) r["contracts"] = std::move(contract_sections);
  return r;
}

/// The state of a published tender whose times and facts were already taken back to a moment
/// (`tender_as_of`): the furthest transition left. `ended_at` is set only by a cancellation or a
/// failure, which keep the state they set.
tender_state state_as_of(const tender& then, const tender_facts& facts_then) {
  if (then.ended_at) return then.state;
  const bool contracted = std::any_of(facts_then.contracts.begin(), facts_then.contracts.end(),
                                      [](const auto& c) { return c.state != contracts::contract_state::cancelled; });
  if (contracted) return tender_state::contracted;
  if (then.awarded_at) return tender_state::awarded;
  if (then.evaluated_at) return tender_state::evaluated;
  if (then.opened_at) return tender_state::opened;
  return tender_state::published;
}

/// A tender and its facts as they stood at `at`, for the release of an event at that time: what
/// happened later (amendments, the opening, the panel's qualification decisions, awards,
/// challenges' answers, contracts, signatures, payments, contract amendments, evaluations, ends)
/// is left out or undone. What no record keeps the earlier form or the time of stays as it is
/// now: the tender's terms after its amendments, a contract's schedule (set at no recorded time,
/// and replaced by an agreed amendment), and an evaluation re-scored on appeal.
std::pair<tender, tender_facts> tender_as_of(const tender& now_tender, const tender_facts& now_facts, timestamp at) {
  const auto after = [&](const std::optional<timestamp>& when) { return when && *when > at; };
  tender t = now_tender;
  tender_facts facts;
  std::erase_if(t.amendments, [&](const auto& a) { return a.at > at; });
  for (auto* when : {&t.opened_at, &t.evaluated_at, &t.ended_at})
    if (after(*when)) when->reset();

  // The award in force at `at` is the last one made by then; the ones before it were replaced.
  std::vector<replaced_award> awards = now_facts.replaced_awards;
  if (now_tender.awarded_at)
    awards.push_back({now_tender.awarded_bid_id, *now_tender.awarded_at, now_tender.award_reason});
  std::erase_if(awards, [&](const replaced_award& a) { return a.awarded_at > at; });
  if (awards.empty()) {
    t.awarded_at.reset();
    t.awarded_bid_id.clear();
    t.award_reason.clear();
  } else {
    t.awarded_at = awards.back().awarded_at;
    t.awarded_bid_id = awards.back().bid_id;
    t.award_reason = awards.back().reason;
    awards.pop_back();
  }
  facts.replaced_awards = std::move(awards);

  for (auto c : now_facts.challenges) {
    if (c.filed_at > at) continue;
    if (after(c.answered_at)) {
      c.answer.reset();
      c.answered_at.reset();
      c.upheld = false;
    }
    facts.challenges.push_back(std::move(c));
  }

  for (auto c : now_facts.contracts) {
    if (c.created_at > at) continue;
    for (auto* when : {&c.purchaser_signed_at, &c.supplier_signed_at, &c.ended_at})
      if (after(*when)) when->reset();
    if (!c.ended_at)
      c.state = c.signed_by_both() ? contracts::contract_state::active : contracts::contract_state::draft;
    for (auto& i : c.schedule)
      if (after(i.released_at)) {
        i.released_at.reset();
        i.released_late = false;
      }
    for (auto& a : c.amendments)
      if (after(a.agreed_at)) {
        a.agreed_at.reset();
        c.price = money{c.price.fen - a.added_value.fen};
      }
    facts.contracts.push_back(std::move(c));
  }
  for (const auto& e : now_facts.evaluations)
    if (e.state == evaluation::evaluation_state::finalized && e.finalized_at && *e.finalized_at <= at)
      facts.evaluations.push_back(e);

  t.state = state_as_of(t, facts);
  if (!procurement::bids_are_sealed(t)) {
    facts.bids = now_facts.bids;
    // The purchaser's qualification decisions and the abnormal-price reviews carry no time of
    // their own; they stand once the panel reports, or once the tender failed on them. Before
    // that every opened bid is pending.
    if (!t.evaluated_at && !t.ended_at)
      for (auto& b : facts.bids) {
        b.qualification.qualified.reset();
        b.abnormal = {};
      }
  }
  return {std::move(t), std::move(facts)};
}

/// The heads of a tender's releases in the order they happened (none before publication).
/// One release for each event, with an id of its own and the event's date: a consumer that keeps
/// releases by (ocid, id) sees every payment and every later event, none replacing another.
std::vector<tender_releases::head> heads_of(const tender& t, const tender_facts& facts) {
  std::vector<tender_releases::head> out;
  if (!t.published_at) return out;
  out.push_back({t.id + "-tender", "tender", *t.published_at});
  for (const auto& a : t.amendments)
    out.push_back({t.id + "-amendment-" + std::to_string(a.number), "tenderAmendment", a.at});
  if (t.opened_at) out.push_back({t.id + "-opening", "tenderUpdate", *t.opened_at});
  if (t.state == tender_state::cancelled && t.ended_at)
    out.push_back({t.id + "-cancellation", "tenderCancellation", *t.ended_at});
  if (t.state == tender_state::failed && t.ended_at)
    out.push_back({t.id + "-unsuccessful", "tenderUpdate", *t.ended_at});
  for (std::size_t i = 0; i < facts.replaced_awards.size(); ++i)
    out.push_back({award_id(t, i + 1), "award", facts.replaced_awards[i].awarded_at});
  if (t.awarded_at) out.push_back({present_award_id(t, facts), "award", *t.awarded_at});
  for (const auto& c : facts.contracts) {
    const auto signed_at = c.signed_by_both() ? std::max(*c.purchaser_signed_at, *c.supplier_signed_at)
                                                      : c.created_at;
    out.push_back({c.id + "-contract", "contract", signed_at});
    for (const auto& a : c.amendments)
      if (a.agreed_at)
        out.push_back({c.id + "-amendment-" + std::to_string(a.number), "contractAmendment", *a.agreed_at});
    for (const auto& i : c.schedule)
      if (i.released_at)
        out.push_back({c.id + "-payment-" + std::to_string(i.number), "implementation", *i.released_at});
    if (c.state != contracts::contract_state::cancelled)
      for (const auto& e : facts.evaluations)
        if (e.state == evaluation::evaluation_state::finalized && e.finalized_at)
          out.push_back({e.id, "implementationUpdate", *e.finalized_at});
    if (c.ended_at &&
        (c.state == contracts::contract_state::terminated || c.state == contracts::contract_state::completed ||
         c.state == contracts::contract_state::cancelled))
      out.push_back({c.id + "-end", "contractTermination", *c.ended_at});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const tender_releases::head& a, const tender_releases::head& b) { return a.at < b.at; });
  return out;
}

}  // namespace

std::string ocid_of(const std::string& ocid_prefix, const tender& t) { return ocid_prefix + "-" + t.id; }

std::optional<std::string> tender_id_of(const std::string& ocid_prefix, std::string_view ocid) {
  const std::string prefix = ocid_prefix + "-";
  if (!ocid.starts_with(prefix)) return std::nullopt;
  return std::string(ocid.substr(prefix.size()));
}

const procurement::organization* organization_directory::find(const std::string& id) {
  auto found = known_.find(id);
  if (found == known_.end()) found = known_.emplace(id, organizations_.find(id)).first;
  return found->second ? &*found->second : nullptr;
}

namespace {

/// The challenges of an awarded tender and the awards its present one replaced.
void read_awards(unit_of_work& work, const tender& t, tender_facts& facts) {
  if (!t.awarded_at) return;
  facts.challenges = work.challenges().of_tender(t.id);
  facts.replaced_awards = replaced_awards_of(work, t);
}

}  // namespace

tender_facts read_facts(unit_of_work& work, const tender& t) {
  tender_facts facts;
  if (!procurement::bids_are_sealed(t)) facts.bids = work.bids().of_tender(t.id);
  facts.contracts = work.contracts().all_of_tender(t.id);
  if (const auto* contract = in_force(facts.contracts)) facts.evaluations = work.evaluations().of_contract(contract->id);
  read_awards(work, t, facts);
  return facts;
}

std::vector<tender_facts> read_facts(unit_of_work& work, const std::vector<tender>& tenders) {
  std::vector<tender_facts> all(tenders.size());
  std::vector<std::string> opened;
  std::unordered_map<std::string_view, tender_facts*> by_tender;
  for (std::size_t i = 0; i < tenders.size(); ++i) {
    const auto& t = tenders[i];
    if (!procurement::bids_are_sealed(t)) {
      opened.push_back(t.id);
      by_tender.emplace(t.id, &all[i]);
    }
    all[i].contracts = work.contracts().all_of_tender(t.id);
    if (const auto* contract = in_force(all[i].contracts))
      all[i].evaluations = work.evaluations().of_contract(contract->id);
    read_awards(work, t, all[i]);
  }
  for (auto& b : work.bids().of_tenders(opened)) by_tender.at(b.tender_id)->bids.push_back(std::move(b));
  return all;
}

tender_releases::tender_releases(unit_of_work& work, organization_directory& organizations, const tender& t,
                                 tender_facts facts, timestamp now, const std::string& ocid_prefix,
                                 const std::string& site)
    : ocid_(ocid_of(ocid_prefix, t)),
      heads_(heads_of(t, facts)),
      tender_(t),
      facts_(std::move(facts)),
      organizations_(organizations),
      reads_(std::make_unique<tender_reads>(work, t, site)),
      now_(now) {}

tender_releases::~tender_releases() = default;

tender_releases::head tender_releases::compiled_head() const {
  return {tender_.id + "-compiled", "compiled", heads_.empty() ? now_ : heads_.back().at};
}

json::object tender_releases::body(std::size_t index) const {
  const auto at = heads_.at(index).at;
  const auto [then, facts_then] = tender_as_of(tender_, facts_, at);
  return body_of(*reads_, organizations_, then, facts_then, at, now_);
}

json::object tender_releases::compiled_body() const {
  return body_of(*reads_, organizations_, tender_, facts_, std::nullopt, now_);
}

json::object tender_releases::release(std::size_t index) const { return release_of(heads_.at(index), body(index)); }

json::object tender_releases::compiled_release() const { return release_of(compiled_head(), compiled_body()); }

json::object tender_releases::release_of(const head& h, json::object body) const {
  json::object r(body.size() + 4);
  r.emplace("ocid", ocid_);
  r.emplace("id", h.id);
  r.emplace("date", format_rfc3339(h.at));
  r.emplace("tag", json::array{json::value(h.tag)});
  for (auto& member : body) r.emplace(member.key(), std::move(member.value()));
  return r;
}

json::object package(const std::string& uri, timestamp now, const std::string& publisher_name) {
  return {{"uri", uri},
          {"version", "1.1"},
          {"publishedDate", format_rfc3339(now)},
          {"publisher", {{"name", publisher_name}}},
          {"license", "https://creativecommons.org/licenses/by/4.0/"}};
}

}  // namespace procura::api::ocds
