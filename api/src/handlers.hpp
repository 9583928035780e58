#pragma once
#include "context.hpp"

/// Every handler of the route table. Each is thin: read the request, call one domain function
/// inside run_write/run_read, map the result.
namespace procura::api::handlers {

// platform.cpp
http_response health(request_context& context);
http_response openapi_document(request_context& context);
http_response set_test_clock(request_context& context);
http_response current_session(request_context& context);
http_response prometheus_metrics(request_context& context);

// organizations.cpp
http_response list_organizations(request_context& context);
http_response register_organization(request_context& context);
http_response get_organization(request_context& context);
http_response get_profile(request_context& context);
http_response put_profile(request_context& context);
http_response issue_token(request_context& context);
http_response revoke_token(request_context& context);

// audit.cpp
http_response list_audit(request_context& context);
http_response verify_audit(request_context& context);

// catalogue.cpp
http_response list_catalogue(request_context& context);
http_response get_catalogue_item(request_context& context);
http_response create_catalogue_item(request_context& context);
http_response revise_catalogue_item(request_context& context);

// benchmarks.cpp
http_response list_salary_benchmarks(request_context& context);
http_response save_salary_benchmark(request_context& context);
http_response import_salary_benchmarks(request_context& context);
http_response create_cost_estimate(request_context& context);
http_response get_cost_estimate(request_context& context);

// tenders.cpp
http_response list_tenders(request_context& context);
http_response create_tender(request_context& context);
http_response retender(request_context& context);
http_response tender_repeats(request_context& context);
http_response get_tender(request_context& context);
http_response patch_tender(request_context& context);
http_response publish_tender(request_context& context);
http_response amend_tender(request_context& context);
http_response cancel_tender(request_context& context);

// questions.cpp
http_response list_questions(request_context& context);
http_response ask_question(request_context& context);
http_response answer_question(request_context& context);

// bids.cpp
http_response list_bids(request_context& context);
http_response get_bid(request_context& context);
http_response submit_bid(request_context& context);
http_response replace_bid(request_context& context);
http_response withdraw_bid(request_context& context);
http_response open_tender(request_context& context);
http_response get_qualification(request_context& context);
http_response decide_qualification(request_context& context);
http_response decide_abnormal_price(request_context& context);

// panel.cpp
http_response appoint_panel(request_context& context);
http_response get_panel(request_context& context);
http_response declare_interests(request_context& context);
http_response submit_scores(request_context& context);
http_response get_scores(request_context& context);

// award.cpp
http_response get_ranking(request_context& context);
http_response award_tender(request_context& context);
http_response fail_award(request_context& context);
http_response list_challenges(request_context& context);
http_response file_challenge(request_context& context);
http_response answer_challenge(request_context& context);

// contracts.cpp
http_response list_contracts(request_context& context);
http_response get_contract(request_context& context);
http_response contract_versions(request_context& context);
http_response create_contract(request_context& context);
http_response sign_contract(request_context& context);
http_response terminate_contract(request_context& context);
http_response complete_contract(request_context& context);
http_response get_instalments(request_context& context);
http_response set_instalments(request_context& context);
http_response release_instalment(request_context& context);
http_response get_payroll_coverage(request_context& context);
http_response amend_contract(request_context& context);
http_response agree_contract_amendment(request_context& context);
http_response decline_contract_amendment(request_context& context);
http_response withdraw_contract_amendment(request_context& context);
http_response list_reports(request_context& context);
http_response submit_report(request_context& context);
http_response accept_report(request_context& context);
http_response return_report(request_context& context);

// evaluations.cpp
http_response list_evaluation_templates(request_context& context);
http_response create_evaluation(request_context& context);
http_response get_evaluation(request_context& context);
http_response list_evaluations(request_context& context);
http_response declare_evaluator_conflict(request_context& context);
http_response record_survey(request_context& context);
http_response record_evaluation_scores(request_context& context);
http_response finalize_evaluation(request_context& context);
http_response appeal_evaluation(request_context& context);
http_response answer_evaluation_appeal(request_context& context);
http_response track_record(request_context& context);

// ocds.cpp
http_response ocds_releases(request_context& context);
http_response ocds_record(request_context& context);

// documents.cpp
http_response upload_document(request_context& context);
http_response get_document(request_context& context);
http_response download_document(request_context& context);
http_response attach_document(request_context& context);
http_response list_attachments(request_context& context);

// red_flags.cpp
http_response list_red_flags(request_context& context);
http_response get_indicators(request_context& context);

}  // namespace procura::api::handlers
