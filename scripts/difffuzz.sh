#!/usr/bin/env bash
# Differential fuzzing against binaryen's interpreter: scripts/difffuzz.sh N [SEED]
#   N      modules to generate and run
#   SEED   seed of the run (default: random); module i uses the bytes of SEED+i as input
#   SABLE_DIFFFUZZ_DRIVER  the driver (default build/default/tests/sable-difffuzz), with a
#                          launcher for a cross build: "qemu-aarch64 build/arm64/tests/sable-difffuzz"
# Each module comes from `wasm-opt -ttf` (random input bytes; Wasm 2.0 features Sable and
# binaryen 108 share: no reference types, which binaryen 108 encodes pre-standard; SIMD on request),
# binaryen's --fuzz-exec-before gives the reference transcript, and the driver runs the same
# module in Sable and compares export by export (fuzz/difffuzz_driver.cc says how).
#   SABLE_DIFFFUZZ_NANS=1  keep NaNs: by default binaryen's --denan pass replaces every NaN a
#   float operation produces with 0, because the spec lets an operation on a NaN return any
#   quiet NaN (binaryen's interpreter returns the canonical one, x86-64 propagates the input's
#   payload) and reinterpretations and stores carry those bits into integer results and
#   memory hashes, which then differ legitimately. Mismatching
# modules and transcripts stay in build/difffuzz/mismatch-*.
#   SABLE_DIFFFUZZ_SIMD=1  also generate SIMD (binaryen logs v128 values as four i32 lanes in
#   hexadecimal; --denan does not reach NaNs inside v128 values, so float lanes may differ in
#   NaN bits legitimately: read such mismatches before believing them).
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
N=${1:?usage: scripts/difffuzz.sh N [SEED]}
SEED=${2:-$RANDOM$RANDOM}
DRIVER=${SABLE_DIFFFUZZ_DRIVER:-build/default/tests/sable-difffuzz}
OUT=build/difffuzz
FEATURES=(--mvp-features --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int
          --enable-mutable-globals --enable-multivalue)
if [[ "${SABLE_DIFFFUZZ_SIMD:-0}" == 1 ]]; then FEATURES+=(--enable-simd); fi
mkdir -p "$OUT"
WORK=$(mktemp -d "$OUT/run.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
same=0; skipped=0; mismatches=0; repros=()
start=$SECONDS
for ((i = 0; i < N; i++)); do
  s=$((SEED + i))
  # 1-32 KiB of pseudo-random input bytes derived from the seed.
  size=$(( (s * 7919 % 32) * 1024 + 1024 ))
  openssl enc -aes-128-ctr -pass "pass:$s" -nosalt -pbkdf2 -in /dev/zero 2>/dev/null |
    head -c "$size" > "$WORK/in.bin"
  if [[ "${SABLE_DIFFFUZZ_NANS:-0}" == 1 ]]; then
    generated=(wasm-opt -ttf "$WORK/in.bin" "${FEATURES[@]}" -o "$WORK/m.wasm" --fuzz-exec-before)
  else
    # --denan runs after the generator, and --fuzz-exec-before would run before it: the
    # reference comes from a second invocation on the module as written.
    wasm-opt -ttf "$WORK/in.bin" "${FEATURES[@]}" --denan -o "$WORK/m.wasm" 2>/dev/null
    generated=(wasm-opt "$WORK/m.wasm" "${FEATURES[@]}" --fuzz-exec-before)
  fi
  if ! "${generated[@]}" > "$WORK/ref.txt" 2>&1; then
    echo "difffuzz: wasm-opt failed on seed $s" >&2
    continue
  fi
  # shellcheck disable=SC2086
  timeout 60 $DRIVER "$WORK/m.wasm" "$WORK/ref.txt" > "$WORK/sable.txt" 2>&1
  case $? in
    0) same=$((same + 1)) ;;
    3) skipped=$((skipped + 1)) ;;
    *) mismatches=$((mismatches + 1))
       dir=$OUT/mismatch-$s
       mkdir -p "$dir"
       cp "$WORK/in.bin" "$WORK/m.wasm" "$WORK/ref.txt" "$WORK/sable.txt" "$dir/"
       repros+=("$dir")
       echo "difffuzz: mismatch, seed $s: $dir ($(head -n 3 "$WORK/sable.txt" | tr '\n' ' '))" ;;
  esac
done
secs=$((SECONDS - start))
echo "difffuzz: $N modules, $mismatches mismatches ($same same, $skipped skipped) in ${secs}s, seed $SEED"
for r in "${repros[@]}"; do
  echo "difffuzz: reproduce: $DRIVER $r/m.wasm $r/ref.txt"
done
((mismatches == 0))
