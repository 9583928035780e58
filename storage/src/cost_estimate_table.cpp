#include <sstream>

#include "tables.hpp"

namespace procura::storage {

void cost_estimate_table::insert(const procurement::cost_estimate& estimate) {
  const auto& input = estimate.input;
  std::string posts;
  for (const auto& post : input.posts) {
    if (!posts.empty()) posts += ' ';
    posts += std::string(procurement::to_string(post.level)) + ":" + std::to_string(post.count);
  }
  auto& statement = db_.prepare(
      "INSERT INTO cost_estimates (id, purchaser_id, region, year, posts, months, activities_fen, training_fen,"
      " rent_fen, transport_fen, management_fee_bp, tax_bp, total_fen, created_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  statement.bind(1, estimate.id);
  statement.bind(2, estimate.purchaser_id);
  statement.bind(3, input.region);
  statement.bind(4, input.year);
  statement.bind(5, posts);
  statement.bind(6, input.months);
  statement.bind(7, input.operating.activities.fen);
  statement.bind(8, input.operating.training_and_supervision.fen);
  statement.bind(9, input.operating.rent.fen);
  statement.bind(10, input.operating.transport.fen);
  statement.bind(11, input.management_fee_rate);
  statement.bind(12, input.tax_rate);
  statement.bind(13, estimate.total.fen);
  statement.bind(14, format_rfc3339(estimate.created_at));
  statement.exec();
  auto& line = db_.prepare(
      "INSERT INTO cost_estimate_lines (estimate_id, position, kind, label, amount_fen) VALUES (?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < estimate.lines.size(); ++i) {
    line.reset();
    line.bind(1, estimate.id);
    line.bind(2, static_cast<std::int64_t>(i));
    line.bind(3, estimate.lines[i].kind);
    line.bind(4, estimate.lines[i].label);
    line.bind(5, estimate.lines[i].amount.fen);
    line.exec();
  }
}

std::optional<procurement::cost_estimate> cost_estimate_table::find(std::string_view id) {
  auto& query = db_.prepare(
      "SELECT id, purchaser_id, region, year, posts, months, activities_fen, training_fen, rent_fen, transport_fen,"
      " management_fee_bp, tax_bp, total_fen, created_at FROM cost_estimates WHERE id = ?");
  query.bind(1, std::string(id));
  if (!query.executeStep()) return std::nullopt;
  procurement::cost_estimate estimate;
  estimate.id = query.getColumn(0).getString();
  estimate.purchaser_id = query.getColumn(1).getString();
  auto& input = estimate.input;
  input.region = query.getColumn(2).getString();
  input.year = query.getColumn(3).getInt();
  std::istringstream posts(query.getColumn(4).getString());
  for (std::string post; posts >> post;) {
    const auto colon = post.find(':');
    input.posts.push_back({procurement::parse_professional_level(post.substr(0, colon)).value(),
                           std::stoll(post.substr(colon + 1))});
  }
  input.months = query.getColumn(5).getInt64();
  input.operating = {money{query.getColumn(6).getInt64()}, money{query.getColumn(7).getInt64()},
                     money{query.getColumn(8).getInt64()}, money{query.getColumn(9).getInt64()}};
  input.management_fee_rate = query.getColumn(10).getInt64();
  input.tax_rate = query.getColumn(11).getInt64();
  estimate.total = money{query.getColumn(12).getInt64()};
  estimate.created_at = read_timestamp(query.getColumn(13).getString());
  auto& lines = db_.prepare(
      "SELECT kind, label, amount_fen FROM cost_estimate_lines WHERE estimate_id = ? ORDER BY position");
  lines.bind(1, std::string(id));
  while (lines.executeStep())
    estimate.lines.push_back(
        {lines.getColumn(0).getString(), lines.getColumn(1).getString(), money{lines.getColumn(2).getInt64()}});
  return estimate;
}

}  // namespace procura::storage
