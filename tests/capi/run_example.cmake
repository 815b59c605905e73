# cmake -DWORKDIR=<dir> -DEXIT=<status> -DEXPECTED_STDOUT=<file> [-DEXPECTED_STDERR=<file>]
#       [-DUNORDERED=ON] -P run_example.cmake -- PROGRAM ARGS...
# Runs a wasm-c-api example in WORKDIR (where its .wasm is) and fails unless it exits with EXIT
# (a crash or a sanitizer report never passes) and its stdout is exactly EXPECTED_STDOUT's text.
# Stderr must be empty, or exactly EXPECTED_STDERR's text. UNORDERED compares stdout as a
# multiset of lines, for examples whose threads print in any order.
set(command)
set(seen_separator FALSE)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE 0 ${last})
  if(seen_separator)
    list(APPEND command "${CMAKE_ARGV${i}}")
  elseif(CMAKE_ARGV${i} STREQUAL "--")
    set(seen_separator TRUE)
  endif()
endforeach()

execute_process(COMMAND ${command} WORKING_DIRECTORY ${WORKDIR}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(READ ${EXPECTED_STDOUT} expected)
set(expected_err "")
if(DEFINED EXPECTED_STDERR)
  file(READ ${EXPECTED_STDERR} expected_err)
endif()

if(NOT status STREQUAL "${EXIT}")
  message(FATAL_ERROR "exit status ${status}, expected ${EXIT}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(UNORDERED)
  # Lines as list elements: escape the list separator first.
  foreach(text out expected)
    string(REPLACE ";" "\\;" lines "${${text}}")
    string(REPLACE "\n" ";" lines "${lines}")
    list(SORT lines)
    set(${text}_compared "${lines}")
  endforeach()
else()
  set(out_compared "${out}")
  set(expected_compared "${expected}")
endif()
if(NOT out_compared STREQUAL expected_compared)
  message(FATAL_ERROR "stdout differs from ${EXPECTED_STDOUT}:\n--- got:\n${out}--- expected:\n"
                      "${expected}--- stderr:\n${err}")
endif()
if(NOT err STREQUAL expected_err)
  message(FATAL_ERROR "stderr differs from what was expected:\n--- got:\n${err}"
                      "--- expected:\n${expected_err}")
endif()
