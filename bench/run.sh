#!/usr/bin/env bash
# The benchmark suite in one command: builds sable-cli and the benchmark programs (Release, in
# build/bench), then runs bench/run.py with the given options (--runs N, --only a,b, ...).
# Results: build/bench/bench/results.md, results.json, results.png.
#   SABLE_BENCH_BUILD_DIR   another build directory (default build/bench)
#   SABLE_BENCH_CMAKE_ARGS  extra arguments for the CMake configure step
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${SABLE_BENCH_BUILD_DIR:-$root/build/bench}
cmake_args=()
if [[ -v SABLE_BENCH_CMAKE_ARGS ]]; then
  read -ra cmake_args <<<"$SABLE_BENCH_CMAKE_ARGS"
fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "${cmake_args[@]}" >/dev/null
ninja -C "$build" sable-cli bench-programs hello_wasi sable-microbench
exec python3 "$root/bench/run.py" --build-dir "$build" "$@"
