# The layers of libsable (docs/architecture.md, "Layers"), lowest first:
#
#   core (the WebAssembly format) -> abi (what generated code and the runtime share)
#     -> platform -> arch -> jit -> runtime -> component;   host-wasi and tools/ use public headers only
#   (host-wasip2 also host-wasi's path resolver and path_ops: host-wasip2/CMakeLists.txt, BELOW).
#
# Each folder is an OBJECT library whose objects make up libsable. A layer's include path is a
# folder of symbolic links to exactly its own folder and the folders below it (plus the public
# headers), so an include that points the wrong way fails to compile; scripts/check_includes.py
# checks the same graph from the sources (scripts/test.sh runs it).

# Options every layer is compiled with besides sable_options (the fuzz build adds its
# instrumentation here).
add_library(sable_layer_flags INTERFACE)

# sable_layer(FOLDER [BELOW FOLDER...] SOURCES FILE...): the target sable_layer_<FOLDER>.
function(sable_layer folder)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "BELOW;SOURCES")
  string(REPLACE "-" "_" name "sable_layer_${folder}")
  set(view ${PROJECT_BINARY_DIR}/layers/${folder})
  # Rebuilt on every configure, so a folder taken off BELOW stops being visible.
  file(REMOVE_RECURSE ${view})
  file(MAKE_DIRECTORY ${view})
  foreach(visible IN LISTS arg_BELOW ITEMS ${folder})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${visible} ${view}/${visible} SYMBOLIC)
  endforeach()
  add_library(${name} OBJECT ${arg_SOURCES})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_include_directories(${name} PRIVATE ${view} ${PROJECT_SOURCE_DIR}/include)
  target_link_libraries(${name} PRIVATE sable_options sable_layer_flags)
  target_sources(sable PRIVATE $<TARGET_OBJECTS:${name}>)
endfunction()
