# include/sable/version.h, generated into the build tree: the project version (fixed at configure
# time) and the git commit (refreshed at every build by WriteVersionHeader.cmake, which rewrites
# the header only when its text changes, so an unchanged commit recompiles nothing).
set(SABLE_VERSION_HEADER ${PROJECT_BINARY_DIR}/include/sable/version.h)
add_custom_target(sable_version_header
  COMMAND ${CMAKE_COMMAND}
          -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
          -DOUTPUT=${SABLE_VERSION_HEADER}
          -DVERSION_MAJOR=${PROJECT_VERSION_MAJOR}
          -DVERSION_MINOR=${PROJECT_VERSION_MINOR}
          -DVERSION_PATCH=${PROJECT_VERSION_PATCH}
          -P ${CMAKE_CURRENT_LIST_DIR}/WriteVersionHeader.cmake
  BYPRODUCTS ${SABLE_VERSION_HEADER}
  COMMENT "Checking include/sable/version.h"
  VERBATIM)
add_dependencies(sable sable_version_header)
