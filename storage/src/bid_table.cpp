#include <sstream>
#include <unordered_map>

#include "tables.hpp"

namespace procura::storage {
namespace {

constexpr auto bid_columns =
    "b.id, b.tender_id, b.supplier_id, b.version, b.state, b.withdrawn_at, b.reviewed, b.automatic_pass, b.qualified,"
    " b.qualification_reason, b.abnormal_flagged, b.abnormal_reasons, b.abnormal_explanation, b.abnormal_accepted,"
    " v.price_fen, v.salary_reserve_fen, v.profile_version, v.no_serious_violation, v.tax_compliant,"
    " v.social_insurance_compliant, v.accepts_terms, v.receipt_hash, v.submitted_at";

std::string join_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) {
    if (!text.empty()) text += '\n';
    text += line;
  }
  return text;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);)
    if (!line.empty()) lines.push_back(line);
  return lines;
}

std::optional<bool> read_optional_bool(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getInt() != 0;
}

void bind_optional_bool(SQLite::Statement& s, int index, const std::optional<bool>& value) {
  if (value) s.bind(index, *value ? 1 : 0);
  else s.bind(index);
}

}  // namespace

class bid_reader {
 public:
  explicit bid_reader(connection& db) : db_(db) {}

  procurement::bid read(SQLite::Statement& row) {
    procurement::bid b;
    int i = 0;
    b.id = row.getColumn(i++).getString();
    b.tender_id = row.getColumn(i++).getString();
    b.supplier_id = row.getColumn(i++).getString();
    b.version = row.getColumn(i++).getInt64();
    b.state = row.getColumn(i++).getString() == "active" ? procurement::bid_state::active
                                                          : procurement::bid_state::withdrawn;
    b.withdrawn_at = read_optional_timestamp(row.getColumn(i++));
    b.qualification.reviewed = row.getColumn(i++).getInt() != 0;
    b.qualification.automatic_pass = row.getColumn(i++).getInt() != 0;
    b.qualification.qualified = read_optional_bool(row.getColumn(i++));
    b.qualification.reason = row.getColumn(i++).getString();
    b.abnormal.flagged = row.getColumn(i++).getInt() != 0;
    b.abnormal.reasons = split_lines(row.getColumn(i++).getString());
    b.abnormal.explanation = row.getColumn(i++).getString();
    b.abnormal.accepted = read_optional_bool(row.getColumn(i++));
    auto& content = b.content;
    content.price = money{row.getColumn(i++).getInt64()};
    content.salary_reserve = money{row.getColumn(i++).getInt64()};
    b.profile_version = row.getColumn(i++).getInt64();
    content.declared.no_serious_violation = row.getColumn(i++).getInt() != 0;
    content.declared.tax_compliant = row.getColumn(i++).getInt() != 0;
    content.declared.social_insurance_compliant = row.getColumn(i++).getInt() != 0;
    content.declared.accepts_terms = row.getColumn(i++).getInt() != 0;
    b.receipt_hash = row.getColumn(i++).getString();
    b.submitted_at = read_timestamp(row.getColumn(i++).getString());
    return b;
  }

  /// Reads the staffing, sections, documents and checks of each bid (after the main query is done).
  void complete(procurement::bid& b) {
    auto& staffing = db_.prepare(
        "SELECT level, count, monthly_salary_fen, months FROM bid_staffing WHERE bid_id = ? AND version = ? ORDER BY position");
    staffing.bind(1, b.id);
    staffing.bind(2, b.version);
    while (staffing.executeStep())
      b.content.staffing.push_back({procurement::parse_professional_level(staffing.getColumn(0).getString()).value(),
                                    staffing.getColumn(1).getInt64(), money{staffing.getColumn(2).getInt64()},
                                    staffing.getColumn(3).getInt64()});
    auto& sections =
        db_.prepare("SELECT title, text FROM bid_sections WHERE bid_id = ? AND version = ? ORDER BY position");
    sections.bind(1, b.id);
    sections.bind(2, b.version);
    while (sections.executeStep())
      b.content.sections.push_back({sections.getColumn(0).getString(), sections.getColumn(1).getString()});
    auto& documents = db_.prepare("SELECT sha256 FROM bid_documents WHERE bid_id = ? AND version = ? ORDER BY position");
    documents.bind(1, b.id);
    documents.bind(2, b.version);
    while (documents.executeStep()) b.content.document_hashes.push_back(documents.getColumn(0).getString());
    auto& attached = db_.prepare(
        "SELECT a.document_id, a.document_type, d.sha256 FROM attachments a JOIN documents d ON d.id = a.document_id"
        " WHERE a.target = 'bid' AND a.target_id = ? AND a.target_version = ? ORDER BY a.position");
    attached.bind(1, b.id);
    attached.bind(2, b.version);
    while (attached.executeStep())
      b.content.attachments.push_back(
          {attached.getColumn(0).getString(), attached.getColumn(1).getString(), attached.getColumn(2).getString()});
    auto& checks =
        db_.prepare("SELECT name, passed, detail FROM bid_qualification_checks WHERE bid_id = ? ORDER BY position");
    checks.bind(1, b.id);
    while (checks.executeStep())
      b.qualification.checks.push_back(
          {checks.getColumn(0).getString(), checks.getColumn(1).getInt() != 0, checks.getColumn(2).getString()});
  }

