#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <charconv>
#include <csignal>
#include <system_error>
#include <unistd.h>

#include "../document_access.hpp"
#include "../documents_json.hpp"
#include "../handlers.hpp"
#include "../json_support.hpp"
#include "../logging.hpp"
#include "../procurement_json.hpp"
#include "../metrics.hpp"
#include "../use_case.hpp"

namespace procura::api::handlers {
namespace {

using procurement::attachment_target;

error no_such_document(const request_context& context) {
  return error::not_found("no document " + context.param("id"));
}

/// The file name from `X-File-Name` (percent-encoded UTF-8, so that any name survives HTTP
/// headers), else from `Content-Disposition: …; filename="…"`.
result<std::string> declared_file_name(const http_request& request) {
  if (const auto header = request.header("x-file-name")) {
    const auto encoded = boost::urls::make_pct_string_view(*header);
    if (!encoded) return error::rule("/file_name", "X-File-Name must be percent-encoded UTF-8");
    return procurement::clean_file_name(encoded->decode());
  }
  if (const auto disposition = request.header("content-disposition")) {
    constexpr std::string_view key = "filename=\"";
    const auto start = disposition->find(key);
    if (start != std::string_view::npos) {
      const auto end = disposition->find('"', start + key.size());
      if (end != std::string_view::npos)
        return procurement::clean_file_name(disposition->substr(start + key.size(), end - start - key.size()));
    }
  }
  return error::rule("/file_name", "name the file in an X-File-Name header (percent-encoded UTF-8)");
}

/// `Content-Disposition` for a download: an ASCII fallback and the exact UTF-8 name (RFC 6266).
std::string disposition_of(const std::string& file_name) {
  std::string fallback;
  for (const char c : file_name)
    fallback += (static_cast<unsigned char>(c) < 0x80 && c != '"' && c != '\\') ? c : '_';
  return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" +
         boost::urls::encode(file_name, boost::urls::unreserved_chars);
}

struct byte_range {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

std::optional<std::uint64_t> read_number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, failure] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (failure != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

enum class range_outcome { whole, part, unsatisfiable };

/// One `bytes=` range (first-last, first-, or -suffix). Several ranges, or a header we cannot
/// read, get the whole file, as RFC 9110 allows.
range_outcome parse_range(std::string_view header, std::uint64_t size, byte_range& range) {
  constexpr std::string_view unit = "bytes=";
  if (!header.starts_with(unit) || header.find(',') != std::string_view::npos) return range_outcome::whole;
  const auto spec = header.substr(unit.size());
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos) return range_outcome::whole;
  const auto first_text = spec.substr(0, dash);
  const auto last_text = spec.substr(dash + 1);
  if (first_text.empty()) {
    const auto suffix = read_number(last_text);
    if (!suffix) return range_outcome::whole;
    if (*suffix == 0 || size == 0) return range_outcome::unsatisfiable;
    range.length = std::min(*suffix, size);
    range.offset = size - range.length;
    return range_outcome::part;
  }
  const auto first = read_number(first_text);
  if (!first) return range_outcome::whole;
  std::uint64_t last = size == 0 ? 0 : size - 1;
  if (!last_text.empty()) {
    const auto given = read_number(last_text);
    if (!given || *given < *first) return range_outcome::whole;
    last = std::min(*given, last);
  }
  if (*first >= size) return range_outcome::unsatisfiable;
  range.offset = *first;
  range.length = last - *first + 1;
  return range_outcome::part;
}

}  // namespace

http_response upload_document(request_context& context) {
  if (context.app.documents == nullptr)
    return error_response(context, error::make(error_kind::internal, "this server has no document store"));
  const auto declared_type = context.request.header("content-type");
  if (!declared_type) return error_response(context, error::make(error_kind::unsupported_media, "send a Content-Type"));
  const auto name = declared_file_name(context.request);
  if (!name) return error_response(context, name.failure());
  const auto& bytes = context.request.body;
  const auto checked = procurement::check_media_type(*declared_type, bytes);
  if (!checked.accepted) return error_response(context, error::make(error_kind::unsupported_media, checked.reason));

  // The file is durable before its row exists: a crash in between leaves an orphan file (found
  // by verify-documents), never a row without its file.
  std::string sha256;
  try {
    sha256 = context.app.documents->put(bytes);
  } catch (const std::system_error& failure) {
    // A full or failing disk: the store kept nothing of the file, so the client is told, as for a
    // write whose commit failed, that nothing was kept and the same upload may be sent again.
    log_error(context.request_id, failure.what());
    if (context.app.counters != nullptr) context.app.counters->record_storage_failure();
    return undurable_write_response(http_response{}, context.request_id);
  }
  if (context.app.test_crash_point == "document-file-written") ::kill(::getpid(), SIGKILL);

  const auto size = static_cast<std::int64_t>(bytes.size());
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    const auto d = procurement::new_document(sha256, size, checked.media_type, *name, *context.caller, context.now);
    work.documents().insert(d);
    // The chain records what was stored, not the file name (the name can say more than the
    // uploader wants the platform's overseers to read before it is attached anywhere).
    boost::json::value audit_state = boost::json::object{
        {"id", d.id}, {"sha256", d.sha256}, {"size", d.size}, {"media_type", d.media_type}};
    return write_outcome{201, to_json(d), "document.upload", "document", d.id, std::nullopt, content_url(d), "",
                         std::move(audit_state)};
  });
}

