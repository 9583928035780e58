# Sanitizers as an INTERFACE target so that every project target (and the tests) gets the
# same instrumentation; third-party static libraries are linked as they are.
add_library(procura_options INTERFACE)
if(PROCURA_SANITIZE)
  target_compile_options(procura_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(procura_options INTERFACE -fsanitize=address,undefined)
endif()
add_library(procura::options ALIAS procura_options)