  /// `complete` for many bids, with one query per child table instead of five per bid (a
  /// tender's ~10 bids, or a range of tenders' bids for the OCDS export; docs/performance.md).
  void complete_all(std::vector<procurement::bid>& bids) {
    if (bids.size() <= 1) {
      for (auto& b : bids) complete(b);
      return;
    }
    std::unordered_map<std::string_view, procurement::bid*> by_id;
    for (auto& b : bids) by_id.emplace(b.id, &b);
    const auto ids = json_array_of_ids(bids, [](const procurement::bid& b) -> const std::string& { return b.id; });
    const auto owner = [&](SQLite::Statement& row) {
      const auto& id = row.getColumn(0);
      return by_id.at(std::string_view(id.getText(), static_cast<std::size_t>(id.getBytes())));
    };
    // The tables keep the rows of a replaced bid's earlier versions: only the current one counts.
    const auto current_owner = [&](SQLite::Statement& row) -> procurement::bid* {
      auto* b = owner(row);
      return row.getColumn(1).getInt64() == b->version ? b : nullptr;
    };
    // Each child table: one query for all the bids, rows of earlier versions skipped.
    const auto for_each_current_row = [&](const char* sql, const auto& add) {
      auto& rows = db_.prepare(sql);
      rows.bind(1, ids);
      while (rows.executeStep())
        if (auto* b = current_owner(rows)) add(*b, rows);
      rows.reset();
    };
    for_each_current_row(
        "SELECT bid_id, version, level, count, monthly_salary_fen, months FROM bid_staffing"
        " WHERE bid_id IN (SELECT value FROM json_each(?)) ORDER BY bid_id, version, position",
        [](procurement::bid& b, SQLite::Statement& row) {
          b.content.staffing.push_back({procurement::parse_professional_level(row.getColumn(2).getString()).value(),
                                        row.getColumn(3).getInt64(), money{row.getColumn(4).getInt64()},
                                        row.getColumn(5).getInt64()});
        });
    for_each_current_row(
        "SELECT bid_id, version, title, text FROM bid_sections"
        " WHERE bid_id IN (SELECT value FROM json_each(?)) ORDER BY bid_id, version, position",
        [](procurement::bid& b, SQLite::Statement& row) {
          b.content.sections.push_back({row.getColumn(2).getString(), row.getColumn(3).getString()});
        });
    for_each_current_row(
        "SELECT bid_id, version, sha256 FROM bid_documents"
        " WHERE bid_id IN (SELECT value FROM json_each(?)) ORDER BY bid_id, version, position",
        [](procurement::bid& b, SQLite::Statement& row) { b.content.document_hashes.push_back(row.getColumn(2).getString()); });
    for_each_current_row(
        "SELECT a.target_id, a.target_version, a.document_id, a.document_type, d.sha256 FROM attachments a"
        " JOIN documents d ON d.id = a.document_id"
        " WHERE a.target = 'bid' AND a.target_id IN (SELECT value FROM json_each(?))"
        " ORDER BY a.target_id, a.target_version, a.position",
        [](procurement::bid& b, SQLite::Statement& row) {
          b.content.attachments.push_back(
              {row.getColumn(2).getString(), row.getColumn(3).getString(), row.getColumn(4).getString()});
        });
    auto& checks = db_.prepare(
        "SELECT bid_id, name, passed, detail FROM bid_qualification_checks"
        " WHERE bid_id IN (SELECT value FROM json_each(?)) ORDER BY bid_id, position");
    checks.bind(1, ids);
    while (checks.executeStep())
      owner(checks)->qualification.checks.push_back(
          {checks.getColumn(1).getString(), checks.getColumn(2).getInt() != 0, checks.getColumn(3).getString()});
    checks.reset();
  }

