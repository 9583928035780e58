#pragma once

namespace procura::app {

/// Gives glibc's allocator a deeper per-thread cache, unless the environment already tunes it:
/// sets GLIBC_TUNABLES and executes this program again with the same arguments (decision 48).
/// Returns only when nothing was changed or the new image could not be started.
void tune_allocator(char** argv);

}  // namespace procura::app
