#include "allocator_tuning.hpp"

#include <unistd.h>

#include <array>
#include <climits>
#include <cstdlib>

namespace procura::app {

void tune_allocator(char** argv) {
  // glibc keeps 7 freed chunks of each size per thread; building and dropping a JSON document
  // frees far more than that, and the rest went through the shared bins (_int_malloc,
  // malloc_consolidate: 20% of the generator's time). glibc reads tunables only at start-up,
  // hence the second start. The process keeps its id across execv.
  //
  // An operator's own tunables stand, and after the one re-execution this variable is set, so
  // the program never executes itself twice.
  if (std::getenv("GLIBC_TUNABLES") != nullptr) return;
  // The program's own path, not /proc/self/exe itself: the kernel names a process after the
  // file it executes, and `ps` and `top` would show "exe".
  std::array<char, PATH_MAX> path{};
  const auto length = ::readlink("/proc/self/exe", path.data(), path.size() - 1);
  if (length <= 0) return;
  if (::setenv("GLIBC_TUNABLES", "glibc.malloc.tcache_count=64", 1) != 0) return;
  ::execv(path.data(), argv);
  // The new image could not start: go on with glibc's defaults, which are only slower.
  ::unsetenv("GLIBC_TUNABLES");
}

}  // namespace procura::app
