#include "procura/procurement/panel.hpp"

#include <algorithm>
#include <set>

namespace procura::procurement {

result<std::vector<panel_member>> appoint_experts(panel_repository& panel, account_repository& accounts,
                                                  const tender& t, const std::vector<std::string>& account_ids,
                                                  timestamp now) {
  if (t.state != tender_state::published && t.state != tender_state::opened)
    return error::conflict("experts are appointed before scoring; the tender is " + display_status(t, now));
  const auto existing = panel.members(t.id);
  validation_errors errors;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < account_ids.size(); ++i) {
    const auto& id = account_ids[i];
    const std::string at = "/expert_account_ids/" + std::to_string(i);
    const auto found = accounts.find_account(id);
    if (!found || found->role != role::expert) errors.add(at, "no expert account " + id);
    else if (!seen.insert(id).second) errors.add(at, "listed twice");
    else if (std::any_of(existing.begin(), existing.end(), [&](const panel_member& m) { return m.account_id == id; }))
      errors.add(at, "already appointed to this panel");
  }
  if (!errors.empty()) return errors.to_error();
  std::vector<panel_member> appointed;
  for (const auto& id : account_ids) {
    panel_member member{t.id, id, now, std::nullopt, false, {}};
    panel.insert(member);
    appointed.push_back(std::move(member));
  }
  return appointed;
}

result<panel_member> declare_interests(panel_repository& panel, account_repository& accounts, const tender& t,
                                       const std::vector<bid>& bids, const principal& expert,
                                       const std::vector<std::string>& declared_conflicts, timestamp now) {
  if (t.state != tender_state::opened)
    return error::conflict("interests are declared once the bidders are known, after opening");
  auto members = panel.members(t.id);
  auto found = std::find_if(members.begin(), members.end(),
                            [&](const panel_member& m) { return m.account_id == expert.account_id; });
  if (found == members.end()) return error::not_found("you are not on this tender's panel");
  if (found->removed) return error::conflict("you were removed from this panel: " + found->removal_reason);
  if (found->declared_at) return error::conflict("you have already declared");
  std::set<std::string> bidders;
  for (const auto& b : bids)
    if (b.state == bid_state::active) bidders.insert(b.supplier_id);
  std::string conflict;
  for (const auto& organization : declared_conflicts)
    if (bidders.contains(organization)) conflict = "declared a conflict of interest with bidder " + organization;
  if (conflict.empty()) {
    const auto holder = accounts.find_account(expert.account_id);
    if (holder)
      for (const auto& employer : holder->recent_employer_ids)
        if (bidders.contains(employer))
          conflict = "bidder " + employer + " employed this expert in the last three years";
  }
  if (!conflict.empty()) {
    found->removed = true;
    found->removal_reason = conflict;
  } else {
    found->declared_at = now;
  }
  panel.update(*found);
  return *found;
}

std::vector<panel_member> sitting_members(const std::vector<panel_member>& members) {
  std::vector<panel_member> sitting;
  for (const auto& m : members)
    if (m.active() && m.declared_at) sitting.push_back(m);
  return sitting;
}

status panel_ready(const std::vector<panel_member>& members, const tender& t) {
  const auto sitting = sitting_members(members);
  const auto undeclared = std::count_if(members.begin(), members.end(),
                                        [](const panel_member& m) { return m.active() && !m.declared_at; });
  if (undeclared > 0)
    return error::conflict(std::to_string(undeclared) + " appointed expert(s) have not declared their interests yet");
  const auto size = static_cast<std::int64_t>(sitting.size());
  if (size < t.terms.panel_minimum || size % 2 == 0)
    return error::conflict("the panel has " + std::to_string(size) + " sitting experts; it needs an odd number, at least " +
                           std::to_string(t.terms.panel_minimum) + " (appoint more)");
  return done{};
}

result<std::vector<expert_score>> submit_score_sheet(panel_repository& panel, const tender& t,
                                                     const std::vector<bid>& eligible, const principal& expert,
                                                     const std::vector<score_entry>& sheet, timestamp now) {
  if (t.state != tender_state::opened)
    return error::conflict("scores are taken while the tender is being evaluated; it is " + display_status(t, now));
  const auto members = panel.members(t.id);
  const auto sitting = sitting_members(members);
  if (std::none_of(sitting.begin(), sitting.end(), [&](const panel_member& m) { return m.account_id == expert.account_id; }))
    return error::forbidden("only sitting panel members who declared no conflict score this tender");
  if (auto ready = panel_ready(members, t); !ready) return ready.failure();

  validation_errors errors;
  std::set<std::pair<std::string, std::int64_t>> covered;
  std::vector<expert_score> scores;
  for (std::size_t i = 0; i < sheet.size(); ++i) {
    const auto& entry = sheet[i];
    const std::string at = "/scores/" + std::to_string(i);
    const bool known_bid = std::any_of(eligible.begin(), eligible.end(), [&](const bid& b) { return b.id == entry.bid_id; });
    if (!known_bid) {
      errors.add(at + "/bid_id", "not a bid under evaluation: " + entry.bid_id);
      continue;
    }
    if (entry.criterion_index < 0 || entry.criterion_index >= static_cast<std::int64_t>(t.terms.criteria.size()) ||
        t.terms.criteria[static_cast<std::size_t>(entry.criterion_index)].kind != criterion_kind::subjective) {
      errors.add(at + "/criterion", "not a subjective criterion of this tender");
      continue;
    }
    const auto maximum = t.terms.criteria[static_cast<std::size_t>(entry.criterion_index)].points * 100;
    if (entry.points_hundredths < 0 || entry.points_hundredths > maximum)
      errors.add(at + "/points", "points must be between 0 and the criterion's " + std::to_string(maximum / 100));
    if (!covered.insert({entry.bid_id, entry.criterion_index}).second) errors.add(at, "scored twice");
    scores.push_back({t.id, expert.account_id, entry.bid_id, entry.criterion_index, entry.points_hundredths, now});
  }
  for (const auto& b : eligible)
    for (std::size_t c = 0; c < t.terms.criteria.size(); ++c)
      if (t.terms.criteria[c].kind == criterion_kind::subjective && !covered.contains({b.id, static_cast<std::int64_t>(c)}))
        errors.add("/scores", "missing a score of \"" + t.terms.criteria[c].name + "\" for bid " + b.id);
  if (!errors.empty()) return errors.to_error();
  panel.replace_scores(t.id, expert.account_id, scores);
  return scores;
}

bool all_scores_in(const std::vector<panel_member>& members, const std::vector<expert_score>& scores) {
  const auto sitting = sitting_members(members);
  if (sitting.empty()) return false;
  return std::all_of(sitting.begin(), sitting.end(), [&](const panel_member& m) {
    return std::any_of(scores.begin(), scores.end(), [&](const expert_score& s) { return s.account_id == m.account_id; });
  });
}

}  // namespace procura::procurement
