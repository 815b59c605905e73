#!/usr/bin/env bash
# Fuzzes the decoder and validator with libFuzzer: scripts/fuzz.sh [SECONDS]
#   SECONDS               how long to fuzz (default: $SABLE_FUZZ_SECONDS, else 600; 0 = build only)
#   SABLE_SHARED_DIR      shared test data (default: ../shared beside the checkout); the spec
#                         suite's modules become seeds
#   SABLE_FUZZER          which target: decode_validate_fuzzer (default; decoder + validator),
#                         compile_fuzzer (the JIT, checked against the validator) or
#                         component_fuzzer (Component::compile, seeded from the shared
#                         component-model-tests/bin/**/*.wasm)
#   SABLE_FUZZ_ARGS       extra libFuzzer flags, e.g. "-use_value_profile=1"
#   SABLE_SKIP_DEPS=1     do not check the Debian packages (scripts/test.sh already did)
# Builds the `fuzz` preset, grows the corpus in fuzz/corpus/<target>/ (kept between runs, not
# committed) and writes crashing inputs to fuzz/artifacts/. Exits non-zero on a finding.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

FUZZ_SECONDS=${1:-${SABLE_FUZZ_SECONDS:-600}}
if ! [[ "$FUZZ_SECONDS" =~ ^[0-9]+$ ]]; then
  echo "usage: scripts/fuzz.sh [SECONDS]" >&2
  exit 2
fi
SHARED=${SABLE_SHARED_DIR:-$ROOT/../shared}
FUZZER=${SABLE_FUZZER:-decode_validate_fuzzer}
BUILD=build/fuzz
CORPUS=fuzz/corpus/${FUZZER%_fuzzer}
ARTIFACTS=fuzz/artifacts
SPEC_SEEDS=$BUILD/seeds/spec
SUMMARY=$BUILD/last-run.txt
# These core .wast files use newer text syntax than wabt 1.0.32 reads (see ../shared/README.md).
KNOWN_UNPARSEABLE=" comments if table_fill table_get table_grow table_set table_size "

[[ "${SABLE_SKIP_DEPS:-0}" == 1 ]] || bash scripts/deps.sh
cmake --preset fuzz
# Build every fuzz target, not only the one that runs, so none of them rots unnoticed.
cmake --build --preset fuzz
rm -f "$SUMMARY"
if ((FUZZ_SECONDS == 0)); then  # libFuzzer would take -max_total_time=0 as "forever"
  echo "fuzz: built $BUILD/fuzz/$FUZZER; 0 seconds asked, not fuzzing" | tee "$SUMMARY"
  exit 0
fi

# Seeds from the spec suite: every module wast2json extracts from the core .wast scripts,
# converted once per build directory (delete build/fuzz/seeds to redo it).
SUITE=$SHARED/wasm-testsuite/core
if [[ ! -d "$SUITE" ]]; then
  echo "fuzz: no spec suite at $SUITE (set SABLE_SHARED_DIR); seeding from fuzz/seeds only"
