#pragma once
#include <optional>
#include <string_view>
#include <vector>

/// Files from `schemas/` compiled into the binary (see cmake/embed_files.cmake), so that the
/// executable needs no data directory to find migrations, JSON Schemas or the OpenAPI document.
namespace procura::embedded {

struct file {
  std::string_view path;     ///< relative to schemas/, e.g. "sql/0001_platform.sql"
  std::string_view content;
};

/// Every embedded file, sorted by path.
const std::vector<file>& files();

/// The content of one embedded file, or nothing when there is no such file.
std::optional<std::string_view> find(std::string_view path);

}  // namespace procura::embedded
