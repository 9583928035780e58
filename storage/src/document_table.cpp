#include "tables.hpp"

namespace procura::storage {
namespace {

constexpr auto document_columns = "d.id, d.sha256, d.size, d.media_type, d.file_name, d.organization_id, d.account_id,"
                                  " d.uploaded_at";
constexpr auto attachment_columns =
    "a.document_id, a.target, a.target_id, a.target_version, a.part, a.document_type, a.tender_id, a.attached_by,"
    " a.attached_at";

procurement::document read_document(SQLite::Statement& row, int first) {
  procurement::document d;
  int i = first;
  d.id = row.getColumn(i++).getString();
  d.sha256 = row.getColumn(i++).getString();
  d.size = row.getColumn(i++).getInt64();
  d.media_type = row.getColumn(i++).getString();
  d.file_name = row.getColumn(i++).getString();
  d.organization_id = row.getColumn(i++).getString();
  d.account_id = row.getColumn(i++).getString();
  d.uploaded_at = read_timestamp(row.getColumn(i++).getString());
  return d;
}

procurement::attachment read_attachment(SQLite::Statement& row) {
  procurement::attachment a;
  int i = 0;
  a.document_id = row.getColumn(i++).getString();
  a.target = procurement::parse_attachment_target(row.getColumn(i++).getString()).value();
  a.target_id = row.getColumn(i++).getString();
  a.target_version = row.getColumn(i++).getInt64();
  a.part = row.getColumn(i++).getString();
  a.document_type = row.getColumn(i++).getString();
  a.tender_id = row.getColumn(i++).getString();
  a.attached_by = row.getColumn(i++).getString();
  a.attached_at = read_timestamp(row.getColumn(i++).getString());
  a.file = read_document(row, i);
  return a;
}

std::vector<procurement::attachment> read_attachments(SQLite::Statement& query) {
  std::vector<procurement::attachment> found;
  while (query.executeStep()) found.push_back(read_attachment(query));
  return found;
}

}  // namespace

void document_table::insert(const procurement::document& d) {
  auto& statement = db_.prepare(
      "INSERT INTO documents (id, sha256, size, media_type, file_name, organization_id, account_id, uploaded_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  statement.bind(1, d.id);
  statement.bind(2, d.sha256);
  statement.bind(3, d.size);
  statement.bind(4, d.media_type);
  statement.bind(5, d.file_name);
  statement.bind(6, d.organization_id);
  statement.bind(7, d.account_id);
  statement.bind(8, format_rfc3339(d.uploaded_at));
  statement.exec();
}

std::optional<procurement::document> document_table::find(std::string_view id) {
  auto& query = db_.prepare(std::string("SELECT ") + document_columns + " FROM documents d WHERE d.id = ?");
  query.bind(1, std::string(id));
  if (!query.executeStep()) return std::nullopt;
  return read_document(query, 0);
}

void document_table::attach(const procurement::attachment& a) {
  // Positions count per object, so that the attachments list in the order they came.
  auto& next = db_.prepare(
      "SELECT COALESCE(MAX(position) + 1, 0) FROM attachments WHERE target = ? AND target_id = ? AND target_version = ?");
  next.bind(1, std::string(procurement::to_string(a.target)));
  next.bind(2, a.target_id);
  next.bind(3, a.target_version);
  next.executeStep();
  const std::int64_t position = next.getColumn(0).getInt64();
  next.reset();
  auto& statement = db_.prepare(
      "INSERT INTO attachments (target, target_id, target_version, position, document_id, document_type, part,"
      " tender_id, attached_by, attached_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  statement.bind(1, std::string(procurement::to_string(a.target)));
  statement.bind(2, a.target_id);
  statement.bind(3, a.target_version);
  statement.bind(4, position);
  statement.bind(5, a.document_id);
  statement.bind(6, a.document_type);
  statement.bind(7, a.part);
  statement.bind(8, a.tender_id);
  statement.bind(9, a.attached_by);
  statement.bind(10, format_rfc3339(a.attached_at));
  statement.exec();
}

std::vector<procurement::attachment> document_table::attached_to(procurement::attachment_target target,
                                                                 std::string_view target_id) {
  auto& query = db_.prepare(std::string("SELECT ") + attachment_columns + ", " + document_columns +
                            " FROM attachments a JOIN documents d ON d.id = a.document_id"
                            " WHERE a.target = ? AND a.target_id = ? ORDER BY a.target_version, a.position");
  query.bind(1, std::string(procurement::to_string(target)));
  query.bind(2, std::string(target_id));
  return read_attachments(query);
}

std::vector<procurement::attachment> document_table::attachments_of(std::string_view document_id) {
  auto& query = db_.prepare(std::string("SELECT ") + attachment_columns + ", " + document_columns +
                            " FROM attachments a JOIN documents d ON d.id = a.document_id"
                            " WHERE a.document_id = ? ORDER BY a.target, a.target_id, a.target_version, a.position");
  query.bind(1, std::string(document_id));
  return read_attachments(query);
}

}  // namespace procura::storage
