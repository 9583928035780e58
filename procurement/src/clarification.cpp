#include "procura/procurement/clarification.hpp"

#include "procura/core/ids.hpp"

namespace procura::procurement {

result<question> ask_question(question_repository& questions, const tender& t, const principal& asker,
                              std::string text, timestamp now) {
  if (t.state != tender_state::published || t.deadline_passed(now))
    return error::conflict("questions are taken only while the tender is open for bids");
  if (text.empty() || text.size() > 10000) return error::rule("/text", "a question is 1 to 10000 bytes");
  question asked{new_id("qst"), t.id, asker.organization_id, std::move(text), now, std::nullopt, std::nullopt, false};
  questions.insert(asked);
  return asked;
}

result<answered> answer_question(question_repository& questions, tender_repository& tenders, tender t,
                                 question q, std::string answer, bool affects_bid_preparation, timestamp now) {
  if (q.answer) return error::conflict("the question was already answered");
  if (t.state != tender_state::published || t.deadline_passed(now))
    return error::conflict("the tender is no longer open for bids; its questions are closed");
  if (answer.empty() || answer.size() > 20000) return error::rule("/answer", "an answer is 1 to 20000 bytes");
  q.answer = std::move(answer);
  q.answered_at = now;
  q.affects_bid_preparation = affects_bid_preparation;
  questions.update(q);
  answered outcome{q, std::nullopt};
  if (affects_bid_preparation) {
    auto clarified = publish_clarification(tenders, std::move(t), "answer to question " + q.id, now);
    if (!clarified) return clarified.failure();
    outcome.changed_tender = std::move(*clarified);
  }
  return outcome;
}

bool may_see_question(const question& q, const tender& t, const std::optional<principal>& caller) {
  if (q.answer) return true;
  if (!caller) return false;
  return caller->organization_id == q.asker_organization_id ||
         (caller->role == role::purchaser && caller->organization_id == t.purchaser_id);
}

bool may_see_asker(const question& q, const std::optional<principal>& caller) {
  return caller && caller->role == role::supplier && caller->organization_id == q.asker_organization_id;
}

}  // namespace procura::procurement
