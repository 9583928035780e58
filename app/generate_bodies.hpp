#pragma once
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <string>

#include "procura/core/time.hpp"

/// Request bodies of `procura generate`: the same shapes a client sends, varied by an index so
/// that the data set has spread (prices, sizes, regions, grades) but is reproducible.
namespace procura::app::generate {

struct region_info {
  const char* code;
  const char* name;
};

/// Regions the data set spreads over (several provinces' capitals and districts).
const region_info& region_at(std::size_t index);
std::size_t region_count();

/// A valid unified social credit code: `prefix` (2 characters: "11" an office, "52" a social
/// organization), the region and a serial, with its check character.
std::string credit_code(const char* prefix, const std::string& region, std::int64_t serial);

boost::json::object organization_body(const char* kind, const std::string& name, const std::string& code,
                                      const std::string& region);
/// A supplier's profile; `index` % 13 == 12 has a serious violation (it fails qualification).
boost::json::object profile_body(std::int64_t index, const std::string& region);
boost::json::object catalogue_body(std::size_t index);
std::size_t catalogue_count();
const char* catalogue_code(std::size_t index);
/// Salary guidance for every region and `first_year`..`last_year`.
boost::json::object benchmark_import_body(int first_year, int last_year);

/// A tender for 200–400 clients whose budget fits its staffing; the deadline and service start
/// follow from `published_at`.
boost::json::object tender_body(std::int64_t index, const std::string& region, timestamp deadline);
/// A bid priced 88–99% of `budget_yuan` with a staffing plan at or above the guide salary.
boost::json::object bid_body(std::int64_t index, std::int64_t budget_yuan, std::int64_t posts);
std::int64_t tender_budget_yuan(std::int64_t index);
std::int64_t tender_posts(std::int64_t index);

boost::json::object report_body(const std::string& period_start, std::int64_t index, std::int64_t posts);

}  // namespace procura::app::generate
