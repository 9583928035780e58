# Warnings as an INTERFACE target, linked PRIVATE by every project target.
add_library(procura_warnings INTERFACE)
target_compile_options(procura_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wconversion -Wsign-conversion -Wnull-dereference
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough
  # GCC 12 warns of every member a designated or brace initializer leaves to its default member
  # initializer, which is what those defaults are for (the route table names only what a route has).
  -Wno-missing-field-initializers)
add_library(procura::warnings ALIAS procura_warnings)