http_response get_document(request_context& context) {
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    const auto d = work.documents().find(context.param("id"));
    if (!d || !may_read_document(context, work, *d)) return no_such_document(context);
    auto body = to_json(*d);
    boost::json::array attached;
    for (const auto& a : work.documents().attachments_of(d->id))
      if (may_read_attachment(context, work, a)) {
        auto item = to_json(a);
        item.erase("document");
        attached.push_back(std::move(item));
      }
    body["attached_to"] = std::move(attached);
    auto response = json_response(200, body);
    response.with_header("ETag", "\"" + d->sha256 + "\"");
    return response;
  });
}

http_response download_document(request_context& context) {
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    const auto d = work.documents().find(context.param("id"));
    if (!d || !may_read_document(context, work, *d)) return no_such_document(context);
    if (context.app.documents == nullptr) return error::make(error_kind::internal, "this server has no document store");
    const std::string etag = "\"" + d->sha256 + "\"";
    http_response response;
    response.content_type = d->media_type;
    response.with_header("ETag", etag)
        .with_header("Accept-Ranges", "bytes")
        .with_header("Content-Disposition", disposition_of(d->file_name))
        .with_header("X-Content-Type-Options", "nosniff")
        .with_header("Content-Security-Policy", "default-src 'none'; sandbox")
        .with_header("Cache-Control", "private, no-cache");
    if (const auto if_none_match = context.request.header("if-none-match"); if_none_match && *if_none_match == etag) {
      response.status = 304;
      return response;
    }
    const auto size = static_cast<std::uint64_t>(d->size);
    byte_range range{0, size};
    const auto range_header = context.request.header("range");
    const auto if_range = context.request.header("if-range");
    const bool range_applies = range_header && (!if_range || *if_range == etag);
    switch (range_applies ? parse_range(*range_header, size, range) : range_outcome::whole) {
      case range_outcome::unsatisfiable:
        response.status = 416;
        response.content_type = "application/problem+json";
        response.body = R"({"type":"about:blank","title":"Range not satisfiable","status":416})";
        response.with_header("Content-Range", "bytes */" + std::to_string(size));
        return response;
      case range_outcome::part:
        response.status = 206;
        response.with_header("Content-Range", "bytes " + std::to_string(range.offset) + "-" +
                                                  std::to_string(range.offset + range.length - 1) + "/" +
                                                  std::to_string(size));
        break;
      case range_outcome::whole:
        range = {0, size};
        break;
    }
    response.file = file_part{context.app.documents->path_of(d->sha256), range.offset, range.length};
    return response;
  });
}

http_response attach_document(request_context& context) {
  const auto& body = context.body.as_object();
  const auto target = procurement::parse_attachment_target(string_field(body, "target")).value();
  const auto target_id = string_field(body, "target_id");
  const auto document_type = string_field(body, "document_type");
  const auto part = string_field(body, "part");
  return run_write(context, [&](unit_of_work& work) -> result<write_outcome> {
    const auto d = work.documents().find(context.param("id"));
    if (!d || !may_read_document(context, work, *d)) return no_such_document(context);
    if (auto fits = procurement::check_attachment(*d, target, document_type, part, *context.caller); !fits)
      return fits.failure();
    auto tender_id = attachable_object(context, work, target, target_id, part);
    if (!tender_id) return tender_id.failure();
    procurement::attachment a{d->id,     target,       target_id,
                              0,         part,         document_type,
                              *tender_id, context.caller->organization_id, context.now, *d};
    work.documents().attach(a);
    write_outcome written{201, to_json(a), "document.attach", std::string(procurement::to_string(target)), target_id,
                          std::nullopt, "/api/v1/attachments?target=" + std::string(procurement::to_string(target)) +
                                            "&target_id=" + target_id};
    // A file added to a tender open for bids, or to an answer that affects bid preparation, is a
    // clarification: listed among the tender's amendments, with the 15-day push (SPEC §3.3).
    if (auto t = work.tenders().find(*tender_id);
        t && t->state == procurement::tender_state::published &&
        (target == attachment_target::tender ||
         (target == attachment_target::question && work.questions().find(target_id)->affects_bid_preparation))) {
      const std::string what = document_type + " " + d->file_name + " (" + d->id + ") added to " +
                               (target == attachment_target::tender ? "the tender" : "the answer to question " + target_id);
      auto clarified = procurement::publish_clarification(work.tenders(), std::move(*t), what, context.now);
      if (!clarified) return clarified.failure();
      written.related.push_back({"tender.clarification", "tender", clarified->id, to_json(*clarified, context.now)});
    }
    return written;
  });
}

http_response list_attachments(request_context& context) {
  const auto target_name = context.request.query.find("target");
  const auto target_id = context.request.query.find("target_id");
  const auto target =
      target_name == context.request.query.end() ? std::nullopt : procurement::parse_attachment_target(target_name->second);
  if (!target || target_id == context.request.query.end())
    return error_response(context, error::rule("/query/target", "give ?target=<tender|question|bid|award|contract|"
                                                                "contract_amendment|report|evaluation>&target_id=<id>"));
  return run_read(context, [&](unit_of_work& work) -> result<http_response> {
    if (!may_read_object(context, work, *target, target_id->second))
      return error::not_found("no " + target_name->second + " " + target_id->second);
    auto attachments = work.documents().attached_to(*target, target_id->second);
    if (*target == attachment_target::bid) {
      // Only the bid's current version counts; earlier versions stay in the audit chain.
      const auto latest = work.bids().find(target_id->second)->version;
      std::erase_if(attachments, [&](const auto& a) { return a.target_version != latest; });
    }
    boost::json::array items;
    for (const auto& a : attachments) items.push_back(to_json(a));
    return json_response(200, boost::json::object{{"items", std::move(items)}});
  });
}

}  // namespace procura::api::handlers
