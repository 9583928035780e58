#include "procura/core/embedded_files.hpp"

#include <algorithm>

namespace procura::embedded {

std::optional<std::string_view> find(std::string_view path) {
  const auto& all = files();
  auto it = std::lower_bound(all.begin(), all.end(), path,
                             [](const file& f, std::string_view p) { return f.path < p; });
  if (it == all.end() || it->path != path) return std::nullopt;
  return it->content;
}

}  // namespace procura::embedded
