#pragma once
#include <string>

namespace procura::app {

/// The allocator that serves this process's malloc, as `procura --version` names it: mimalloc
/// with its version in a release build (decision 61), the system's in a sanitizer build. Found
/// by asking mimalloc whether a fresh allocation is its own, so a build whose link lost
/// mimalloc says so instead of claiming it.
std::string memory_allocator();

}  // namespace procura::app
