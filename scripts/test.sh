#!/usr/bin/env bash
# Quick start, step 2 (and CI): installs what is missing, then
#   0. checks the include graph of the layers (scripts/check_includes.py)
#   1. builds the `default` preset and runs its tests        (ctest --output-on-failure -j2)
#   2. cross-builds the `arm64` preset (AArch64: everything, tests included) and runs all its
#      tests under qemu-aarch64: unit tests, the spec suite in both memory modes, the WASI
#      testsuite, the CLI and example tests
#   3. builds the `asan` preset (ASan + UBSan) and runs its tests
#   4. builds the `fuzz` preset and fuzzes the decoder/validator, the compiler (JIT checked
#      against the validator) and the component decoder/validator, each for SABLE_FUZZ_SECONDS
#      (60), seeded with the spec suite's modules (components: the Component Model reference
#      binaries). Every step runs even if an earlier one failed; a summary
# closes the output and the exit status is non-zero if anything failed.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

FUZZ_SECONDS=${SABLE_FUZZ_SECONDS:-60}
LOGS=build/logs
# Let ccache reuse objects compiled in another checkout of the repository (CI clones afresh).
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$ROOT}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}

RESULTS=()
FAILED=0
record() {  # record PASS|FAIL STEP DETAIL SECONDS
  RESULTS+=("$(printf '%-4s  %-22s %6ss  %s' "$1" "$2" "$4" "$3")")
  [[ "$1" == PASS ]] || FAILED=$((FAILED + 1))
}
banner() { printf '\n======== %s ========\n' "$*"; }

# build_and_test PRESET [CTEST ARGS...]: configure, build everything, run ctest.
build_and_test() {
  local preset=$1 start=$SECONDS log="$LOGS/ctest-$1.log"
  shift
  banner "$preset: configure and build"
  if ! { cmake --preset "$preset" && cmake --build --preset "$preset"; }; then
    record FAIL "$preset build" "configure or build failed" $((SECONDS - start))
    record FAIL "$preset tests" "not run" 0
    return
  fi
  record PASS "$preset build" "" $((SECONDS - start))

  start=$SECONDS
  banner "$preset: tests"
  ctest --preset "$preset" --output-on-failure -j2 "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local line
  line=$(grep -E '^[0-9]+% tests passed' "$log" | tail -n 1)
  [[ -n "$line" ]] || line=$(grep -E 'No tests were found' "$log" | tail -n 1)
  if [[ $rc -eq 0 ]]; then
    record PASS "$preset tests" "${line:-ctest passed}" $((SECONDS - start))
  else
    record FAIL "$preset tests" "${line:-ctest exit $rc} (log: $log)" $((SECONDS - start))
  fi
}

start=$SECONDS
banner "deps"
if ! bash scripts/deps.sh --arm64; then
  echo "test.sh: installing the Debian packages failed; see above" >&2
  exit 1
fi
mkdir -p "$LOGS"

# The layer graph (docs/architecture.md): no include may point the wrong way.
banner "include graph"
step_start=$SECONDS
if python3 scripts/check_includes.py > "$LOGS/includes.log" 2>&1; then
  record PASS "include graph" "$(tail -n 1 "$LOGS/includes.log")" $((SECONDS - step_start))
else
  cat "$LOGS/includes.log"
  record FAIL "include graph" "$(tail -n 1 "$LOGS/includes.log") (log: $LOGS/includes.log)" \
    $((SECONDS - step_start))
fi

build_and_test default
# Under qemu-user: every test of the cross build (spec results in build/arm64/spec-results*.json).
build_and_test arm64
build_and_test asan

# fuzz_step TARGET: run one libFuzzer target for FUZZ_SECONDS (fuzz.sh builds them all once;
# the second call finds the build up to date).
fuzz_step() {
  local target=$1 start=$SECONDS
  banner "fuzz: $target for ${FUZZ_SECONDS}s"
  if SABLE_SKIP_DEPS=1 SABLE_FUZZER=$target bash scripts/fuzz.sh "$FUZZ_SECONDS"; then
    record PASS "fuzz ${target%_fuzzer}" "$(cat build/fuzz/last-run.txt 2>/dev/null)" $((SECONDS - start))
  else
    local detail
    detail=$(cat build/fuzz/last-run.txt 2>/dev/null || echo "fuzz build failed")
    record FAIL "fuzz ${target%_fuzzer}" "$detail" $((SECONDS - start))
  fi
}
fuzz_step decode_validate_fuzzer
fuzz_step compile_fuzzer
fuzz_step component_fuzzer

# Differential fuzzing against binaryen's interpreter (x86-64 default build), a short run; the
# long soak is a documented command (README).
start=$SECONDS
banner "difffuzz: ${SABLE_DIFFFUZZ_MODULES:-300} modules"
if bash scripts/difffuzz.sh "${SABLE_DIFFFUZZ_MODULES:-300}" 2>&1 | tee "$LOGS/difffuzz.log"; then
  record PASS "difffuzz" "$(grep '^difffuzz: [0-9]' "$LOGS/difffuzz.log" | tail -n 1)" $((SECONDS - start))
else
  record FAIL "difffuzz" "$(grep '^difffuzz: [0-9]' "$LOGS/difffuzz.log" | tail -n 1) (log: $LOGS/difffuzz.log)" $((SECONDS - start))
fi

banner "summary"
printf '%s\n' "${RESULTS[@]}"
if ((FAILED == 0)); then
  echo "test.sh: all ${#RESULTS[@]} steps passed in ${SECONDS}s"
  exit 0
fi
echo "test.sh: $FAILED of ${#RESULTS[@]} steps FAILED (total ${SECONDS}s)"
exit 1
