# ctest script: builds examples/embed as an outside project would and runs it.
#   cmake -DMODE=installed|subproject -DSABLE_BUILD_DIR=... -DSABLE_SOURCE_DIR=... -DWORK=...
#         -DBUILD_TYPE=... -DCXX_FLAGS=... -DTOOLCHAIN=... -DLAUNCHER=... -DWERROR=... -DSHARED=...
#         -P package_test.cmake
# installed:  `cmake --install` of Sable's build into WORK/prefix, then find_package(Sable).
# subproject: add_subdirectory(Sable) inside the example's own build.
# The example's build type and flags are Sable's, so ccache can reuse Sable's objects.
cmake_minimum_required(VERSION 3.25)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "failed (${rc}): ${cmd}\n${out}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

set(example_dir ${CMAKE_CURRENT_LIST_DIR})
set(build_dir ${WORK}/${MODE})
file(REMOVE_RECURSE ${build_dir})
set(configure_args -G Ninja -S ${example_dir} -B ${build_dir}
    -DCMAKE_BUILD_TYPE=${BUILD_TYPE} "-DCMAKE_CXX_FLAGS_${BUILD_TYPE}=${CXX_FLAGS}")
if(TOOLCHAIN)
  list(APPEND configure_args -DCMAKE_TOOLCHAIN_FILE=${TOOLCHAIN})
endif()

if(MODE STREQUAL "installed")
  file(REMOVE_RECURSE ${WORK}/prefix)
  run(${CMAKE_COMMAND} --install ${SABLE_BUILD_DIR} --prefix ${WORK}/prefix)
  set(shared_library)
  if(SHARED)
    set(shared_library lib/libsable.so)
  endif()
  foreach(file lib/libsable.a ${shared_library} include/sable/sable.h include/sable/version.h
               lib/cmake/Sable/SableConfig.cmake lib/pkgconfig/sable.pc)
    # GNUInstallDirs may choose lib64 or a multiarch libdir: accept any lib*.
    file(GLOB found ${WORK}/prefix/${file} ${WORK}/prefix/lib*/${file})
    string(REGEX REPLACE "^lib/" "" rest "${file}")
    file(GLOB_RECURSE found_anywhere ${WORK}/prefix/*/${rest})
    if(NOT found AND NOT found_anywhere)
      message(FATAL_ERROR "cmake --install left no ${file} in ${WORK}/prefix")
    endif()
  endforeach()
  list(APPEND configure_args -DCMAKE_PREFIX_PATH=${WORK}/prefix)
else()
  list(APPEND configure_args -DSABLE_SOURCE_DIR=${SABLE_SOURCE_DIR} -DSABLE_WERROR=${WERROR})
endif()

run(${CMAKE_COMMAND} ${configure_args})
run(${CMAKE_COMMAND} --build ${build_dir} --target embed)
separate_arguments(launcher UNIX_COMMAND "${LAUNCHER}")
run(${launcher} ${build_dir}/embed ${example_dir}/sensor.wasm 4)
set(expected "round 0: guest trapped \\(integer divide by zero\\); carrying on\nround 1: average 5\nround 2: average 12\nround 3: average 23\ndone: 4 rounds, 1 trap\\(s\\)\n")
if(NOT last_output MATCHES "${expected}")
  message(FATAL_ERROR "unexpected output of embed:\n${last_output}")
endif()
message(STATUS "${MODE}: ${last_output}")
