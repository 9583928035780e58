#include <boost/json.hpp>

#include "../handlers.hpp"
#include "../json_support.hpp"
#include "../procurement_json.hpp"
#include "../tender_lookup.hpp"
#include "../use_case.hpp"

namespace procura::api::handlers {

http_response list_questions(request_context& context) {
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    auto t = visible_tender(context, work);
    if (!t) return t.failure();
    boost::json::array items;
    for (const auto& q : work.questions().of_tender(t->id))
      if (procurement::may_see_question(q, *t, context.caller))
        items.push_back(to_json(q, procurement::may_see_asker(q, context.caller)));
    return json_response(200, boost::json::object{{"items", std::move(items)}});
  });
}

http_response ask_question(request_context& context) {
  const auto text = string_field(context.body.as_object(), "text");
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto t = visible_tender(context, work);
    if (!t) return t.failure();
    auto asked = procurement::ask_question(work.questions(), *t, *context.caller, text, context.now);
    if (!asked) return asked.failure();
    return write_outcome{201, to_json(*asked, true), "question.ask", "question", asked->id, std::nullopt,
                         "/api/v1/tenders/" + t->id + "/questions", {}};
  });
}

http_response answer_question(request_context& context) {
  const auto& body = context.body.as_object();
  const auto answer = string_field(body, "answer");
  const bool affects = bool_field(body, "affects_bid_preparation", false);
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    // The tender's purchaser, and an If-Match naming the tender's version (an answer may move
    // its deadline), as for every other action on the tender.
    auto t = owned_tender(context, work);
    if (!t) return t.failure();
    auto q = work.questions().find(context.param("qid"));
    if (!q || q->tender_id != t->id) return error::not_found("no question " + context.param("qid"));
    auto outcome = procurement::answer_question(work.questions(), work.tenders(), std::move(*t), std::move(*q), answer,
                                                affects, context.now);
    if (!outcome) return outcome.failure();
    auto body_json = to_json(outcome->answered_question, false);
    std::vector<related_change> related;
    if (outcome->changed_tender) {
      body_json["tender"] = to_json(*outcome->changed_tender, context.now);
      // The clarification that moved the deadline is in the tender's own history too.
      related.push_back({"tender.clarification", "tender", outcome->changed_tender->id, body_json["tender"]});
    }
    write_outcome written{200, std::move(body_json), "question.answer", "question", outcome->answered_question.id,
                          std::nullopt, {}, {}};
    written.related = std::move(related);
    return written;
  });
}

}  // namespace procura::api::handlers
