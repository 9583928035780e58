#pragma once
#include <boost/json/object.hpp>

#include <vector>

#include "procura/contracts/contract.hpp"
#include "procura/contracts/payroll_coverage.hpp"
#include "procura/contracts/service_report.hpp"

/// JSON representations of contracts, their ledger and payroll coverage.
namespace procura::api {

boost::json::object to_json(const contracts::contract& c);
/// Scheduled, released, deducted and outstanding, per instalment and in total.
boost::json::object ledger_json(const contracts::contract& c);
boost::json::object to_json(const contracts::coverage_report& report);
std::vector<contracts::instalment_request> instalment_requests_from_json(const boost::json::array& items);
boost::json::object to_json(const contracts::service_report& r);
contracts::service_report report_from_json(const boost::json::object& body);

}  // namespace procura::api
