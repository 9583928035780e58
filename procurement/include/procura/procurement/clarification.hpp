#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procura/core/principal.hpp"
#include "procura/core/result.hpp"
#include "procura/core/time.hpp"
#include "procura/procurement/tender.hpp"

/// Questions and answers on a published tender (clarifications, SPEC §3.3).
namespace procura::procurement {

struct question {
  std::string id;
  std::string tender_id;
  std::string asker_organization_id;
  std::string text;
  timestamp asked_at;
  std::optional<std::string> answer;
  std::optional<timestamp> answered_at;
  bool affects_bid_preparation = false;
};

class question_repository {
 public:
  virtual ~question_repository() = default;
  virtual void insert(const question& q) = 0;
  virtual void update(const question& q) = 0;
  virtual std::optional<question> find(std::string_view id) = 0;
  /// All questions of a tender, oldest first.
  virtual std::vector<question> of_tender(std::string_view tender_id) = 0;
};

/// A supplier asks about a published tender before its deadline.
result<question> ask_question(question_repository& questions, const tender& t, const principal& asker,
                              std::string text, timestamp now);

/// The tender's purchaser answers. An answer that may affect bid preparation, published less
/// than 15 days before the deadline, pushes the deadline like an amendment (the tender is
/// updated and the clarification enters its amendment history).
struct answered {
  question answered_question;
  std::optional<tender> changed_tender;
};
result<answered> answer_question(question_repository& questions, tender_repository& tenders, tender t,
                                 question q, std::string answer, bool affects_bid_preparation, timestamp now);

/// Which questions a caller may see: answered ones are public (without the asker); unanswered
/// ones only to the asker and the tender's purchaser.
bool may_see_question(const question& q, const tender& t, const std::optional<principal>& caller);

/// Whether the caller may learn who asked (the purchaser does not learn it either: answers are
/// published without the asker's identity, and the asker sees only its own).
bool may_see_asker(const question& q, const std::optional<principal>& caller);

}  // namespace procura::procurement
