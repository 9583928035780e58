#include <charconv>
#include <map>
#include <stdexcept>
#include <sstream>

#include "tables.hpp"

namespace procura::storage {
namespace {

constexpr auto tender_columns =
    "id, purchaser_id, version, state, catalogue_code, catalogue_version, staffing_standard, title, description,"
    " quantity, region, budget_ceiling_fen, cost_estimate_id, service_start, service_months,"
    " continuity_justification, method, single_source_justification, tie_rule, extra_minimum_years,"
    " extra_minimum_certified_bp, extra_minimum_certified, bid_bond_bp, performance_bond_bp, deadline, created_at,"
    " published_at, ended_at, end_reason, panel_minimum, abnormal_threshold_bp, opened_at, evaluated_at, awarded_at,"
    " awarded_bid_id, award_reason, award_late, criteria, retender_of, method_change_approval, amendment_count";
constexpr int column_count(std::string_view columns) {
  int count = 1;
  for (const char c : columns)
    if (c == ',') ++count;
  return count;
}
/// Where amendment_count is in tender_columns (0-based): the last column.
constexpr int amendment_count_column = column_count(tender_columns) - 1;

void bind_optional_time(SQLite::Statement& s, int index, const std::optional<timestamp>& value) {
  if (value) s.bind(index, format_rfc3339(*value));
  else s.bind(index);
}

/// "?, ?, …" with one placeholder per column of tender_columns.
std::string tender_placeholders() {
  std::string placeholders = "?";
  for (const char c : std::string_view(tender_columns))
    if (c == ',') placeholders += ", ?";
  return placeholders;
}

std::string encode_bands(const std::vector<procurement::score_band>& bands) {
  std::string text;
  for (const auto& band : bands) {
    if (!text.empty()) text += ' ';
    text += std::to_string(band.at_least) + ":" + std::to_string(band.points);
  }
  return text;
}

/// "at_least:points at_least:points …" as encode_bands writes it. Parsed with from_chars: an
/// istringstream per criterion (locale, dynamic_cast) was a visible share of every list page.
std::vector<procurement::score_band> decode_bands(std::string_view text) {
  std::vector<procurement::score_band> bands;
  const char* at = text.data();
  const char* const end = at + text.size();
  const auto number = [&](std::int64_t& into) {
    const auto [next, status] = std::from_chars(at, end, into);
    if (status != std::errc{}) throw std::runtime_error("malformed score bands: " + std::string(text));
    at = next;
  };
  while (true) {
    while (at != end && *at == ' ') ++at;
    if (at == end) break;
    procurement::score_band band{};
    number(band.at_least);
    if (at == end || *at != ':') throw std::runtime_error("malformed score bands: " + std::string(text));
    ++at;
    number(band.points);
    bands.push_back(band);
  }
  return bands;
}

void append_field(std::string& text, std::string_view field) {
  text += std::to_string(field.size());
  text += ':';
  text += field;
}

/// A tender's criteria as the `criteria` column holds them (migration 0012): five
/// length-prefixed fields per criterion — name, kind, points, metric (empty for none), bands.
std::string encode_criteria(const std::vector<procurement::criterion>& criteria) {
  std::string text;
  for (const auto& c : criteria) {
    append_field(text, c.name);
    append_field(text, procurement::to_string(c.kind));
    append_field(text, std::to_string(c.points));
    append_field(text, c.metric ? procurement::to_string(*c.metric) : std::string_view());
    append_field(text, encode_bands(c.bands));
  }
  return text;
}

std::vector<procurement::criterion> decode_criteria(std::string_view text) {
  std::vector<procurement::criterion> criteria;
  const auto malformed = [&] { return std::runtime_error("malformed criteria column: " + std::string(text)); };
  const auto field = [&]() -> std::string_view {
    std::size_t length = 0;
    const auto [colon, status] = std::from_chars(text.data(), text.data() + text.size(), length);
    if (status != std::errc{} || colon == text.data() + text.size() || *colon != ':') throw malformed();
    const auto start = static_cast<std::size_t>(colon - text.data()) + 1;
    if (length > text.size() - start) throw malformed();
    const auto value = text.substr(start, length);
    text.remove_prefix(start + length);
    return value;
  };
  while (!text.empty()) {
    procurement::criterion c;
    c.name = std::string(field());
    const auto kind = procurement::parse_criterion_kind(field());
    const auto points = field();
    const auto metric = field();
    const auto bands = field();
    if (!kind) throw malformed();
    c.kind = *kind;
    const auto [end, status] = std::from_chars(points.data(), points.data() + points.size(), c.points);
    if (status != std::errc{} || end != points.data() + points.size()) throw malformed();
    if (!metric.empty()) c.metric = procurement::parse_objective_metric(metric);
    c.bands = decode_bands(bands);
    criteria.push_back(std::move(c));
  }
  return criteria;
}

/// Binds the tender's columns in tender_columns order, starting at 1.
void bind_tender(SQLite::Statement& s, const procurement::tender& t) {
  const auto& terms = t.terms;
  int i = 1;
  s.bind(i++, t.id);
  s.bind(i++, t.purchaser_id);
  s.bind(i++, t.version);
  s.bind(i++, std::string(procurement::to_string(t.state)));
  s.bind(i++, t.catalogue_code);
  s.bind(i++, t.catalogue_version);
  s.bind(i++, t.staffing_standard);
  s.bind(i++, terms.title);
  s.bind(i++, terms.description);
  s.bind(i++, terms.quantity);
  s.bind(i++, terms.region);
  s.bind(i++, terms.budget_ceiling.fen);
  if (terms.cost_estimate_id) s.bind(i++, *terms.cost_estimate_id); else s.bind(i++);
  s.bind(i++, format_date(terms.service_start));
  s.bind(i++, terms.service_months);
  s.bind(i++, terms.continuity_justification);
  s.bind(i++, std::string(procurement::to_string(terms.method)));
  s.bind(i++, terms.single_source_justification);
  s.bind(i++, std::string(procurement::to_string(terms.tie_break)));
  bind_optional(s, i++, terms.extras.minimum_years_established);
  bind_optional(s, i++, terms.extras.minimum_certified_share);
  bind_optional(s, i++, terms.extras.minimum_certified_workers);
  s.bind(i++, terms.bid_bond_rate);
  s.bind(i++, terms.performance_bond_rate);
  s.bind(i++, format_rfc3339(terms.deadline));
  s.bind(i++, format_rfc3339(t.created_at));
  bind_optional_time(s, i++, t.published_at);
  bind_optional_time(s, i++, t.ended_at);
  s.bind(i++, t.end_reason);
  s.bind(i++, terms.panel_minimum);
  s.bind(i++, terms.abnormal_price_threshold);
  bind_optional_time(s, i++, t.opened_at);
  bind_optional_time(s, i++, t.evaluated_at);
  bind_optional_time(s, i++, t.awarded_at);
  s.bind(i++, t.awarded_bid_id);
  s.bind(i++, t.award_reason);
  s.bind(i++, t.award_late ? 1 : 0);
  s.bind(i++, encode_criteria(terms.criteria));
  s.bind(i++, t.retender_of);
  s.bind(i++, t.method_change_approval);
  s.bind(i++, static_cast<std::int64_t>(t.amendments.size()));
}

}  // namespace

procurement::tender tender_table::read_tender(SQLite::Statement& row) {
  procurement::tender t;
  auto& terms = t.terms;
  int i = 0;
  t.id = row.getColumn(i++).getString();
  t.purchaser_id = row.getColumn(i++).getString();
  t.version = row.getColumn(i++).getInt64();
  t.state = procurement::parse_tender_state(row.getColumn(i++).getString()).value();
  t.catalogue_code = row.getColumn(i++).getString();
  t.catalogue_version = row.getColumn(i++).getInt64();
  t.staffing_standard = row.getColumn(i++).getInt64();
  terms.title = row.getColumn(i++).getString();
  terms.description = row.getColumn(i++).getString();
  terms.quantity = row.getColumn(i++).getInt64();
  terms.region = row.getColumn(i++).getString();
  terms.budget_ceiling = money{row.getColumn(i++).getInt64()};
  if (!row.getColumn(i).isNull()) terms.cost_estimate_id = row.getColumn(i).getString();
  ++i;
  terms.service_start = parse_date(row.getColumn(i++).getString()).value();
  terms.service_months = row.getColumn(i++).getInt64();
  terms.continuity_justification = row.getColumn(i++).getString();
  terms.method = procurement::parse_procurement_method(row.getColumn(i++).getString()).value();
  terms.single_source_justification = row.getColumn(i++).getString();
  terms.tie_break = procurement::parse_tie_rule(row.getColumn(i++).getString()).value();
  terms.extras.minimum_years_established = read_optional_integer(row.getColumn(i++));
  terms.extras.minimum_certified_share = read_optional_integer(row.getColumn(i++));
  terms.extras.minimum_certified_workers = read_optional_integer(row.getColumn(i++));
  terms.bid_bond_rate = row.getColumn(i++).getInt64();
  terms.performance_bond_rate = row.getColumn(i++).getInt64();
  terms.deadline = read_timestamp(row.getColumn(i++).getString());
  t.created_at = read_timestamp(row.getColumn(i++).getString());
  t.published_at = read_optional_timestamp(row.getColumn(i++));
  t.ended_at = read_optional_timestamp(row.getColumn(i++));
  t.end_reason = row.getColumn(i++).getString();
  terms.panel_minimum = row.getColumn(i++).getInt64();
  terms.abnormal_price_threshold = row.getColumn(i++).getInt64();
  t.opened_at = read_optional_timestamp(row.getColumn(i++));
  t.evaluated_at = read_optional_timestamp(row.getColumn(i++));
  t.awarded_at = read_optional_timestamp(row.getColumn(i++));
  t.awarded_bid_id = row.getColumn(i++).getString();
  t.award_reason = row.getColumn(i++).getString();
  t.award_late = row.getColumn(i++).getInt() != 0;
  const auto criteria = row.getColumn(i++);  // by length: a criterion's name may hold a NUL
  terms.criteria = decode_criteria(std::string_view(criteria.getText(), static_cast<std::size_t>(criteria.getBytes())));
  t.retender_of = row.getColumn(i++).getString();
  t.method_change_approval = row.getColumn(i++).getString();
  return t;
}

namespace {

procurement::amendment read_amendment(SQLite::Statement& row, int i) {
  procurement::amendment a;
  a.number = row.getColumn(i).getInt64();
  a.kind = row.getColumn(i + 1).getString();
  a.at = read_timestamp(row.getColumn(i + 2).getString());
  a.reason = row.getColumn(i + 3).getString();
  a.affects_bid_preparation = row.getColumn(i + 4).getInt() != 0;
  a.deadline_before = read_timestamp(row.getColumn(i + 5).getString());
  a.deadline_after = read_timestamp(row.getColumn(i + 6).getString());
  return a;
}

void add_change(procurement::tender& t, SQLite::Statement& row, int i) {
  const auto number = row.getColumn(i).getInt64();
  t.amendments[static_cast<std::size_t>(number - 1)].changes.push_back(
      {row.getColumn(i + 1).getString(), row.getColumn(i + 2).getString(), row.getColumn(i + 3).getString()});
}

}  // namespace

void tender_table::read_children(procurement::tender& t) {
  auto& amendments = db_.prepare(
      "SELECT number, kind, at, reason, affects_bid_preparation, deadline_before, deadline_after"
      " FROM tender_amendments WHERE tender_id = ? ORDER BY number");
  amendments.bind(1, t.id);
  while (amendments.executeStep()) t.amendments.push_back(read_amendment(amendments, 0));
  if (!t.amendments.empty()) {
    auto& changes = db_.prepare(
        "SELECT number, field, before, after FROM tender_amendment_changes WHERE tender_id = ? ORDER BY number, position");
    changes.bind(1, t.id);
    while (changes.executeStep()) add_change(t, changes, 0);
  }
}

void tender_table::read_children(std::vector<procurement::tender>& tenders) {
  if (tenders.size() <= 1) {
    for (auto& t : tenders) read_children(t);
    return;
  }
  // A page's children in one query per table instead of one per tender (a list page of 20 ran
  // 40+ statements; docs/performance.md).
  std::map<std::string, procurement::tender*, std::less<>> by_id;
  for (auto& t : tenders) by_id.emplace(t.id, &t);
  const std::string ids = json_array_of_ids(tenders, [](const procurement::tender& t) -> const std::string& { return t.id; });
  const auto owner = [&](SQLite::Statement& row) { return by_id.at(row.getColumn(0).getString()); };
  auto& amendments = db_.prepare(
      "SELECT tender_id, number, kind, at, reason, affects_bid_preparation, deadline_before, deadline_after"
      " FROM tender_amendments WHERE tender_id IN (SELECT value FROM json_each(?)) ORDER BY tender_id, number");
  amendments.bind(1, ids);
  bool any_amendment = false;
  while (amendments.executeStep()) {
    owner(amendments)->amendments.push_back(read_amendment(amendments, 1));
    any_amendment = true;
  }
  if (!any_amendment) return;
  auto& changes = db_.prepare(
      "SELECT tender_id, number, field, before, after FROM tender_amendment_changes"
      " WHERE tender_id IN (SELECT value FROM json_each(?)) ORDER BY tender_id, number, position");
  changes.bind(1, ids);
  while (changes.executeStep()) add_change(*owner(changes), changes, 1);
}

void tender_table::write_children(const procurement::tender& t, std::int64_t stored_amendments) {
  // Amendments are append-only: only the new ones are written.
  auto& amendment = db_.prepare(
      "INSERT INTO tender_amendments (tender_id, number, kind, at, reason, affects_bid_preparation, deadline_before,"
      " deadline_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  auto& change = db_.prepare(
      "INSERT INTO tender_amendment_changes (tender_id, number, position, field, before, after) VALUES (?, ?, ?, ?, ?, ?)");
  for (const auto& a : t.amendments) {
    if (a.number <= stored_amendments) continue;
    amendment.reset();
    amendment.bind(1, t.id);
    amendment.bind(2, a.number);
    amendment.bind(3, a.kind);
    amendment.bind(4, format_rfc3339(a.at));
    amendment.bind(5, a.reason);
    amendment.bind(6, a.affects_bid_preparation ? 1 : 0);
    amendment.bind(7, format_rfc3339(a.deadline_before));
    amendment.bind(8, format_rfc3339(a.deadline_after));
    amendment.exec();
    for (std::size_t i = 0; i < a.changes.size(); ++i) {
      change.reset();
      change.bind(1, t.id);
      change.bind(2, a.number);
      change.bind(3, static_cast<std::int64_t>(i));
      change.bind(4, a.changes[i].field);
      change.bind(5, a.changes[i].before);
      change.bind(6, a.changes[i].after);
      change.exec();
    }
  }
}

void tender_table::insert(const procurement::tender& t) {
  auto& statement =
      db_.prepare(std::string("INSERT INTO tenders (") + tender_columns + ") VALUES (" + tender_placeholders() + ")");
  bind_tender(statement, t);
  statement.exec();
  write_children(t, 0);
}

void tender_table::update(const procurement::tender& t) {
  auto& count = db_.prepare("SELECT count(*) FROM tender_amendments WHERE tender_id = ?");
  count.bind(1, t.id);
  count.executeStep();
  const std::int64_t stored_amendments = count.getColumn(0).getInt64();
  count.reset();
  // An UPDATE of every column (numbered like the INSERT, id first), not REPLACE: REPLACE would
  // delete the row that criteria, amendments and questions refer to.
  static const std::string update_sql = [] {
    std::string sql = "UPDATE tenders SET ";
    std::istringstream columns(tender_columns);
    int number = 0;
    for (std::string column; std::getline(columns, column, ',');) {
      ++number;
      while (!column.empty() && column.front() == ' ') column.erase(0, 1);
      if (number == 1) continue;  // id
      if (number > 2) sql += ", ";
      sql += column + " = ?" + std::to_string(number);
    }
    return sql + " WHERE id = ?1";
  }();
  auto& statement = db_.prepare(update_sql);
  bind_tender(statement, t);
  statement.exec();
  write_children(t, stored_amendments);
}

std::optional<procurement::tender> tender_table::find(std::string_view id) {
  static const std::string by_id = std::string("SELECT ") + tender_columns + " FROM tenders WHERE id = ?";
  auto& query = db_.prepare(by_id);
  query.bind(1, std::string(id));
  if (!query.executeStep()) return std::nullopt;
  auto found = read_tender(query);
  const bool amended = query.getColumn(amendment_count_column).getInt64() > 0;
  query.reset();
  if (amended) read_children(found);
  return found;
}

std::vector<procurement::tender> tender_table::retenders_of(std::string_view failed_id) {
  // `retender_of <> ''` lets SQLite use the partial index tenders_by_retender_of (migration 21).
  static const std::string by_failed = std::string("SELECT ") + tender_columns +
                                       " FROM tenders WHERE retender_of = ? AND retender_of <> '' ORDER BY created_at, id";
  auto& query = db_.prepare(by_failed);
  query.bind(1, std::string(failed_id));
  std::vector<procurement::tender> out;
  while (query.executeStep()) out.push_back(read_tender(query));
  query.reset();
  read_children(out);
  return out;
}

bool tender_table::cost_estimate_named_in_public(std::string_view estimate_id) {
  // Each part is a search of a partial index of migration 26: the equality implies
  // tenders_by_cost_estimate's `IS NOT NULL`. Only a published tender is amended, so an
  // amendment's earlier value was public.
  auto& query = db_.prepare(
      "SELECT 1 FROM tenders WHERE cost_estimate_id = ?1 AND state <> 'draft'"
      " UNION ALL SELECT 1 FROM tender_amendment_changes WHERE field = 'cost_estimate_id' AND before = ?1 LIMIT 1");
  query.bind(1, std::string(estimate_id));
  const bool found = query.executeStep();
  query.reset();
  return found;
}

SQLite::Statement& tender_table::prepared_list(std::string_view columns, const procurement::tender_filter& filter,
                                               const page_request& request, timestamp now) {
  // The WHERE clause holds only the filters given, so that each combination is its own
  // prepared statement and SQLite can choose an index for it; values are always bound.
  std::string sql = "SELECT " + std::string(columns) + " FROM tenders WHERE 1";
  std::vector<std::string> values;
  const auto where = [&](const std::string& clause, std::string value) {
    sql += " AND " + clause;
    values.push_back(std::move(value));
  };
  if (filter.status) {
    if (*filter.status == "closed") {
      where("state = ?", "published");
      where("deadline <= ?", format_rfc3339(now));
    } else if (*filter.status == "published") {
      where("state = ?", "published");
      where("deadline > ?", format_rfc3339(now));
    } else {
      where("state = ?", *filter.status);
    }
  }
  if (filter.region) where("region = ?", *filter.region);
  if (filter.purchaser_id) where("purchaser_id = ?", *filter.purchaser_id);
  if (filter.catalogue_code) where("catalogue_code = ?", *filter.catalogue_code);
  if (filter.supplier_id) {
    where("id IN (SELECT tender_id FROM bids WHERE supplier_id = ? AND state = 'active')", *filter.supplier_id);
    // The states whose bids are sealed (procurement::bids_are_sealed): nobody else may learn
    // from a list that this supplier bid there.
    if (!filter.supplier_is_caller) sql += " AND state NOT IN ('draft', 'published', 'cancelled')";
  }
  if (filter.deadline_from) where("deadline >= ?", format_rfc3339(*filter.deadline_from));
  if (filter.deadline_to) where("deadline <= ?", format_rfc3339(*filter.deadline_to));
  if (filter.drafts_of) {
    where("(state != 'draft' OR purchaser_id = ?)", *filter.drafts_of);
  } else {
    sql += " AND state != 'draft'";
  }
  if (request.after) where("id > ?", *request.after);
  sql += " ORDER BY id LIMIT ?";  // the limit is bound, so page sizes share one statement

  auto& query = db_.prepare(sql);
  for (std::size_t i = 0; i < values.size(); ++i) query.bind(static_cast<int>(i + 1), values[i]);
  query.bind(static_cast<int>(values.size() + 1), static_cast<std::int64_t>(request.limit + 1));
  return query;
}

page<procurement::tender> tender_table::list(const procurement::tender_filter& filter, const page_request& request,
                                             timestamp now) {
  auto& query = prepared_list(tender_columns, filter, request, now);
  std::vector<procurement::tender> found;
  bool any_amended = false;
  while (query.executeStep()) {
    found.push_back(read_tender(query));
    any_amended = any_amended || query.getColumn(amendment_count_column).getInt64() > 0;
  }
  query.reset();
  if (any_amended) read_children(found);
  return finish_page(std::move(found), request.limit, [](const auto& item) { return item.id; });
}

page<procurement::tender_key> tender_table::list_keys(const procurement::tender_filter& filter,
                                                      const page_request& request, timestamp now) {
  // Id and state only: with a filter on region and state the index holds both, and the
  // tenders' rows are not read at all.
  auto& query = prepared_list("id, state", filter, request, now);
  std::vector<procurement::tender_key> found;
  while (query.executeStep())
    found.push_back({query.getColumn(0).getString(), procurement::parse_tender_state(query.getColumn(1).getString()).value()});
  query.reset();
  return finish_page(std::move(found), request.limit, [](const auto& item) { return item.id; });
}

}  // namespace procura::storage
