# Embeds the files under schemas/ into the binary, so that `procura` needs no data
# directory to find its migrations, JSON Schemas and OpenAPI document.
function(procura_embed_directory target directory)
  file(GLOB_RECURSE embedded_files CONFIGURE_DEPENDS
    "${directory}/sql/*.sql" "${directory}/json/*.json" "${directory}/openapi/*.json")
  set(output "${CMAKE_CURRENT_BINARY_DIR}/embedded_files.cpp")
  add_custom_command(
    OUTPUT "${output}"
    COMMAND ${CMAKE_COMMAND} -DROOT=${directory} -DOUTPUT=${output}
            -P "${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake"
    DEPENDS ${embedded_files} "${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake"
    COMMENT "Embedding schemas/")
  target_sources(${target} PRIVATE "${output}")
endfunction()
