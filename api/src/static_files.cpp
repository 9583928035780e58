#include "static_files.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <system_error>

#include "context.hpp"
#include "problem.hpp"

namespace procura::api {
namespace {

namespace fs = std::filesystem;

// The web app needs nothing from other origins: scripts, styles, fonts, images and API calls
// all come from this server. No inline script is allowed; inline SVG and CSSOM styles are.
constexpr std::string_view content_security_policy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

std::string_view media_type_of(const fs::path& file) {
  const std::string extension = file.extension().string();
  if (extension == ".html") return "text/html; charset=utf-8";
  if (extension == ".js" || extension == ".mjs") return "text/javascript; charset=utf-8";
  if (extension == ".css") return "text/css; charset=utf-8";
  if (extension == ".json" || extension == ".map") return "application/json";
  if (extension == ".webmanifest") return "application/manifest+json";
  if (extension == ".svg") return "image/svg+xml";
  if (extension == ".png") return "image/png";
  if (extension == ".ico") return "image/x-icon";
  if (extension == ".woff2") return "font/woff2";
  if (extension == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

/// The bundler names assets `name-HASH.ext` under /assets/: such a name never changes content,
/// so browsers may keep it for a year; everything else is revalidated each time.
bool is_fingerprinted_asset(std::string_view path) {
  if (!path.starts_with("/assets/")) return false;
  const auto name = path.substr(path.rfind('/') + 1);
  const auto dash = name.rfind('-');
  const auto dot = name.rfind('.');
  return dash != std::string_view::npos && dot != std::string_view::npos && dot > dash + 6;
}

/// The path's segments as a relative path, or nothing when a segment could climb out of the
/// root or name a hidden file (after percent-decoding, so %2e%2e is caught too).
std::optional<fs::path> safe_relative_path(std::string_view path) {
  fs::path relative;
  std::size_t start = 1;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const auto segment = path.substr(start, end - start);
    if (!segment.empty()) {
      if (segment.front() == '.' || segment.find('\\') != std::string_view::npos ||
          segment.find('\0') != std::string_view::npos)
        return std::nullopt;
      relative /= std::string(segment);
    }
    start = end + 1;
  }
  return relative;
}

std::optional<std::string> read_whole(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  return std::move(content).str();
}

/// A strong validator from size and modification time: cheap, and it changes on every deploy.
std::string entity_tag(const fs::path& file) {
  std::error_code ignored;
  const auto size = fs::file_size(file, ignored);
  const auto modified = fs::last_write_time(file, ignored).time_since_epoch().count();
  std::ostringstream tag;
  tag << '"' << std::hex << size << '-' << modified << '"';
  return tag.str();
}

http_response not_found(std::string_view path, std::string_view request_id) {
  auto response = problem_response(error::not_found("no file at " + std::string(path)), request_id);
  response.route = "web";
  response.with_header("X-Content-Type-Options", "nosniff");
  return response;
}

}  // namespace

static_files::static_files(const fs::path& root) : root_(fs::canonical(root)) {}

http_response static_files::serve(const http_request& request, std::string_view request_id) const {
  if (request.method != "GET" && request.method != "HEAD") {
    auto response = problem_response(error::make(error_kind::method_not_allowed, "the web app is read-only"), request_id);
    response.with_header("Allow", "GET, HEAD");
    response.route = "web";
    return response;
  }
  const auto relative = safe_relative_path(request.path);
  if (!relative) return not_found(request.path, request_id);

  std::error_code failure;
  fs::path file = root_ / *relative;
  std::string_view cache_path = request.path;
  if (relative->empty() || !fs::is_regular_file(file, failure)) {
    // A client-side route (no extension) gets the app; a missing file gets a 404.
    if (!relative->empty() && relative->has_extension()) return not_found(request.path, request_id);
    file = root_ / "index.html";
    cache_path = "/index.html";
  }
  // Symlinks inside the root must not lead outside it.
  const auto resolved = fs::weakly_canonical(file, failure);
  const auto [root_end, ignored] = std::mismatch(root_.begin(), root_.end(), resolved.begin(), resolved.end());
  if (failure || root_end != root_.end()) return not_found(request.path, request_id);

  const auto content = read_whole(resolved);
  if (!content) return not_found(request.path, request_id);

  http_response response;
  response.route = "web";
  response.content_type = std::string(media_type_of(resolved));
  const std::string tag = entity_tag(resolved);
  response.with_header("ETag", tag);
  response.with_header("Cache-Control",
                       is_fingerprinted_asset(cache_path) ? "public, max-age=31536000, immutable" : "no-cache");
  response.with_header("Content-Security-Policy", std::string(content_security_policy));
  response.with_header("X-Content-Type-Options", "nosniff");
  response.with_header("Referrer-Policy", "no-referrer");
  response.with_header("X-Frame-Options", "DENY");
  if (const auto given = request.header("if-none-match"); given && *given == tag) {
    response.status = 304;
    return response;
  }
  response.body = *content;
  return response;
}

bool is_api_path(std::string_view path) {
  if (path == "/api" || path.starts_with("/api/")) return true;
  for (const auto& candidate : routes())
    if (candidate.pattern == path) return true;
  return false;
}

}  // namespace procura::api
