# ctest script: installs Sable's build into WORK/prefix, builds tests/capi/consumer (a C-only
# project) against it with upstream's hello.c, and runs it where hello.wasm is.
#   cmake -DSABLE_BUILD_DIR=... -DWORK=... -DEXAMPLE_DIR=... -DEXPECTED=... -DBUILD_TYPE=...
#         -DTOOLCHAIN=... -DLAUNCHER=... -P installed_test.cmake
cmake_minimum_required(VERSION 3.25)

function(run)
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY ${WORK}/run RESULT_VARIABLE rc
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "failed (${rc}): ${cmd}\n${out}${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/run)
run(${CMAKE_COMMAND} --install ${SABLE_BUILD_DIR} --prefix ${WORK}/prefix)
foreach(file include/wasm.h lib/libsable_capi.a)
  if(NOT EXISTS ${WORK}/prefix/${file})
    message(FATAL_ERROR "cmake --install left no ${file} in ${WORK}/prefix")
  endif()
endforeach()
set(configure_args -G Ninja -S ${CMAKE_CURRENT_LIST_DIR}/consumer -B ${WORK}/build
    -DCMAKE_BUILD_TYPE=${BUILD_TYPE} -DCMAKE_PREFIX_PATH=${WORK}/prefix
    -DEXAMPLE=${EXAMPLE_DIR}/hello.c)
if(TOOLCHAIN)
  list(APPEND configure_args -DCMAKE_TOOLCHAIN_FILE=${TOOLCHAIN})
endif()
run(${CMAKE_COMMAND} ${configure_args})
run(${CMAKE_COMMAND} --build ${WORK}/build)
file(COPY ${EXAMPLE_DIR}/hello.wasm DESTINATION ${WORK}/run)
separate_arguments(launcher UNIX_COMMAND "${LAUNCHER}")
run(${launcher} ${WORK}/build/hello)
file(READ ${EXPECTED} expected)
if(NOT last_output STREQUAL expected)
  message(FATAL_ERROR "unexpected output of hello:\n${last_output}")
endif()
