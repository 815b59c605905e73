# cmake -DWAT2WASM=... -DWAT=x.wat -DWASM=x.wasm -DOUT=tmp.wasm -P check_up_to_date.cmake
# Fails when the committed x.wasm differs from what wat2wasm makes of x.wat.
execute_process(COMMAND ${WAT2WASM} ${WAT} -o ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "wat2wasm failed on ${WAT}")
endif()
file(SHA256 ${OUT} fresh)
file(SHA256 ${WASM} committed)
if(NOT fresh STREQUAL committed)
  message(FATAL_ERROR "${WASM} is stale: run `cmake --build build/default --target examples`")
endif()
