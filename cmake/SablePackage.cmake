# The installable package: libsable.a and libsable.so (same PIC objects), the public headers
# (with the generated sable/version.h), the C API (libsable_capi.a and wasm.h), a CMake package
# (find_package(Sable) gives Sable::sable, Sable::sable_capi and Sable::sable_shared) and sable.pc
# for pkg-config.
include(CMakePackageConfigHelpers)

if(SABLE_BUILD_SHARED)
  # Every object of libsable.a, linked whole into the shared library: nothing compiled twice.
  # CMake wants a source of the target's own; the code all comes from libsable.a.
  file(WRITE ${PROJECT_BINARY_DIR}/sable_shared.cc "// libsable.so is libsable.a linked whole.\n")
  add_library(sable_shared SHARED ${PROJECT_BINARY_DIR}/sable_shared.cc)
  add_library(Sable::sable_shared ALIAS sable_shared)
  target_link_libraries(sable_shared PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,sable>"
                                     PUBLIC asmjit::asmjit Threads::Threads)
  target_include_directories(sable_shared INTERFACE
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  set_target_properties(sable_shared PROPERTIES
    OUTPUT_NAME sable
    VERSION ${PROJECT_VERSION}
    SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
  set(_sable_shared_target sable_shared)
endif()

if(NOT SABLE_INSTALL)
  return()
endif()

install(TARGETS sable sable_capi ${_sable_shared_target} EXPORT SableTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/sable DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")
install(FILES ${SABLE_VERSION_HEADER} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/sable)

set(_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/Sable)
install(EXPORT SableTargets NAMESPACE Sable:: DESTINATION ${_cmake_dir})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/SableConfig.cmake.in
  ${PROJECT_BINARY_DIR}/SableConfig.cmake INSTALL_DESTINATION ${_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/SableConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/SableConfig.cmake ${PROJECT_BINARY_DIR}/SableConfigVersion.cmake
  DESTINATION ${_cmake_dir})

configure_file(${CMAKE_CURRENT_LIST_DIR}/sable.pc.in ${PROJECT_BINARY_DIR}/sable.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/sable.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
