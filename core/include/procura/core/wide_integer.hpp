#pragma once

namespace procura {

/// 128-bit integers, for exact products of amounts in fen with shares and points (scores,
/// thresholds, caps) that 64 bits could overflow. GCC and Clang provide them; `__extension__`
/// says so to -Wpedantic, which would otherwise warn in every file that includes this.
__extension__ using wide_integer = __int128;
__extension__ using unsigned_wide_integer = unsigned __int128;

}  // namespace procura
