#include "memory_allocator.hpp"

#include <cstdlib>

#ifdef PROCURA_WITH_MIMALLOC
#include <mimalloc.h>
#endif

namespace procura::app {

std::string memory_allocator() {
#ifdef PROCURA_WITH_MIMALLOC
  void* probe = std::calloc(1, 64);  // calloc: with malloc, GCC warns the check may read unset bytes
  const bool served_by_mimalloc = mi_is_in_heap_region(probe);
  std::free(probe);
  if (!served_by_mimalloc) return "system malloc (mimalloc is linked but does not serve malloc)";
  const int version = mi_version();  // e.g. 209 for 2.0.9
  return "mimalloc " + std::to_string(version / 100) + "." + std::to_string(version / 10 % 10) + "." +
         std::to_string(version % 10);
#else
  return "system malloc (a sanitizer build)";
#endif
}

}  // namespace procura::app
