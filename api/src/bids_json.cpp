#include "bids_json.hpp"

#include <boost/json.hpp>

#include "json_support.hpp"

namespace procura::api {
namespace {

namespace json = boost::json;
using namespace procura::procurement;

json::value optional_time(const std::optional<timestamp>& at) {
  return at ? json::value(format_rfc3339(*at)) : json::value(nullptr);
}

json::value optional_bool(const std::optional<bool>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}

/// A version's receipt as every view of a bid shows it: the hash and the server's time.
json::object receipt_json(const bid& b) {
  return {{"sha256", b.receipt_hash}, {"server_time", format_rfc3339(b.submitted_at)}};
}

json::object content_json(const bid_content& c) {
  json::array staffing;
  for (const auto& post : c.staffing)
    staffing.push_back({{"level", to_string(post.level)},
                        {"count", post.count},
                        {"monthly_salary", money_json(post.monthly_salary)},
                        {"months", post.months}});
  json::array sections;
  for (const auto& section : c.sections) sections.push_back({{"title", section.title}, {"text", section.text}});
  json::array documents;
  for (const auto& hash : c.document_hashes) documents.emplace_back(hash);
  json::array attachments;
  for (const auto& a : c.attachments)
    attachments.push_back({{"document_id", a.document_id}, {"document_type", a.document_type}, {"sha256", a.sha256}});
  return {{"price", money_json(c.price)},
          {"staffing", std::move(staffing)},
          {"attachments", std::move(attachments)},
          {"technical_proposal", {{"sections", std::move(sections)}, {"document_hashes", std::move(documents)}}},
          {"declarations",
           {{"no_serious_violation", c.declared.no_serious_violation},
            {"tax_compliant", c.declared.tax_compliant},
            {"social_insurance_compliant", c.declared.social_insurance_compliant},
            {"accepts_terms", c.declared.accepts_terms}}},
          {"salary_reserve", money_json(c.salary_reserve)}};
}

}  // namespace

bid_content bid_content_from_json(const json::object& body) {
  bid_content c;
  c.price = read_money(body.at("price"));
  for (const auto& item : body.at("staffing").as_array()) {
    const auto& post = item.as_object();
    c.staffing.push_back({parse_professional_level(string_field(post, "level")).value_or(professional_level::none),
                          integer_field(post, "count"), read_money(post.at("monthly_salary")),
                          integer_field(post, "months", 12)});
  }
  if (const auto* proposal = body.if_contains("technical_proposal")) {
    const auto& p = proposal->as_object();
    if (const auto* sections = p.if_contains("sections"))
      for (const auto& section : sections->as_array())
        c.sections.push_back({string_field(section.as_object(), "title"), string_field(section.as_object(), "text")});
    if (const auto* documents = p.if_contains("document_hashes"))
      for (const auto& hash : documents->as_array()) c.document_hashes.emplace_back(hash.as_string());
  }
  if (const auto* attachments = body.if_contains("attachments"))
    for (const auto& item : attachments->as_array())
      c.attachments.push_back({string_field(item.as_object(), "document_id"),
                               string_field(item.as_object(), "document_type"), {}});
  const auto& declared = body.at("declarations").as_object();
  c.declared = {bool_field(declared, "no_serious_violation"), bool_field(declared, "tax_compliant"),
                bool_field(declared, "social_insurance_compliant"), bool_field(declared, "accepts_terms")};
  if (const auto* reserve = body.if_contains("salary_reserve")) c.salary_reserve = read_money(*reserve);
  return c;
}

json::object receipt_document(const bid& b) {
  json::object document = content_json(b.content);
  document["tender_id"] = b.tender_id;
  document["bid_id"] = b.id;
  document["supplier_id"] = b.supplier_id;
  document["version"] = b.version;
  document["profile_version"] = b.profile_version;
  document["server_time"] = format_rfc3339(b.submitted_at);
  return document;
}

json::object receipt_record(const bid& b) {
  return {{"bid_id", b.id},
          {"tender_id", b.tender_id},
          {"supplier_id", b.supplier_id},
          {"version", b.version},
          {"receipt", receipt_json(b)}};
}

json::object to_json(const bid& b) {
  json::object out = content_json(b.content);
  out["id"] = b.id;
  out["tender_id"] = b.tender_id;
  out["supplier_id"] = b.supplier_id;
  out["version"] = b.version;
  out["state"] = to_string(b.state);
  out["profile_version"] = b.profile_version;
  out["receipt"] = receipt_json(b);
  out["withdrawn_at"] = optional_time(b.withdrawn_at);
  if (b.qualification.reviewed) {
    json::array checks;
    for (const auto& check : b.qualification.checks)
      checks.push_back({{"name", check.name}, {"passed", check.passed}, {"detail", check.detail}});
    out["qualification"] = {{"automatic_pass", b.qualification.automatic_pass},
                            {"checks", std::move(checks)},
                            {"qualified", optional_bool(b.qualification.qualified)},
                            {"reason", b.qualification.reason}};
  }
  if (b.abnormal.flagged) {
    json::array reasons;
    for (const auto& reason : b.abnormal.reasons) reasons.emplace_back(reason);
    out["abnormal_price"] = {{"flagged", true},
                             {"reasons", std::move(reasons)},
                             {"explanation", b.abnormal.explanation},
                             {"accepted", optional_bool(b.abnormal.accepted)}};
  }
  return out;
}

json::object public_summary(const bid& b) {
  json::object out{{"id", b.id},
                   {"tender_id", b.tender_id},
                   {"supplier_id", b.supplier_id},
                   {"state", to_string(b.state)},
                   {"price", money_json(b.content.price)},
                   {"posts", total_posts(b.content.staffing)},
                   {"receipt", receipt_json(b)}};
  if (b.qualification.qualified.has_value()) {
    out["qualified"] = *b.qualification.qualified;
    out["qualification_reason"] = b.qualification.reason;
  }
  if (b.abnormal.flagged) out["abnormal_price"] = {{"flagged", true}, {"accepted", optional_bool(b.abnormal.accepted)}};
  return out;
}

json::array to_json(const std::vector<staffing_finding>& findings) {
  json::array out;
  for (const auto& f : findings)
    out.push_back({{"check", f.check}, {"pointer", f.pointer}, {"shortfall", f.shortfall}, {"message", f.message}});
  return out;
}

json::object to_json(const panel_member& m) {
  return {{"account_id", m.account_id},
          {"appointed_at", format_rfc3339(m.appointed_at)},
          {"declared_at", optional_time(m.declared_at)},
          {"removed", m.removed},
          {"removal_reason", m.removal_reason}};
}

json::object to_json(const challenge& c, bool show_challenger) {
  json::object out{{"id", c.id},
                   {"tender_id", c.tender_id},
                   {"text", c.text},
                   {"filed_at", format_rfc3339(c.filed_at)},
                   {"answer_due", format_rfc3339(c.answer_due)},
                   {"answer", c.answer ? json::value(*c.answer) : json::value(nullptr)},
                   {"answered_at", optional_time(c.answered_at)},
                   {"answered_late", c.answered_at.has_value() && *c.answered_at > c.answer_due},
                   {"upheld", c.upheld},
                   {"open", c.open()}};
  if (show_challenger) out["challenger_id"] = c.challenger_id;
  return out;
}

json::object to_json(const ranking& r, const tender& t, const std::vector<expert_score>& scores) {
  json::array entries;
  for (const auto& e : r.entries) {
    json::array items;
    for (std::size_t c = 0; c < e.scored.item_scores.size() && c < t.terms.criteria.size(); ++c) {
      const auto& criterion = t.terms.criteria[c];
      json::object item{{"criterion", c},
                        {"name", criterion.name},
                        {"kind", to_string(criterion.kind)},
                        {"maximum", criterion.points},
                        {"score", e.scored.item_scores[c].to_decimal(6)},
                        {"exact", e.scored.item_scores[c].to_fraction()}};
      if (criterion.kind == criterion_kind::subjective) {
        json::array by_expert;
        for (const auto& s : scores)
          if (s.bid_id == e.scored.bid_id && s.criterion_index == static_cast<std::int64_t>(c))
            by_expert.push_back({{"expert", s.account_id}, {"points", rational(s.points_hundredths, 100).to_decimal(2)}});
        item["experts"] = std::move(by_expert);
      }
      items.push_back(std::move(item));
    }
    entries.push_back({{"rank", e.rank},
                       {"bid_id", e.scored.bid_id},
                       {"supplier_id", e.scored.supplier_id},
                       {"price", money_json(e.scored.price)},
                       {"total", e.scored.total.to_decimal(6)},
                       {"total_exact", e.scored.total.to_fraction()},
                       {"subjective_total", e.scored.subjective_total.to_decimal(6)},
                       {"draw_key", e.draw_key},
                       {"decided_by_tie_rule", e.decided_by_tie_rule},
                       {"items", std::move(items)}});
  }
  json::array excluded;
  for (const auto& id : r.excluded_bid_ids) excluded.emplace_back(id);
  return {{"tender_id", r.tender_id},
          {"seed", r.seed},
          {"tie_rule", to_string(t.terms.tie_break)},
          {"draw_rule", "tied bids are ordered by the lowercase hex SHA-256 of seed + \":\" + bid id, ascending"},
          {"computed_at", format_rfc3339(r.computed_at)},
          {"entries", std::move(entries)},
          {"excluded_bid_ids", std::move(excluded)}};
}

}  // namespace procura::api