elif [[ ! -f "$SPEC_SEEDS/.stamp" || "$(cat "$SPEC_SEEDS/.stamp")" != "$SUITE" ]]; then
  echo "fuzz: converting $SUITE/*.wast into seeds"
  rm -rf "$SPEC_SEEDS" "$BUILD/seeds/tmp"
  mkdir -p "$SPEC_SEEDS" "$BUILD/seeds/tmp"
  converted=0; skipped=(); unexpected=()
  for wast in "$SUITE"/*.wast; do
    name=$(basename "$wast" .wast)
    # The braces also silence the shell's "Aborted" notice when wast2json crashes on a script.
    if { wast2json --enable-all "$wast" -o "$BUILD/seeds/tmp/$name.json"; } >/dev/null 2>&1; then
      converted=$((converted + 1))
    elif [[ "$KNOWN_UNPARSEABLE" == *" $name "* ]]; then
      skipped+=("$name")
    else
      unexpected+=("$name")
    fi
  done
  # Only binary modules: the .wat files are assert_malformed text for a parser Sable lacks.
  find "$BUILD/seeds/tmp" -name '*.wasm' -exec mv -t "$SPEC_SEEDS" {} +
  rm -rf "$BUILD/seeds/tmp"
  echo "$SUITE" > "$SPEC_SEEDS/.stamp"
  echo "fuzz: $converted scripts converted, ${#skipped[@]} skipped as known (${skipped[*]:-none})"
  if ((${#unexpected[@]})); then
    echo "fuzz: warning: wast2json also failed on: ${unexpected[*]}"
  fi
fi
SEED_DIRS=(fuzz/seeds)
if [[ "$FUZZER" == component_fuzzer ]]; then
  # Components, not core modules: the Component Model reference tests' binaries (every
  # bin/<folder>/<script>/NNN.wasm, copied flat under build/fuzz/seeds/components).
  CM_BIN=$SHARED/component-model-tests/bin
  CM_SEEDS=$BUILD/seeds/components
  SEED_DIRS=()
  if [[ -d "$CM_BIN" ]]; then
    rm -rf "$CM_SEEDS" && mkdir -p "$CM_SEEDS"
    while IFS= read -r f; do
      rel=${f#"$CM_BIN"/}
      cp "$f" "$CM_SEEDS/${rel//\//_}"
    done < <(find "$CM_BIN" -name '*.wasm')
    SEED_DIRS+=("$CM_SEEDS")
    echo "fuzz: $(find "$CM_SEEDS" -name '*.wasm' | wc -l) component seeds from $CM_BIN"
  else
    echo "fuzz: no component reference tests at $CM_BIN (set SABLE_SHARED_DIR); no seeds"
  fi
elif [[ -d "$SPEC_SEEDS" ]]; then
  SEED_DIRS+=("$SPEC_SEEDS")
  echo "fuzz: $(find "$SPEC_SEEDS" -name '*.wasm' | wc -l) spec modules + $(ls fuzz/seeds | wc -l) hand-made seeds"
fi

# Stack traces for UBSan findings too (ASan prints them anyway).
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
mkdir -p "$CORPUS" "$ARTIFACTS"
LOG=$BUILD/fuzz.log
START_MARK=$BUILD/.fuzz-start
touch "$START_MARK"
echo "fuzz: running $FUZZER for ${FUZZ_SECONDS}s (log: $LOG)"
# The first directory receives new inputs; the seed directories are only read.
# shellcheck disable=SC2206
EXTRA=(${SABLE_FUZZ_ARGS:-})
CMD=("$BUILD/fuzz/$FUZZER" -max_total_time="$FUZZ_SECONDS" -print_final_stats=1
     -dict=fuzz/wasm.dict -artifact_prefix="$ARTIFACTS/" -timeout=10 -rss_limit_mb=2048
     "${EXTRA[@]}" "$CORPUS" "${SEED_DIRS[@]}")
set +e
if [[ -t 1 ]]; then
  "${CMD[@]}" 2>&1 | tee "$LOG"
  rc=${PIPESTATUS[0]}
else
  "${CMD[@]}" > "$LOG" 2>&1
  rc=$?
  grep -E '^INFO: (seed corpus|[0-9]+ files found)' "$LOG" || true
fi
set -e

final_stat() { sed -n "s/^stat::$1: *//p" "$LOG" | tail -n 1; }
execs=$(final_stat number_of_executed_units)
speed=$(final_stat average_exec_per_sec)
added=$(final_stat new_units_added)
rss=$(final_stat peak_rss_mb)
findings=$(find "$ARTIFACTS" -type f -newer "$START_MARK" | sort)

if [[ $rc -eq 0 && -z "$findings" ]]; then
  [[ -t 1 ]] || tail -n 12 "$LOG"
  line="fuzz: ${execs:-?} executions in ${FUZZ_SECONDS}s (${speed:-?}/s, ${added:-?} new corpus inputs, peak RSS ${rss:-?} MB), no crashes"
  echo "$line" | tee "$SUMMARY"
  exit 0
fi
if [[ $rc -eq 0 ]]; then rc=1; fi
line="fuzz: FAILED (libFuzzer exit $rc) after ${execs:-?} executions"
echo "$line" | tee "$SUMMARY"
if [[ ! -t 1 ]]; then
  echo "---- last 60 lines of $LOG ----"
  tail -n 60 "$LOG"
fi
for f in $findings; do
  echo "fuzz: finding: $f   reproduce: $BUILD/fuzz/$FUZZER $f"
done
exit "$rc"
