#include <boost/json.hpp>

#include "../access.hpp"
#include "../handlers.hpp"
#include "../json_support.hpp"
#include "../procurement_json.hpp"
#include "../use_case.hpp"

namespace procura::api::handlers {

http_response list_salary_benchmarks(request_context& context) {
  auto page = read_page_request(context.request);
  if (!page) return error_response(context, page.failure());
  if (page->after) {
    // An issued cursor's key is "REGION/YEAR".
    const auto slash = page->after->rfind('/');
    const auto cursor_year = slash == std::string::npos ? std::nullopt : parse_positive_integer(page->after->substr(slash + 1));
    if (!cursor_year || *cursor_year > 9999 || slash == 0)
      return error_response(context, error::rule("/query/cursor", "cursor is not one this server issued"));
  }
  std::optional<std::string> region;
  std::optional<std::int32_t> year;
  if (const auto found = context.request.query.find("region"); found != context.request.query.end()) region = found->second;
  if (const auto found = context.request.query.find("year"); found != context.request.query.end()) {
    const auto parsed = parse_positive_integer(found->second);
    if (!parsed || *parsed > 9999) return error_response(context, error::rule("/query/year", "year must be a year from 1 to 9999"));
    year = static_cast<std::int32_t>(*parsed);
  }
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    const auto found = work.benchmarks().list(region, year, *page);
    boost::json::array items;
    for (const auto& set : found.items) items.push_back(to_json(set));
    return json_response(200, page_json(std::move(items), found.next_key));
  });
}

http_response save_salary_benchmark(request_context& context) {
  auto set = benchmark_set_from_json(context.body.as_object());
  set.updated_at = context.now;
  if (auto valid = procurement::validate_benchmark_set(set); !valid) return error_response(context, valid.failure());
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    work.benchmarks().save(set);
    return write_outcome{200, to_json(set), "salary_benchmark.save", "salary_benchmark", procurement::benchmark_key(set),
                         std::nullopt, {}, {}};
  });
}

http_response import_salary_benchmarks(request_context& context) {
  std::vector<procurement::benchmark_set> sets;
  validation_errors errors;
  const auto& items = context.body.at("sets").as_array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto set = benchmark_set_from_json(items[i].as_object());
    set.updated_at = context.now;
    if (auto valid = procurement::validate_benchmark_set(set); !valid)
      for (const auto& field : valid.failure().fields) errors.add("/sets/" + std::to_string(i) + field.pointer, field.message);
    for (std::size_t j = 0; j < sets.size(); ++j)
      if (sets[j].region == set.region && sets[j].year == set.year)
        errors.add("/sets/" + std::to_string(i), "duplicate region and year (also at /sets/" + std::to_string(j) + ")");
    sets.push_back(std::move(set));
  }
  if (!errors.empty()) return error_response(context, errors.to_error("the import is refused; nothing was written"));
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    boost::json::array saved;
    boost::json::array keys;
    std::vector<related_change> each_set;
    for (const auto& set : sets) {
      work.benchmarks().save(set);
      saved.push_back(to_json(set));
      const auto key = procurement::benchmark_key(set);
      keys.emplace_back(key);
      // Each set's history holds its import, as it holds a save of that set alone.
      each_set.push_back({"salary_benchmark.save", "salary_benchmark", key, saved.back()});
    }
    const std::size_t count = saved.size();
    write_outcome outcome{200, boost::json::object{{"imported", count}, {"items", std::move(saved)}},
                          "salary_benchmark.import", "salary_benchmark", "import", std::nullopt, {}, {},
                          boost::json::object{{"imported", count}, {"sets", std::move(keys)}}};
    outcome.related = std::move(each_set);
    return outcome;
  });
}

http_response create_cost_estimate(request_context& context) {
  const auto input = cost_estimate_input_from_json(context.body.as_object());
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    auto created = procurement::create_cost_estimate(work.benchmarks(), work.cost_estimates(), input,
                                                     context.caller->organization_id, context.now);
    if (!created) return created.failure();
    return write_outcome{201, to_json(*created), "cost_estimate.create", "cost_estimate", created->id, std::nullopt,
                         "/api/v1/cost-estimates/" + created->id, {}};
  });
}

http_response get_cost_estimate(request_context& context) {
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    const auto found = work.cost_estimates().find(context.param("id"));
    if (!found || !access::may_read_cost_estimate(context.caller, found->purchaser_id,
                                                  work.tenders().cost_estimate_named_in_public(found->id)))
      return error::not_found("no cost estimate " + context.param("id"));
    return json_response(200, to_json(*found));
  });
}

}  // namespace procura::api::handlers
