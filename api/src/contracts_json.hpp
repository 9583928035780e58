#pragma once
#include <boost/json/object.hpp>

#include <vector>

#include "procura/contracts/contract.hpp"
#include "procura/contracts/payroll_coverage.hpp"
#include "procura/contracts/service_report.hpp"

/// JSON representations of contracts, their ledger and payroll coverage.
namespace procura::api {

boost::json::object to_json(const contracts::contract& c);
/// Scheduled, released, deducted (report penalties taken), grade adjustment (the final grade's
/// cut) and outstanding (the unreleased instalments), per instalment with each deduction's
/// reason, and in total; `pending` is what accepted reports still deduct from later instalments.
boost::json::object ledger_json(const contracts::contract& c, const contracts::pending_deduction& pending);
boost::json::object to_json(const contracts::coverage_report& report);
std::vector<contracts::instalment_request> instalment_requests_from_json(const boost::json::array& items);
boost::json::object to_json(const contracts::service_report& r);
contracts::service_report report_from_json(const boost::json::object& body);

}  // namespace procura::api
