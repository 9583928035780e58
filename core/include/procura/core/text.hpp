#pragma once
#include <string_view>

namespace procura {

/// Whether a name or code typed by a person is blank or carries spaces at either end (ASCII
/// white space, the no-break space U+00A0 of pasted text or the ideographic space U+3000 of
/// Chinese input methods): "310000 " would file a
/// second set of benchmarks beside "310000", and "   " names nobody.
bool blank_or_padded(std::string_view text);

}  // namespace procura
