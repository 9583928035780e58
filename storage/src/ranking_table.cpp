#include <sstream>

#include "tables.hpp"

namespace procura::storage {

void ranking_table::save(const procurement::ranking& r) {
  std::string excluded;
  for (const auto& id : r.excluded_bid_ids) excluded += (excluded.empty() ? "" : " ") + id;
  auto& header = db_.prepare("INSERT INTO rankings (tender_id, seed, computed_at, excluded) VALUES (?, ?, ?, ?)");
  header.bind(1, r.tender_id);
  header.bind(2, r.seed);
  header.bind(3, format_rfc3339(r.computed_at));
  header.bind(4, excluded);
  header.exec();
  auto& entry = db_.prepare(
      "INSERT INTO ranking_entries (tender_id, rank, bid_id, supplier_id, price_fen, total, subjective_total,"
      " draw_key, decided_by_tie_rule, item_scores) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& e : r.entries) {
    std::string items;
    for (const auto& score : e.scored.item_scores) items += (items.empty() ? "" : " ") + score.to_fraction();
    entry.reset();
    entry.bind(1, r.tender_id);
    entry.bind(2, e.rank);
    entry.bind(3, e.scored.bid_id);
    entry.bind(4, e.scored.supplier_id);
    entry.bind(5, e.scored.price.fen);
    entry.bind(6, e.scored.total.to_fraction());
    entry.bind(7, e.scored.subjective_total.to_fraction());
    entry.bind(8, e.draw_key);
    entry.bind(9, e.decided_by_tie_rule ? 1 : 0);
    entry.bind(10, items);
    entry.exec();
  }
}

std::optional<procurement::ranking> ranking_table::find(std::string_view tender_id) {
  auto& header = db_.prepare("SELECT seed, computed_at, excluded FROM rankings WHERE tender_id = ?");
  header.bind(1, std::string(tender_id));
  if (!header.executeStep()) return std::nullopt;
  procurement::ranking r;
  r.tender_id = std::string(tender_id);
  r.seed = header.getColumn(0).getString();
  r.computed_at = read_timestamp(header.getColumn(1).getString());
  std::istringstream excluded(header.getColumn(2).getString());
  for (std::string id; excluded >> id;) r.excluded_bid_ids.push_back(id);
  auto& entries = db_.prepare(
      "SELECT rank, bid_id, supplier_id, price_fen, total, subjective_total, draw_key, decided_by_tie_rule, item_scores"
      " FROM ranking_entries WHERE tender_id = ? ORDER BY rank");
  entries.bind(1, std::string(tender_id));
  while (entries.executeStep()) {
    procurement::ranked_bid e;
    e.rank = entries.getColumn(0).getInt64();
    e.scored.bid_id = entries.getColumn(1).getString();
    e.scored.supplier_id = entries.getColumn(2).getString();
    e.scored.price = money{entries.getColumn(3).getInt64()};
    e.scored.total = rational::parse(entries.getColumn(4).getString()).value();
    e.scored.subjective_total = rational::parse(entries.getColumn(5).getString()).value();
    e.draw_key = entries.getColumn(6).getString();
    e.decided_by_tie_rule = entries.getColumn(7).getInt() != 0;
    std::istringstream items(entries.getColumn(8).getString());
    for (std::string item; items >> item;) e.scored.item_scores.push_back(rational::parse(item).value());
    r.entries.push_back(std::move(e));
  }
  return r;
}

}  // namespace procura::storage
