#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procura/core/principal.hpp"
#include "procura/core/result.hpp"
#include "procura/core/time.hpp"

/// Documents (tender files, certificates, signed contracts, evidence): uploaded once, stored by
/// content, then attached to the objects they belong to. Who may read a document follows the
/// object it is attached to; the rules per object live in the API's access layer, the facts
/// (what may be attached to what, which bytes are acceptable) live here.
namespace procura::procurement {

struct document {
  std::string id;
  std::string sha256;       ///< of the bytes, lower-case hex; also the file's name in the store
  std::int64_t size = 0;    ///< bytes
  std::string media_type;   ///< as sniffed and checked at upload
  std::string file_name;    ///< the original name, UTF-8
  std::string organization_id;  ///< the uploader's organization: only it attaches the document
  std::string account_id;
  timestamp uploaded_at;
};

/// What a document can be attached to.
enum class attachment_target { tender, question, bid, award, contract, contract_amendment, report, evaluation };

std::string_view to_string(attachment_target target);
std::optional<attachment_target> parse_attachment_target(std::string_view text);

/// The document types each target accepts (e.g. a tender takes "tender_file" and "amendment").
const std::vector<std::string_view>& document_types_of(attachment_target target);

struct attachment {
  std::string document_id;
  attachment_target target = attachment_target::tender;
  std::string target_id;     ///< the object's id (for an amendment: its contract)
  std::int64_t target_version = 0;  ///< the bid version a bid's document belongs to; else 0
  std::string part;          ///< the contract amendment's number or the evaluation leaf; else empty
  std::string document_type;
  std::string tender_id;     ///< the tender the object belongs to, when it has one (seals bids' files)
  std::string attached_by;   ///< the attaching organization
  timestamp attached_at;
  document file;             ///< the document itself, read with the attachment
};

class document_repository {
 public:
  virtual ~document_repository() = default;
  virtual void insert(const document& d) = 0;
  virtual std::optional<document> find(std::string_view id) = 0;
  virtual void attach(const attachment& a) = 0;
  /// The documents attached to one object (and part, when given), oldest first.
  virtual std::vector<attachment> attached_to(attachment_target target, std::string_view target_id) = 0;
  /// Everything a document is attached to.
  virtual std::vector<attachment> attachments_of(std::string_view document_id) = 0;
};

/// The media types accepted, each recognised from the bytes themselves: a declared type is
/// believed only when the content has that type's signature.
struct media_type_check {
  bool accepted = false;
  std::string media_type;  ///< normalised (lower case, without parameters)
  std::string reason;      ///< why not, for the 415
};
media_type_check check_media_type(std::string_view declared, std::string_view content);

/// A file name as stored: the last path segment, without control characters, at most 255 bytes
/// of valid UTF-8. Empty names and names that are only dots are refused.
result<std::string> clean_file_name(std::string_view name);

/// Records an upload: the bytes are already in the store under `sha256`.
document new_document(std::string sha256, std::int64_t size, std::string media_type, std::string file_name,
                      const principal& uploader, timestamp now);

/// Checks the parts of an attachment that do not depend on who may act on the object: the
/// document type fits the target, a part is given exactly where one is needed, and the
/// document belongs to the caller's organization (nobody attaches another party's upload).
status check_attachment(const document& d, attachment_target target, std::string_view document_type,
                              std::string_view part, const principal& caller);

}  // namespace procura::procurement
