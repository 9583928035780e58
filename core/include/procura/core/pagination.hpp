#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace procura {

/// A request for one page of a list ordered by a unique key: items strictly after `after`.
struct page_request {
  std::size_t limit = 50;
  std::optional<std::string> after;  ///< the last key of the previous page (decoded cursor)
};

/// One page; `next_key` is present when more items may follow.
template <class T>
struct page {
  std::vector<T> items;
  std::optional<std::string> next_key;
};

}  // namespace procura
