#include "procura/procurement/award.hpp"

#include <algorithm>

#include "procura/core/ids.hpp"
#include "procura/procurement/opening.hpp"

namespace procura::procurement {

scored_bid score_bid(const tender& t, const bid& b, const qualification_profile& profile,
                     const std::vector<expert_score>& scores, money benchmark_price,
                     const std::vector<rational>& track_record) {
  scored_bid s;
  s.bid_id = b.id;
  s.supplier_id = b.supplier_id;
  s.price = b.content.price;
  for (std::size_t c = 0; c < t.terms.criteria.size(); ++c) {
    const auto& criterion = t.terms.criteria[c];
    rational item;
    switch (criterion.kind) {
      case criterion_kind::price: item = price_score(benchmark_price, b.content.price, criterion.points); break;
      case criterion_kind::subjective: {
        std::vector<std::int64_t> given;
        for (const auto& score : scores)
          if (score.bid_id == b.id && score.criterion_index == static_cast<std::int64_t>(c))
            given.push_back(score.points_hundredths);
        item = mean_of_hundredths(given);
        s.subjective_total += item;
        break;
      }
      case criterion_kind::objective: {
        switch (criterion.metric.value_or(objective_metric::certified_share)) {
          case objective_metric::certified_share: {
            const auto staff = profile.staff.total();
            const std::int64_t share = staff == 0 ? 0 : profile.staff.certified() * 10000 / staff;
            item = rational{band_points(criterion.bands, share)};
            break;
          }
          case objective_metric::staffing_ratio: {
            const auto minimum = std::max<std::int64_t>(1, t.minimum_posts());
            item = rational{band_points(criterion.bands,
                                        social_worker_posts(b.content.staffing, t.terms.service_months) * 10000 / minimum)};
            break;
          }
          case objective_metric::years_of_service:
            item = rational{band_points(criterion.bands, profile.years_of_anti_drug_service)};
            break;
          case objective_metric::past_performance:
            item = past_performance_score(track_record, criterion.points);
            break;
        }
        break;
      }
    }
    s.item_scores.push_back(item);
    s.total += item;
  }
  return s;
}

status ready_to_rank(const tender& t, const std::vector<bid>& bids, const std::vector<panel_member>& members,
                     const std::vector<expert_score>& scores) {
  if (t.state != tender_state::opened) return error::conflict("the tender is not being evaluated");
  if (!qualification_complete(bids)) return error::conflict("the qualification review is not complete");
  for (const auto& b : bids)
    if (b.state == bid_state::active && b.qualification.is_qualified() && b.abnormal.blocks_ranking())
      return error::conflict("bid " + b.id + " has an abnormally low price awaiting the panel's decision");
  const bool has_subjective = std::any_of(t.terms.criteria.begin(), t.terms.criteria.end(),
                                          [](const criterion& c) { return c.kind == criterion_kind::subjective; });
  if (has_subjective && !all_scores_in(members, scores)) return error::conflict("not every expert has scored yet");
  // The evaluation committee (or consultation group) evaluates (87号令 §45) even when no criterion
  // needs its scores: the ranking waits until it is seated, each member free of conflicts. A
  // single source is negotiated, not evaluated by a committee.
  if (!has_subjective && t.terms.method != procurement_method::single_source)
    if (auto seated = panel_ready(members, t); !seated)
      return error::conflict("the evaluation committee is not seated yet: " + seated.failure().detail);
  if (eligible_bids(bids).empty()) return error::conflict("no bid remains eligible for ranking");
  return done{};
}

result<ranking> conclude_evaluation(tender_repository& tenders, ranking_repository& rankings,
                                    profile_repository& profiles, tender t, const std::vector<bid>& bids,
                                    const std::vector<expert_score>& scores, const track_record_lookup& track_record,
                                    std::string seed, timestamp now) {
  const auto eligible = eligible_bids(bids);
  money lowest = eligible.front().content.price;
  for (const auto& b : eligible) lowest = std::min(lowest, b.content.price);
  std::vector<scored_bid> scored;
  for (const auto& b : eligible) {
    const auto profile = profiles.version(b.supplier_id, b.profile_version);
    scored.push_back(score_bid(t, b, profile.value_or(qualification_profile{}), scores, lowest,
                               track_record ? track_record(b.supplier_id) : std::vector<rational>{}));
  }
  ranking r;
  r.tender_id = t.id;
  r.seed = std::move(seed);
  r.computed_at = now;
  r.entries = rank_bids(std::move(scored), t.terms.tie_break, r.seed);
  for (const auto& b : bids)
    if (b.state == bid_state::active &&
        std::none_of(eligible.begin(), eligible.end(), [&](const bid& e) { return e.id == b.id; }))
      r.excluded_bid_ids.push_back(b.id);
  rankings.save(r);
  t.state = tender_state::evaluated;
  t.evaluated_at = now;
  ++t.version;
  tenders.update(t);
  return r;
}

timestamp end_of_working_days(const working_calendar& calendar, timestamp from, int count) {
  const auto start = std::chrono::sys_days{china_date(from)};
  const auto last_day = calendar.add_working_days(start, count);
  // 23:59:59 China time (UTC+8) of that day.
  return last_day + std::chrono::hours{24} - std::chrono::hours{8} - std::chrono::seconds{1};
}

namespace {

/// The challenges of the award in force (filed since it was made).
std::vector<const challenge*> challenges_of_award(const tender& t, const std::vector<challenge>& challenges) {
  std::vector<const challenge*> out;
  for (const auto& c : challenges)
    if (t.awarded_at && c.filed_at >= *t.awarded_at) out.push_back(&c);
  return out;
}

/// When the award in force was found wrong: the answer that upheld a challenge of it, once none
/// is open; nothing when it stands.
std::optional<timestamp> award_overturned_at(const tender& t, const std::vector<challenge>& challenges) {
  std::optional<timestamp> upheld_at;
  for (const auto* c : challenges_of_award(t, challenges)) {
    if (c->open()) return std::nullopt;
    if (c->upheld && c->answered_at) upheld_at = std::max(upheld_at.value_or(*c->answered_at), *c->answered_at);
  }
  return upheld_at;
}

/// The candidate the award must go to: the panel's ranking is followed in order (实施条例 §43,
/// 87号令 §68), so the first award goes to the top-ranked bid and each one made again to the bid
/// ranked next after the award it replaces (实施条例 §49; 财政部令第94号 §32). Nothing when no
/// candidate remains.
const ranked_bid* next_candidate(const ranking& r, const std::optional<std::string>& replaced_bid_id) {
  std::vector<const ranked_bid*> in_order;
  for (const auto& e : r.entries) in_order.push_back(&e);
  std::stable_sort(in_order.begin(), in_order.end(), [](const auto* a, const auto* b) { return a->rank < b->rank; });
  if (!replaced_bid_id) return in_order.empty() ? nullptr : in_order.front();
  const auto replaced = std::find_if(in_order.begin(), in_order.end(),
                                     [&](const auto* e) { return e->scored.bid_id == *replaced_bid_id; });
  if (replaced == in_order.end() || std::next(replaced) == in_order.end()) return nullptr;
  return *std::next(replaced);
}

/// Why the award in force may be set aside: a challenge of it upheld and none open (the time of
/// the answer that upheld it is returned), or its winner declining to sign (nothing returned). A
/// refusal when neither holds, or when the contract is signed by both.
result<std::optional<timestamp>> grounds_to_set_aside(const tender& t, bool winner_declined,
                                                     const std::vector<challenge>& challenges,
                                                     const award_contract& contract, timestamp now) {
  if (t.state == tender_state::contracted && contract.in_force)
    return error::conflict("the contract is signed by both parties: the award is no longer set aside "
                           "(the purchaser may terminate the contract)");
  if (winner_declined) {
    if (contract.signed_by_winner) return error::conflict("the winner signed the contract: it did not decline the award");
    for (const auto* c : challenges_of_award(t, challenges))
      if (c->open()) return error::conflict("challenge " + c->id + " of the award is open: answer it first");
    return std::optional<timestamp>{};
  }
  if (const auto upheld_at = award_overturned_at(t, challenges)) return std::optional(upheld_at);
  return error::conflict("the tender is " + display_status(t, now) +
                         "; its award is set aside only after a challenge of it is upheld and none is open, or when "
                         "the winner declines to sign");
}

}  // namespace

result<tender> award_tender(tender_repository& tenders, const ranking& r, tender t, award_request request,
                            const std::vector<challenge>& challenges, const award_contract& contract,
                            const working_calendar& calendar, timestamp now) {
  const bool again = t.state == tender_state::awarded || t.state == tender_state::contracted;
  if (!again && request.winner_declined)
    return error::conflict("there is no award to decline: the tender is " + display_status(t, now));
  if (!again && t.state != tender_state::evaluated)
    return error::conflict("the award follows the panel's report; the tender is " + display_status(t, now));
  // Late against 5 working days from what called for this award: the panel's report, or the
  // answer that upheld a challenge. A decline is recorded by this same request, so an award
  // after it is not late (the system does not know when the winner's letter came).
  std::optional<timestamp> due_from = t.evaluated_at;
  if (again) {
    auto grounds = grounds_to_set_aside(t, request.winner_declined, challenges, contract, now);
    if (!grounds) return grounds.failure();
    due_from = *grounds;
    if (request.reason.empty())
      return error::rule("/reason", request.winner_declined
                                        ? "record how the winner declined to sign (its letter, or the signing period lapsing)"
                                        : "awarding again needs the recorded reason");
  }
  const auto* expected = next_candidate(r, again ? std::optional(t.awarded_bid_id) : std::nullopt);
  if (!expected)
    return error::conflict("no candidate remains after bid " + t.awarded_bid_id +
                           " in the panel's ranking: the procurement is done again (POST /tenders/" + t.id +
                           "/fail, then tender it again)");
  if (request.bid_id != expected->scored.bid_id)
    return error::rule("/bid_id", "the award follows the panel's ranking in order (实施条例 §43): it goes to bid " +
                                      expected->scored.bid_id + ", ranked " + std::to_string(expected->rank));
  t.state = tender_state::awarded;
  t.awarded_at = now;
  t.awarded_bid_id = std::move(request.bid_id);
  t.award_reason = std::move(request.reason);
  t.award_late = due_from && now > end_of_working_days(calendar, *due_from, 5);
  ++t.version;
  tenders.update(t);
  return t;
}

result<tender> fail_award(tender_repository& tenders, tender t, std::string reason, bool winner_declined,
                          const std::vector<challenge>& challenges, const award_contract& contract, timestamp now) {
  if (t.state != tender_state::awarded && t.state != tender_state::contracted)
    return error::conflict("the tender is " + display_status(t, now) +
                           "; only an awarded tender whose award cannot stand fails this way");
  auto grounds = grounds_to_set_aside(t, winner_declined, challenges, contract, now);
  if (!grounds) return grounds.failure();
  if (reason.empty()) return error::rule("/reason", "record why the procurement is done again");
  t.state = tender_state::failed;
  t.ended_at = now;
  t.end_reason = std::move(reason);
  ++t.version;
  tenders.update(t);
  return t;
}

result<challenge> file_challenge(challenge_repository& challenges, const tender& t, const std::vector<bid>& bids,
                                 const principal& bidder, std::string text, const working_calendar& calendar,
                                 timestamp now) {
  const bool is_bidder = std::any_of(bids.begin(), bids.end(), [&](const bid& b) {
    return b.supplier_id == bidder.organization_id && b.state == bid_state::active;
  });
  if (!is_bidder) return error::forbidden("only a bidder of this tender may challenge its award");
  const bool award_published = t.state == tender_state::awarded || t.state == tender_state::contracted;
  if (!award_published || !t.awarded_at)
    return error::conflict("a challenge concerns a published award; the tender is " + display_status(t, now));
  const auto window_end = end_of_working_days(calendar, *t.awarded_at, 7);
  if (now > window_end)
    return error::conflict("the challenge period ended at " + format_rfc3339(window_end) +
                           " (7 working days after the award)");
  if (text.empty()) return error::rule("/text", "state the grounds of the challenge");
  challenge filed{new_id("chl"), t.id, bidder.organization_id, std::move(text), now,
                  end_of_working_days(calendar, now, 7), std::nullopt, std::nullopt, false};
  challenges.insert(filed);
  return filed;
}

std::optional<std::string> challenge_in_the_way(const std::vector<challenge>& challenges, timestamp current_award) {
  for (const auto& c : challenges) {
    if (c.filed_at < current_award) continue;
    if (c.open()) return "challenge " + c.id + " is open: the award cannot proceed to a contract until it is answered";
    if (c.upheld)
      return "challenge " + c.id + " was upheld: the award was found wrong and cannot proceed to a contract (award it again)";
  }
  return std::nullopt;
}

result<challenge> answer_challenge(challenge_repository& challenges, challenge c, std::string answer, bool upheld,
                                   timestamp now) {
  if (!c.open()) return error::conflict("the challenge was already answered");
  if (answer.empty()) return error::rule("/answer", "an answer is required");
  c.answer = std::move(answer);
  c.answered_at = now;
  c.upheld = upheld;
  challenges.update(c);
  return c;
}

}  // namespace procura::procurement
