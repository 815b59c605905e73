#!/usr/bin/env bash
# Quick start, step 1: install what is missing, build the `sable` tool (preset `default`) and
# validate the example module.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/deps.sh
cmake --preset default
cmake --build --preset default --target sable-cli   # the program build/default/tools/sable/sable
echo
echo "\$ build/default/tools/sable/sable validate examples/hello.wasm"
build/default/tools/sable/sable validate examples/hello.wasm
