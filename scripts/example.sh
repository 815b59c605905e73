#!/usr/bin/env bash
# Quick start, step 1: install what is missing, build the `sable` tool (preset `default`),
# validate an example module, run another through the JIT, and run a WASI command written in C
# (examples/hello_wasi.c, compiled with clang-14 --target=wasm32-wasi) with `sable run`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/deps.sh
cmake --preset default
# The program build/default/tools/sable/sable, and build/default/examples/hello_wasi.wasm.
cmake --build --preset default --target sable-cli hello_wasi
echo
echo "\$ build/default/tools/sable/sable validate examples/hello.wasm"
build/default/tools/sable/sable validate examples/hello.wasm
echo
echo "\$ build/default/tools/sable/sable run --invoke longest examples/collatz.wasm 1000000"
build/default/tools/sable/sable run --invoke longest examples/collatz.wasm 1000000
echo
# The program may touch only the directory granted with --dir (seen as "data") and the variables
# granted with --env; it writes data/hello.txt, reads it back and fails to escape to /etc.
data=build/default/examples/hello_wasi_data
mkdir -p "$data"
echo "\$ build/default/tools/sable/sable run --dir $data::data --env GREETING=hello build/default/examples/hello_wasi.wasm world"
build/default/tools/sable/sable run --dir "$data::data" --env GREETING=hello \
  build/default/examples/hello_wasi.wasm world
