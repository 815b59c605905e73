#!/usr/bin/env bash
# jco_check.sh KV-APP.wasm -- runs the middleware examples in jco's host (jco transpile + node,
# preview2-shim), where one instance can be called several times: kv-app's handle-request three
# times through cache.wasm, then logger.wasm, then a JavaScript Map (kv-host.js), and through
# logger.wasm, then cache.wasm, then the Map. Prints each stack's stdout and stderr. With the
# logger below the cache only the first get reaches it: the later ones are cache hits. Then
# calls cache.wasm alone over the Map (cache-calls.mjs): more keys than it holds, values too
# long to cache, values replaced, missing keys.
# Exit 77 (skipped) when node or jco is missing; never uses the network.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
app=$(realpath "$1")
modules=${SABLE_COMPONENT_KIT_MODULES:-${XDG_CACHE_HOME:-$HOME/.cache}/sable-component-kit/node_modules}
if ! command -v node > /dev/null || [[ ! -d $modules/@bytecodealliance/jco ]]; then
  echo "SKIPPED: node or jco (in $modules) is missing"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ln -s "$modules" "$work/node_modules"
cat > "$work/kv-host.js" <<'JS'
// The store at the bottom of the stack: a JavaScript Map.
const m = new Map();
export function get(key) { return m.get(key); }  // undefined is none
export function set(key, value) { m.set(key, value); }
JS
cat > "$work/run.mjs" <<'JS'
const { handleRequest } = await import(process.argv[2]);
for (let i = 0; i < 3; i++) console.log(handleRequest());
JS
# stack TOP BOTTOM: app <- TOP <- BOTTOM <- kv-host.js, each transpiled importing the next.
stack() {
  local dir=$work/$1-$2
  mkdir -p "$dir"
  "$modules/.bin/jco" transpile "$here/$2.wasm" -o "$dir/$2" -q --no-typescript --name "$2" \
    --map "example:kv/kv-store=../../kv-host.js"
  "$modules/.bin/jco" transpile "$here/$1.wasm" -o "$dir/$1" -q --no-typescript --name "$1" \
    --map "example:kv/kv-store=../$2/$2.js#kvStore"
  "$modules/.bin/jco" transpile "$app" -o "$dir/app" -q --no-typescript --name app \
    --map "example:kv/kv-store=../$1/$1.js#kvStore"
  echo "== app <- $1 <- $2 <- Map"
  (cd "$work" && node run.mjs "$dir/app/app.js" 2> "$dir/stderr")
  cat "$dir/stderr"
}
stack cache logger
stack logger cache
mkdir -p "$work/alone"
"$modules/.bin/jco" transpile "$here/cache.wasm" -o "$work/alone/cache" -q --no-typescript \
  --name cache --map "example:kv/kv-store=../../kv-host.js"
echo "== cache <- Map"
(cd "$work" && node "$here/cache-calls.mjs" "$work/alone/cache/cache.js")
