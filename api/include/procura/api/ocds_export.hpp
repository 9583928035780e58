#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "procura/api/ports.hpp"
#include "procura/api/publication.hpp"
#include "procura/core/time.hpp"

/// The OCDS open-data export (`procura export-ocds`): the release package of every release and
/// one record package per published tender, byte for byte what `GET /api/v1/ocds/releases` and
/// `GET /api/v1/ocds/records/{ocid}` answer through the in-process gateway, but rendered as text
/// straight from a read snapshot, a range of tenders at a time, without the router and without a
/// JSON round trip per response.
namespace procura::api::ocds_export {

/// The rendered releases and records of one range of tenders (in id order).
struct batch {
  /// The releases, comma-separated, to go inside the release package's `releases` array.
  std::string releases;
  std::size_t release_count = 0;
  struct record {
    std::string ocid;
    std::string package;  ///< the record package, ending in a newline
  };
  std::vector<record> records;
  /// The key to pass as `after` for the next range; absent after the last one.
  std::optional<std::string> next_after;
};

/// Called with a range's `next_after` as soon as its tenders are listed, before they are rendered,
/// so that another thread can start on the following range meanwhile.
using listed_function = std::function<void(const std::optional<std::string>& next_after)>;

/// Renders up to `limit` tenders after the tender id `after` (from the first when absent), in
/// one read snapshot; `now` is the packages' publishedDate. Thread-safe as far as `database` is.
batch read_batch(store& database, const publication& open_data, const std::optional<std::string>& after,
                 std::size_t limit, timestamp now, const listed_function& listed = {});

/// The release package up to and including `"releases":[`; the releases and then
/// `release_package_end` follow.
std::string release_package_start(const publication& open_data, timestamp now);
inline constexpr std::string_view release_package_end = "]}\n";

}  // namespace procura::api::ocds_export
