#pragma once
#include <boost/json/object.hpp>

#include <string>
#include <utility>
#include <vector>

#include "procura/core/result.hpp"
#include "procura/evaluation/evaluation.hpp"

/// JSON representations of frameworks and evaluations.
namespace procura::api {

boost::json::object to_json(const evaluation::framework& f);
evaluation::framework framework_from_json(const boost::json::object& body);
/// The evaluation with its report: every leaf's rule, evidence, inputs and points.
boost::json::object to_json(const evaluation::performance_evaluation& e);
/// Leaf inputs from a scores array; numbers are read exactly (at most 6 decimals).
result<std::vector<std::pair<std::string, evaluation::leaf_input>>> leaf_inputs_from_json(const boost::json::array& items);

}  // namespace procura::api
