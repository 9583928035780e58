#include "documents_json.hpp"

#include <boost/json.hpp>

namespace procura::api {

std::string content_url(const procurement::document& d) { return "/api/v1/documents/" + d.id + "/content"; }

boost::json::object to_json(const procurement::document& d) {
  return {{"id", d.id},
          {"sha256", d.sha256},
          {"size", d.size},
          {"media_type", d.media_type},
          {"file_name", d.file_name},
          {"organization_id", d.organization_id},
          {"uploaded_at", format_rfc3339(d.uploaded_at)},
          {"content_url", content_url(d)}};
}

boost::json::object to_json(const procurement::attachment& a) {
  boost::json::object out{{"target", procurement::to_string(a.target)},
                          {"target_id", a.target_id},
                          {"document_type", a.document_type},
                          {"attached_at", format_rfc3339(a.attached_at)},
                          {"document", to_json(a.file)}};
  if (!a.part.empty()) out["part"] = a.part;
  if (a.target_version != 0) out["target_version"] = a.target_version;
  return out;
}

}  // namespace procura::api
