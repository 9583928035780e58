#pragma once
#include <filesystem>
#include <string_view>

#include "http_message.hpp"

namespace procura::api {

/// Serves the built web app (index.html and its hashed assets) from one directory, for every
/// path the API does not own. Paths without a file fall back to index.html so that the app's
/// own routes survive a reload; missing files with an extension (e.g. a stale asset) are 404.
/// Never serves anything outside the directory, nor hidden files. Thread-safe: it holds only
/// the directory and reads files per request.
class static_files {
 public:
  /// `root` must exist; it is resolved once (symlinks included).
  explicit static_files(const std::filesystem::path& root);

  [[nodiscard]] http_response serve(const http_request& request, std::string_view request_id) const;

 private:
  std::filesystem::path root_;
};

/// True when `path` belongs to the API (under /api, or any route of the route table), so that
/// the web app never shadows an API answer, including its 404s.
[[nodiscard]] bool is_api_path(std::string_view path);

}  // namespace procura::api