 private:
  connection& db_;
};

namespace {

void write_version(connection& db, const procurement::bid& b) {
  auto& version = db.prepare(
      "INSERT INTO bid_versions (bid_id, version, price_fen, salary_reserve_fen, profile_version, no_serious_violation,"
      " tax_compliant, social_insurance_compliant, accepts_terms, receipt_hash, submitted_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const auto& c = b.content;
  version.bind(1, b.id);
  version.bind(2, b.version);
  version.bind(3, c.price.fen);
  version.bind(4, c.salary_reserve.fen);
  version.bind(5, b.profile_version);
  version.bind(6, c.declared.no_serious_violation ? 1 : 0);
  version.bind(7, c.declared.tax_compliant ? 1 : 0);
  version.bind(8, c.declared.social_insurance_compliant ? 1 : 0);
  version.bind(9, c.declared.accepts_terms ? 1 : 0);
  version.bind(10, b.receipt_hash);
  version.bind(11, format_rfc3339(b.submitted_at));
  version.exec();
  auto& staffing = db.prepare(
      "INSERT INTO bid_staffing (bid_id, version, position, level, count, monthly_salary_fen, months) VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < c.staffing.size(); ++i) {
    staffing.reset();
    staffing.bind(1, b.id);
    staffing.bind(2, b.version);
    staffing.bind(3, static_cast<std::int64_t>(i));
    staffing.bind(4, std::string(procurement::to_string(c.staffing[i].level)));
    staffing.bind(5, c.staffing[i].count);
    staffing.bind(6, c.staffing[i].monthly_salary.fen);
    staffing.bind(7, c.staffing[i].months);
    staffing.exec();
  }
  auto& sections = db.prepare("INSERT INTO bid_sections (bid_id, version, position, title, text) VALUES (?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < c.sections.size(); ++i) {
    sections.reset();
    sections.bind(1, b.id);
    sections.bind(2, b.version);
    sections.bind(3, static_cast<std::int64_t>(i));
    sections.bind(4, c.sections[i].title);
    sections.bind(5, c.sections[i].text);
    sections.exec();
  }
  auto& documents = db.prepare("INSERT INTO bid_documents (bid_id, version, position, sha256) VALUES (?, ?, ?, ?)");
  for (std::size_t i = 0; i < c.document_hashes.size(); ++i) {
    documents.reset();
    documents.bind(1, b.id);
    documents.bind(2, b.version);
    documents.bind(3, static_cast<std::int64_t>(i));
    documents.bind(4, c.document_hashes[i]);
    documents.exec();
  }
  auto& attachments = db.prepare(
      "INSERT INTO attachments (target, target_id, target_version, position, document_id, document_type, part,"
      " tender_id, attached_by, attached_at) VALUES ('bid', ?, ?, ?, ?, ?, '', ?, ?, ?)");
  for (std::size_t i = 0; i < c.attachments.size(); ++i) {
    attachments.reset();
    attachments.bind(1, b.id);
    attachments.bind(2, b.version);
    attachments.bind(3, static_cast<std::int64_t>(i));
    attachments.bind(4, c.attachments[i].document_id);
    attachments.bind(5, c.attachments[i].document_type);
    attachments.bind(6, b.tender_id);
    attachments.bind(7, b.supplier_id);
    attachments.bind(8, format_rfc3339(b.submitted_at));
    attachments.exec();
  }
}

}  // namespace

void bid_table::insert(const procurement::bid& b) {
  auto& statement = db_.prepare(
      "INSERT INTO bids (id, tender_id, supplier_id, version, state) VALUES (?, ?, ?, ?, ?)");
  statement.bind(1, b.id);
  statement.bind(2, b.tender_id);
  statement.bind(3, b.supplier_id);
  statement.bind(4, b.version);
  statement.bind(5, std::string(procurement::to_string(b.state)));
  statement.exec();
  write_version(db_, b);
}

void bid_table::add_version(const procurement::bid& b) {
  write_version(db_, b);
  auto& statement = db_.prepare("UPDATE bids SET version = ? WHERE id = ?");
  statement.bind(1, b.version);
  statement.bind(2, b.id);
  statement.exec();
}

void bid_table::update_review(const procurement::bid& b) {
  auto& statement = db_.prepare(
      "UPDATE bids SET state = ?, withdrawn_at = ?, reviewed = ?, automatic_pass = ?, qualified = ?,"
      " qualification_reason = ?, abnormal_flagged = ?, abnormal_reasons = ?, abnormal_explanation = ?,"
      " abnormal_accepted = ? WHERE id = ?");
  int i = 1;
  statement.bind(i++, std::string(procurement::to_string(b.state)));
  if (b.withdrawn_at) statement.bind(i++, format_rfc3339(*b.withdrawn_at)); else statement.bind(i++);
  statement.bind(i++, b.qualification.reviewed ? 1 : 0);
  statement.bind(i++, b.qualification.automatic_pass ? 1 : 0);
  bind_optional_bool(statement, i++, b.qualification.qualified);
  statement.bind(i++, b.qualification.reason);
  statement.bind(i++, b.abnormal.flagged ? 1 : 0);
  statement.bind(i++, join_lines(b.abnormal.reasons));
  statement.bind(i++, b.abnormal.explanation);
  bind_optional_bool(statement, i++, b.abnormal.accepted);
  statement.bind(i++, b.id);
  statement.exec();
  auto& remove = db_.prepare("DELETE FROM bid_qualification_checks WHERE bid_id = ?");
  remove.bind(1, b.id);
  remove.exec();
  auto& check = db_.prepare(
      "INSERT INTO bid_qualification_checks (bid_id, position, name, passed, detail) VALUES (?, ?, ?, ?, ?)");
  for (std::size_t c = 0; c < b.qualification.checks.size(); ++c) {
    check.reset();
    check.bind(1, b.id);
    check.bind(2, static_cast<std::int64_t>(c));
    check.bind(3, b.qualification.checks[c].name);
    check.bind(4, b.qualification.checks[c].passed ? 1 : 0);
    check.bind(5, b.qualification.checks[c].detail);
    check.exec();
  }
}

std::vector<procurement::bid> bid_table::select(const std::string& where, const std::vector<std::string>& values) {
  auto& query = db_.prepare(std::string("SELECT ") + bid_columns +
                            " FROM bids AS b JOIN bid_versions AS v ON v.bid_id = b.id AND v.version = b.version"
                            " WHERE " + where + " ORDER BY b.tender_id, b.id");
  for (std::size_t i = 0; i < values.size(); ++i) query.bind(static_cast<int>(i + 1), values[i]);
  bid_reader reader(db_);
  std::vector<procurement::bid> found;
  while (query.executeStep()) found.push_back(reader.read(query));
  // The child rows are read with other statements once this one is done.
  query.reset();
  reader.complete_all(found);
  return found;
}

std::optional<procurement::bid> bid_table::find(std::string_view id) {
  auto found = select("b.id = ?", {std::string(id)});
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::optional<procurement::bid> bid_table::active_of(std::string_view tender_id, std::string_view supplier_id) {
  auto found = select("b.tender_id = ? AND b.supplier_id = ? AND b.state = 'active'",
                      {std::string(tender_id), std::string(supplier_id)});
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<procurement::bid> bid_table::of_tender(std::string_view tender_id) {
  return select("b.tender_id = ?", {std::string(tender_id)});
}

std::vector<procurement::bid> bid_table::of_tenders(const std::vector<std::string>& tender_ids) {
  if (tender_ids.empty()) return {};
  return select("b.tender_id IN (SELECT value FROM json_each(?))",
                {json_array_of_ids(tender_ids, [](const std::string& id) -> const std::string& { return id; })});
}

std::vector<std::string> bid_table::tender_ids_of_supplier(std::string_view supplier_id) {
  // Active bids only: a bid withdrawn before the deadline was never opened, and does not make
  // its bidder a tenderer of that tender for anyone to see.
  auto& query = db_.prepare(
      "SELECT DISTINCT tender_id FROM bids WHERE supplier_id = ? AND state = 'active' ORDER BY tender_id DESC");
  query.bind(1, std::string(supplier_id));
  std::vector<std::string> ids;
  while (query.executeStep()) ids.push_back(query.getColumn(0).getString());
  return ids;
}

}  // namespace procura::storage
