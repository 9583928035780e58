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

}  // namespace procura::api::handlers
