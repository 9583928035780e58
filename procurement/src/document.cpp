#include "procura/procurement/document.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "procura/core/ids.hpp"

namespace procura::procurement {
namespace {

constexpr std::array<std::string_view, 8> target_names = {
    "tender", "question", "bid", "award", "contract", "contract_amendment", "report", "evaluation"};

bool starts_with_bytes(std::string_view content, std::string_view signature) { return content.starts_with(signature); }

/// Valid UTF-8 (no overlong forms, no surrogates) with no control characters besides tab, line
/// feed, form feed and carriage return: what a plain-text or CSV file is.
bool is_plain_text(std::string_view content) {
  std::size_t i = 0;
  while (i < content.size()) {
    const auto byte = static_cast<unsigned char>(content[i]);
    if (byte < 0x80) {
      if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r' && byte != '\f') return false;
      if (byte == 0x7f) return false;
      ++i;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t code = 0;
    if ((byte & 0xe0) == 0xc0) { length = 2; code = byte & 0x1f; }
    else if ((byte & 0xf0) == 0xe0) { length = 3; code = byte & 0x0f; }
    else if ((byte & 0xf8) == 0xf0) { length = 4; code = byte & 0x07; }
    else return false;
    if (i + length > content.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(content[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      code = (code << 6) | (next & 0x3f);
    }
    const bool overlong = (length == 2 && code < 0x80) || (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
    if (overlong || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return false;
    i += length;
  }
  return true;
}

bool is_zip(std::string_view content) { return starts_with_bytes(content, std::string_view("PK\x03\x04", 4)); }
bool is_ole2(std::string_view content) {
  return starts_with_bytes(content, std::string_view("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8));
}
bool looks_executable(std::string_view content) {
  return content.starts_with("MZ") || content.starts_with("\x7f" "ELF") || content.starts_with("#!") ||
         starts_with_bytes(content, std::string_view("\xcf\xfa\xed\xfe", 4)) ||
         starts_with_bytes(content, std::string_view("\xca\xfe\xba\xbe", 4));
}

/// The media type the bytes show, for the binary formats we accept; empty when none.
std::string sniff_binary(std::string_view content) {
  if (content.starts_with("%PDF-")) return "application/pdf";
  if (starts_with_bytes(content, std::string_view("\x89PNG\r\n\x1a\n", 8))) return "image/png";
  if (starts_with_bytes(content, std::string_view("\xff\xd8\xff", 3))) return "image/jpeg";
  if (content.starts_with("GIF87a") || content.starts_with("GIF89a")) return "image/gif";
  if (content.size() >= 12 && content.starts_with("RIFF") && content.substr(8, 4) == "WEBP") return "image/webp";
  if (is_zip(content)) {
    // OpenDocument names its type in an uncompressed "mimetype" entry at the start.
    if (content.size() > 38 && content.substr(30, 8) == "mimetype") {
      const auto rest = content.substr(38, 80);
      for (const std::string_view odf : {"application/vnd.oasis.opendocument.text",
                                         "application/vnd.oasis.opendocument.spreadsheet",
                                         "application/vnd.oasis.opendocument.presentation"})
        if (rest.starts_with(odf)) return std::string(odf);
    }
    if (content.find("[Content_Types].xml") != std::string_view::npos) {
      if (content.find("word/") != std::string_view::npos)
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
      if (content.find("xl/") != std::string_view::npos)
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      if (content.find("ppt/") != std::string_view::npos)
        return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    }
    return {};
  }
  if (is_ole2(content)) return "application/x-ole-storage";
  return {};
}

constexpr std::array<std::string_view, 3> legacy_office = {"application/msword", "application/vnd.ms-excel",
                                                           "application/vnd.ms-powerpoint"};
constexpr std::array<std::string_view, 2> text_types = {"text/plain", "text/csv"};

std::string normalised(std::string_view declared) {
  std::string media(declared.substr(0, declared.find(';')));
  while (!media.empty() && media.back() == ' ') media.pop_back();
  while (!media.empty() && media.front() == ' ') media.erase(media.begin());
  std::transform(media.begin(), media.end(), media.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return media;
}

}  // namespace

std::string_view to_string(attachment_target target) { return target_names[static_cast<std::size_t>(target)]; }

std::optional<attachment_target> parse_attachment_target(std::string_view text) {
  for (std::size_t i = 0; i < target_names.size(); ++i)
    if (target_names[i] == text) return static_cast<attachment_target>(i);
  return std::nullopt;
}

const std::vector<std::string_view>& document_types_of(attachment_target target) {
  static const std::vector<std::vector<std::string_view>> types = {
      {"tender_file", "amendment", "annex"},                                         // tender
      {"answer"},                                                                     // question
      {"qualification_certificate", "technical_proposal", "price_schedule", "other"},  // bid
      {"award_notice", "evaluation_report"},                                         // award
      {"signed_contract", "annex"},                                                   // contract
      {"amendment_agreement"},                                                        // contract_amendment
      {"service_report", "evidence"},                                                 // report
      {"evidence"},                                                                   // evaluation
  };
  return types[static_cast<std::size_t>(target)];
}

media_type_check check_media_type(std::string_view declared_header, std::string_view content) {
  const std::string declared = normalised(declared_header);
  if (content.empty()) return {false, declared, "the document is empty"};
  if (looks_executable(content)) return {false, declared, "the content is an executable or a script"};
  const std::string sniffed = sniff_binary(content);
  if (std::find(text_types.begin(), text_types.end(), declared) != text_types.end()) {
    if (sniffed.empty() && is_plain_text(content)) return {true, declared, {}};
    return {false, declared, "the content is not UTF-8 text"};
  }
  if (std::find(legacy_office.begin(), legacy_office.end(), declared) != legacy_office.end()) {
    if (sniffed == "application/x-ole-storage") return {true, declared, {}};
    return {false, declared, "the content is not a " + declared + " file"};
  }
  if (sniffed.empty() || sniffed == "application/x-ole-storage")
    return {false, declared, "the content is not one of the accepted types (PDF, PNG, JPEG, GIF, WebP, "
                             "Word, Excel, PowerPoint, OpenDocument, plain text, CSV)"};
  // A generic declared type takes what the bytes show; a specific one must agree with them.
  if (declared == "application/octet-stream" || declared.empty()) return {true, sniffed, {}};
  if (declared == sniffed) return {true, sniffed, {}};
  return {false, declared, "the content is " + sniffed + ", not " + declared};
}

result<std::string> clean_file_name(std::string_view name) {
  const auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string cleaned;
  for (const char c : name)
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f && c != '"') cleaned += c;
  if (cleaned.empty() || cleaned.find_first_not_of('.') == std::string::npos)
    return error::rule("/file_name", "give the document a file name");
  if (cleaned.size() > 255) return error::rule("/file_name", "the file name is longer than 255 bytes");
  if (!is_plain_text(cleaned)) return error::rule("/file_name", "the file name is not valid UTF-8");
  return cleaned;
}

document new_document(std::string sha256, std::int64_t size, std::string media_type, std::string file_name,
                      const principal& uploader, timestamp now) {
  return {new_id("doc"), std::move(sha256), size, std::move(media_type), std::move(file_name),
          uploader.organization_id, uploader.account_id, now};
}

status check_attachment(const document& d, attachment_target target, std::string_view document_type,
                        std::string_view part, const principal& caller) {
  const auto& allowed = document_types_of(target);
  if (std::find(allowed.begin(), allowed.end(), document_type) == allowed.end()) {
    std::string list;
    for (const auto type : allowed) list += (list.empty() ? "" : ", ") + std::string(type);
    return error::rule("/document_type", "a " + std::string(to_string(target)) + " takes " + list);
  }
  const bool needs_part = target == attachment_target::contract_amendment || target == attachment_target::evaluation;
  if (needs_part && part.empty())
    return error::rule("/part", target == attachment_target::evaluation ? "name the indicator (leaf) the evidence is for"
                                                                        : "name the amendment number");
  if (!needs_part && !part.empty()) return error::rule("/part", "only amendments and evaluations take a part");
  if (d.organization_id != caller.organization_id)
    return error::not_found("no document " + d.id);  // another party's upload: as if it did not exist
  return done{};
}

}  // namespace procura::procurement
