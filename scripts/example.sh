#!/usr/bin/env bash
# Quick start, step 1: install what is missing, build the `sable` tool (preset `default`),
# validate an example module and run another through the JIT.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/deps.sh
cmake --preset default
cmake --build --preset default --target sable-cli   # the program build/default/tools/sable/sable
echo
echo "\$ build/default/tools/sable/sable validate examples/hello.wasm"
build/default/tools/sable/sable validate examples/hello.wasm
echo
echo "\$ build/default/tools/sable/sable run --invoke longest examples/collatz.wasm 1000000"
build/default/tools/sable/sable run --invoke longest examples/collatz.wasm 1000000
