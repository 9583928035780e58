# Warnings as an INTERFACE target, linked PRIVATE by every project target.
add_library(procura_warnings INTERFACE)
target_compile_options(procura_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wconversion -Wsign-conversion -Wnull-dereference
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
add_library(procura::warnings ALIAS procura_warnings)
