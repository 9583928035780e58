#include "tables.hpp"

namespace procura::storage {

std::vector<transparency::tender_outline> outline_table::tenders_of_purchaser(std::string_view purchaser_id) {
  // A range of the covering index tenders_outline_by_purchaser, already in id order (the
  // tenders' own pages are never read); a contract comes from its unique index of the tender's
  // contracts that are not cancelled (migration 20).
  auto& query = db_.prepare(
      "SELECT t.id, t.state, t.method, t.single_source_justification, t.budget_ceiling_fen, t.deadline,"
      " t.published_at, t.opened_at, t.awarded_at, t.awarded_bid_id, c.id"
       " FROM tenders AS t LEFT JOIN contracts AS c ON c.tender_id = t.id AND c.state <> 'cancelled'"
      " WHERE t.purchaser_id = ? AND t.state != 'draft' ORDER BY t.id");
  query.bind(1, std::string(purchaser_id));
  std::vector<transparency::tender_outline> found;
  while (query.executeStep()) {
    transparency::tender_outline t;
    t.id = query.getColumn(0).getString();
    t.state = procurement::parse_tender_state(query.getColumn(1).getString()).value();
    t.method = procurement::parse_procurement_method(query.getColumn(2).getString()).value();
    t.single_source_justification = query.getColumn(3).getString();
    t.budget_ceiling = money{query.getColumn(4).getInt64()};
    t.deadline = read_timestamp(query.getColumn(5).getString());
    t.published_at = read_optional_timestamp(query.getColumn(6));
    t.opened_at = read_optional_timestamp(query.getColumn(7));
    t.awarded_at = read_optional_timestamp(query.getColumn(8));
    t.awarded_bid_id = query.getColumn(9).getString();
    if (!query.getColumn(10).isNull()) t.contract_id = query.getColumn(10).getString();
    found.push_back(std::move(t));
  }
  query.reset();
  return found;
}

std::vector<transparency::bid_outline> outline_table::bids_of_tenders(std::string_view purchaser_id,
                                                                     const std::vector<std::string>& tender_ids) {
  if (tender_ids.empty()) return {};
  // One statement for all the tenders instead of one per tender plus five per bid for children
  // that the flags never read. bid_outlines keeps a purchaser's bids together, in tender and bid order (migration 11):
  // one short range instead of three B-tree searches and two scattered pages per bid.
  auto& query = db_.prepare(
      "SELECT tender_id, bid_id, supplier_id, state, qualified, abnormal_flagged, abnormal_accepted, price_fen"
      " FROM bid_outlines WHERE purchaser_id = ? AND tender_id IN (SELECT value FROM json_each(?))"
      " ORDER BY tender_id, bid_id");
  query.bind(1, std::string(purchaser_id));
  query.bind(2, json_array_of_ids(tender_ids, [](const std::string& id) -> const std::string& { return id; }));
  std::vector<transparency::bid_outline> found;
  while (query.executeStep()) {
    transparency::bid_outline b;
    b.tender_id = query.getColumn(0).getString();
    b.id = query.getColumn(1).getString();
    b.supplier_id = query.getColumn(2).getString();
    b.state = query.getColumn(3).getString() == "active" ? procurement::bid_state::active
                                                         : procurement::bid_state::withdrawn;
    if (!query.getColumn(4).isNull()) b.qualified = query.getColumn(4).getInt() != 0;
    // The domain's rule decides exclusion from the two stored columns.
    procurement::abnormal_price_review abnormal;
    abnormal.flagged = query.getColumn(5).getInt() != 0;
    if (!query.getColumn(6).isNull()) abnormal.accepted = query.getColumn(6).getInt() != 0;
    b.excluded = abnormal.excludes();
    b.price = money{query.getColumn(7).getInt64()};
    found.push_back(std::move(b));
  }
  query.reset();
  return found;
}

}  // namespace procura::storage
