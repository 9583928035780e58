# Sanitizers as an INTERFACE target so that every project target (and the tests) gets the
# same instrumentation; third-party static libraries are linked as they are.
add_library(procura_options INTERFACE)
if(PROCURA_SANITIZE OR PROCURA_FUZZ)
  target_compile_options(procura_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(procura_options INTERFACE -fsanitize=address,undefined)
endif()
if(PROCURA_FUZZ)
  # libFuzzer needs clang; the libraries get its coverage instrumentation, and only the fuzz
  # targets (tests/fuzz/) link its runtime and main.
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PROCURA_FUZZ needs clang (cmake -DCMAKE_CXX_COMPILER=clang++)")
  endif()
  target_compile_options(procura_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
add_library(procura::options ALIAS procura_options)
