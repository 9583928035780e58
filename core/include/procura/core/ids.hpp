#pragma once
#include <string>
#include <string_view>

#include "procura/core/time.hpp"

namespace procura {

/// A new identifier: `prefix` + "_" + 26 characters of Crockford base32 encoding 48 bits of
/// milliseconds and 80 random bits (the ULID layout). Ids sort by creation time, which keeps
/// keyset pagination in creation order, and they are unguessable, so an id says nothing about
/// how many objects exist (a sealed-bid requirement).
std::string new_id(std::string_view prefix);

/// True when `text` has the shape new_id produces for `prefix`. Ids from clients are checked
/// with it before they reach a query.
bool is_well_formed_id(std::string_view text, std::string_view prefix);

}  // namespace procura
