// The route table: the whole HTTP surface, declared as data. The router, the OpenAPI document
// and the authorisation tests all read this one list.
#include "context.hpp"
#include "handlers.hpp"

namespace procura::api {
namespace {

using enum role;
namespace h = handlers;

const audience anyone{true, {}};
const audience admins{false, {admin}};
const audience overseers{false, {admin, auditor}};
const audience any_account{false, {admin, auditor, purchaser, supplier, expert, evaluator}};
const audience suppliers{false, {supplier}};
const audience purchasers{false, {purchaser}};
const audience experts{false, {expert}};
const audience evaluating{false, {purchaser, expert}};

}  // namespace

const std::vector<route>& routes() {
  static const std::vector<route> table = {
      {.method = "GET", .pattern = "/healthz", .handler = h::health, .who = anyone,
       .summary = "Database reachability and schema version", .tag = "platform"},
      {.method = "GET", .pattern = "/openapi.json", .handler = h::openapi_document, .who = anyone,
       .summary = "This API's OpenAPI 3.1 document", .tag = "platform"},
      {.method = "POST", .pattern = "/api/v1/test/clock", .handler = h::set_test_clock, .who = admins,
       .summary = "Move the server clock (only under --test-clock)", .tag = "platform",
       .request_schema = "test-clock", .test_clock_only = true},
      {.method = "GET", .pattern = "/api/v1/session", .handler = h::current_session, .who = any_account,
       .summary = "Who the bearer token stands for", .tag = "platform"},

      {.method = "GET", .pattern = "/api/v1/organizations", .handler = h::list_organizations, .who = anyone,
       .summary = "List registered organizations", .tag = "organizations",
       .query_parameters = {"kind", "region", "limit", "cursor"}},
      {.method = "POST", .pattern = "/api/v1/organizations", .handler = h::register_organization, .who = admins,
       .summary = "Register an organization", .tag = "organizations", .request_schema = "organization-create",
       .creates = true, .success_status = "201"},
      {.method = "GET", .pattern = "/api/v1/organizations/{id}", .handler = h::get_organization, .who = anyone,
       .summary = "One organization", .tag = "organizations"},
      {.method = "GET", .pattern = "/api/v1/organizations/{id}/profile", .handler = h::get_profile,
       .who = any_account, .summary = "A supplier's qualification profile (latest, or ?version=N)",
       .tag = "organizations", .query_parameters = {"version"}},
      {.method = "PUT", .pattern = "/api/v1/organizations/{id}/profile", .handler = h::put_profile,
       .who = suppliers, .summary = "Record a new version of the supplier's own profile", .tag = "organizations",
       .request_schema = "profile-put"},
      {.method = "POST", .pattern = "/api/v1/organizations/{id}/tokens", .handler = h::issue_token, .who = admins,
       .summary = "Create an account and its bearer token (shown once)", .tag = "organizations",
       .request_schema = "token-create", .success_status = "201"},
      {.method = "POST", .pattern = "/api/v1/tokens/{id}/revoke", .handler = h::revoke_token, .who = admins,
       .summary = "Revoke a token", .tag = "organizations", .request_schema = "empty"},

      {.method = "GET", .pattern = "/api/v1/catalogue", .handler = h::list_catalogue, .who = anyone,
       .summary = "The purchase catalogue (latest version of each item)", .tag = "catalogue",
       .query_parameters = {"limit", "cursor"}},
      {.method = "POST", .pattern = "/api/v1/catalogue", .handler = h::create_catalogue_item, .who = admins,
       .summary = "Add a catalogue item", .tag = "catalogue", .request_schema = "catalogue-create", .creates = true,
       .success_status = "201"},
      {.method = "GET", .pattern = "/api/v1/catalogue/{code}", .handler = h::get_catalogue_item, .who = anyone,
       .summary = "One catalogue item (latest, or ?version=N)", .tag = "catalogue", .query_parameters = {"version"}},
      {.method = "POST", .pattern = "/api/v1/catalogue/{code}", .handler = h::revise_catalogue_item, .who = admins,
       .summary = "Record a new version of a catalogue item", .tag = "catalogue",
       .request_schema = "catalogue-revise", .requires_if_match = true},

      {.method = "GET", .pattern = "/api/v1/salary-benchmarks", .handler = h::list_salary_benchmarks, .who = anyone,
       .summary = "Salary guidance and employer rates by region and year", .tag = "benchmarks",
       .query_parameters = {"region", "year"}},
      {.method = "POST", .pattern = "/api/v1/salary-benchmarks", .handler = h::save_salary_benchmark, .who = admins,
       .summary = "Set the salary guidance of a region and year", .tag = "benchmarks",
       .request_schema = "salary-benchmark"},
      {.method = "POST", .pattern = "/api/v1/salary-benchmarks/import", .handler = h::import_salary_benchmarks,
       .who = admins, .summary = "Set several benchmark sets at once, all or nothing", .tag = "benchmarks",
       .request_schema = "salary-benchmark-import", .body_limit = 8 * 1024 * 1024},
      {.method = "POST", .pattern = "/api/v1/cost-estimates", .handler = h::create_cost_estimate, .who = purchasers,
       .summary = "Compute and store a cost estimate from the benchmarks", .tag = "benchmarks",
       .request_schema = "cost-estimate-create", .creates = true, .success_status = "201"},
      {.method = "GET", .pattern = "/api/v1/cost-estimates/{id}", .handler = h::get_cost_estimate,
       .who = {false, {purchaser, admin, auditor}}, .summary = "One cost estimate with every line",
       .tag = "benchmarks"},

      {.method = "GET", .pattern = "/api/v1/tenders", .handler = h::list_tenders, .who = anyone,
       .summary = "Tenders (drafts only to their purchaser)", .tag = "tenders",
       .query_parameters = {"status", "region", "purchaser", "catalogue", "deadline_from", "deadline_to", "limit",
                            "cursor"}},
      {.method = "POST", .pattern = "/api/v1/tenders", .handler = h::create_tender, .who = purchasers,
       .summary = "Create a draft tender", .tag = "tenders", .request_schema = "tender-create", .creates = true,
       .success_status = "201"},
      {.method = "GET", .pattern = "/api/v1/tenders/{id}", .handler = h::get_tender, .who = anyone,
       .summary = "One tender, with its amendment history", .tag = "tenders"},
      {.method = "PATCH", .pattern = "/api/v1/tenders/{id}", .handler = h::patch_tender, .who = purchasers,
       .summary = "Edit a draft (JSON merge patch)", .tag = "tenders", .request_schema = "tender-patch",
       .requires_if_match = true},
      {.method = "POST", .pattern = "/api/v1/tenders/{id}/publish", .handler = h::publish_tender, .who = purchasers,
       .summary = "Publish a draft once every rule holds", .tag = "tenders", .request_schema = "empty"},
      {.method = "POST", .pattern = "/api/v1/tenders/{id}/amend", .handler = h::amend_tender, .who = purchasers,
       .summary = "Amend a published tender before its deadline", .tag = "tenders", .request_schema = "tender-amend",
       .requires_if_match = true},
      {.method = "POST", .pattern = "/api/v1/tenders/{id}/cancel", .handler = h::cancel_tender, .who = purchasers,
       .summary = "Cancel a tender that has not been opened", .tag = "tenders", .request_schema = "reason"},
      {.method = "GET", .pattern = "/api/v1/tenders/{id}/questions", .handler = h::list_questions, .who = anyone,
       .summary = "Clarifications: answered ones for all, unanswered ones for asker and purchaser",
       .tag = "tenders"},
      {.method = "POST", .pattern = "/api/v1/tenders/{id}/questions", .handler = h::ask_question, .who = suppliers,
       .summary = "Ask about a published tender", .tag = "tenders", .request_schema = "question-create",
       .creates = true, .success_status = "201"},
      {.method = "POST", .pattern = "/api/v1/tenders/{id}/questions/{qid}/answer", .handler = h::answer_question,
       .who = purchasers, .summary = "Answer a question (published without the asker)", .tag = "tenders",
       .request_schema = "question-answer"},

      {.method = "GET", .pattern = "/api/v1/tenders/{id}/bids", .handler = h::list_bids, .who = anyone,
       .summary = "Bids: before opening only the bidder's own; after opening all", .tag = "bids"},
      {.method = "POST", .pattern = "/api/v1/tenders/{id}/bids", .handler = h::submit_bid, .who = suppliers,
       .summary = "Submit a sealed bid; returns a receipt", .tag = "bids", .request_schema = "bid-submit",
       .creates = true, .success_status = "201"},
      {.method = "GET", .pattern = "/api/v1/tenders/{id}/bids/{bid}", .handler = h::get_bid, .who = anyone,
       .summary = "One bid (sealed until opening: only its bidder)", .tag = "bids"},
      {.method = "PUT", .pattern = "/api/v1/tenders/{id}/bids/{bid}", .handler = h::replace_bid, .who = suppliers,
       .summary = "Replace one's own bid before the deadline (the last version counts)", .tag = "bids",
       .request_schema = "bid-submit"},
      {.method = "DELETE", .pattern = "/api/v1/tenders/{id}/bids/{bid}", .handler = h::withdraw_bid,
       .who = suppliers, .summary = "Withdraw one's own bid before the deadline", .tag = "bids"},
      {.method = "POST", .pattern = "/api/v1/tenders/{id}/bids/{bid}/abnormal-price",
       .handler = h::decide_abnormal_price, .who = evaluating,
       .summary = "Record the explanation of an abnormally low price and the panel's decision", .tag = "evaluation",
       .request_schema = "abnormal-price-decision"},
      {.method = "POST", .pattern = "/api/v1/tenders/{id}/open", .handler = h::open_tender, .who = purchasers,
       .summary = "Open the bids once the deadline has passed", .tag = "evaluation", .request_schema = "empty"},
      {.method = "GET", .pattern = "/api/v1/tenders/{id}/qualification", .handler = h::get_qualification,
       .who = {false, {purchaser, expert, admin, auditor}}, .summary = "The qualification review",
       .tag = "evaluation"},
      {.method = "POST", .pattern = "/api/v1/tenders/{id}/qualification", .handler = h::decide_qualification,
       .who = purchasers, .summary = "Confirm or override the automatic qualification results",
       .tag = "evaluation", .request_schema = "qualification-decisions"},
      {.method = "GET", .pattern = "/api/v1/tenders/{id}/panel", .handler = h::get_panel,
       .who = {false, {purchaser, expert, admin, auditor}}, .summary = "The evaluation panel and its progress",
       .tag = "evaluation"},
      {.method = "POST", .pattern = "/api/v1/tenders/{id}/panel", .handler = h::appoint_panel, .who = purchasers,
       .summary = "Appoint experts to the evaluation panel", .tag = "evaluation", .request_schema = "panel-appoint"},
      {.method = "POST", .pattern = "/api/v1/tenders/{id}/panel/declarations", .handler = h::declare_interests,
       .who = experts, .summary = "Declare (no) conflict of interest with the bidders", .tag = "evaluation",
       .request_schema = "panel-declaration"},
      {.method = "GET", .pattern = "/api/v1/tenders/{id}/scores", .handler = h::get_scores,
       .who = {false, {purchaser, expert, admin, auditor}},
       .summary = "Scores (each expert's own until all are in)", .tag = "evaluation"},
      {.method = "POST", .pattern = "/api/v1/tenders/{id}/scores", .handler = h::submit_scores, .who = experts,
       .summary = "Submit an expert's complete score sheet", .tag = "evaluation", .request_schema = "score-sheet"},
      {.method = "GET", .pattern = "/api/v1/tenders/{id}/ranking", .handler = h::get_ranking, .who = anyone,
       .summary = "The ranking with per-item, per-expert scores (public after the award)", .tag = "evaluation"},
      {.method = "POST", .pattern = "/api/v1/tenders/{id}/award", .handler = h::award_tender, .who = purchasers,
       .summary = "Award the tender", .tag = "evaluation", .request_schema = "award"},
      {.method = "GET", .pattern = "/api/v1/tenders/{id}/challenges", .handler = h::list_challenges, .who = anyone,
       .summary = "Challenges of the award", .tag = "evaluation"},
      {.method = "POST", .pattern = "/api/v1/tenders/{id}/challenges", .handler = h::file_challenge,
       .who = suppliers, .summary = "Challenge the award (bidders, within 7 working days)", .tag = "evaluation",
       .request_schema = "challenge-create", .creates = true, .success_status = "201"},
      {.method = "POST", .pattern = "/api/v1/tenders/{id}/challenges/{cid}/answer", .handler = h::answer_challenge,
       .who = purchasers, .summary = "Answer a challenge", .tag = "evaluation",
       .request_schema = "challenge-answer"},

      {.method = "GET", .pattern = "/api/v1/audit", .handler = h::list_audit, .who = overseers,
       .summary = "The audit chain, oldest first", .tag = "audit", .query_parameters = {"limit", "cursor"}},
      {.method = "GET", .pattern = "/api/v1/audit/verify", .handler = h::verify_audit, .who = overseers,
       .summary = "Recompute the audit chain and name the first broken entry", .tag = "audit"},
  };
  return table;
}

}  // namespace procura::api
