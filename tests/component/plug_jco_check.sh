#!/usr/bin/env bash
# plug_jco_check.sh INPUTS SABLE... -- the output of `sable plug` is a standard component:
# composes the testkit's app <- logger <- store with SABLE (the command, with any launcher
# before it), then checks that jco (Bytecode Alliance's JS toolchain, another Component Model
# implementation) reads the world we expect (`jco wit`, the world of the testkit's own stack)
# and that the composition transpiled by jco and run by node prints what jco's host printed
# for the testkit's stack and what `sable run` prints for our file.
# Exits 77 (skipped) where node or the cached npm packages are missing.
set -uo pipefail
inputs=$1
shift
modules=${SABLE_COMPONENT_KIT_MODULES:-${XDG_CACHE_HOME:-$HOME/.cache}/sable-component-kit/node_modules}
jco=$modules/.bin/jco
if ! command -v node > /dev/null || [[ ! -x $jco ]]; then
  echo "SKIPPED: node or jco missing (run scripts/deps.sh, or set SABLE_COMPONENT_KIT_MODULES)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$@" plug "$inputs/kv-app.wasm" --plug "$inputs/logger.wasm" --plug "$inputs/store.wasm" \
  -o "$tmp/service.wasm" || fail "sable plug"

# 1. jco reads the world: only the WASI imports and handle-request.
"$jco" wit "$tmp/service.wasm" > "$tmp/service.wit" || fail "jco wit refused the composition"
diff -u "$inputs/reference/stack.wit.txt" "$tmp/service.wit" || fail "jco wit shows another world"

# 2. jco's host runs it as it ran the testkit's stack.
"$jco" transpile "$tmp/service.wasm" -o "$tmp/js" -q --no-typescript --name service ||
  fail "jco transpile refused the composition"
ln -s "$modules" "$tmp/node_modules"
cat > "$tmp/run.mjs" <<'JS'
import { handleRequest } from './js/service.js';
for (let i = 0; i < 3; i++) console.log(handleRequest());
JS
node "$tmp/run.mjs" > "$tmp/node.out" 2> "$tmp/node.err" || fail "node: $(cat "$tmp/node.err")"
diff -u "$inputs/reference/stack.stdout.txt" "$tmp/node.out" || fail "jco's host printed other results"
diff -u "$inputs/reference/stack.stderr.txt" "$tmp/node.err" || fail "jco's host logged other lines"

# 3. sable runs the same file with the same first result and log lines.
"$@" run --invoke 'handle-request()' "$tmp/service.wasm" > "$tmp/sable.out" 2> "$tmp/sable.err" ||
  fail "sable run: $(cat "$tmp/sable.err")"
[[ $(cat "$tmp/sable.out") == "\"$(head -n 1 "$tmp/node.out")\"" ]] ||
  fail "sable printed $(cat "$tmp/sable.out"), jco's host $(head -n 1 "$tmp/node.out")"
diff -u <(head -n 2 "$tmp/node.err") "$tmp/sable.err" || fail "sable logged other lines"
echo "ok: jco reads the world, and jco's host and sable run the composition alike"
