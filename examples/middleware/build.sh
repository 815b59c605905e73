#!/usr/bin/env bash
# Builds the middleware examples from source: logger.c and cache.c with clang-14 for
# wasm32-wasi (a reactor core module each), then a component of each with jco 1.35.0
# (mkcomp.mjs: the world `middleware` of kv.wit, the WASI preview 1 reactor adapter).
#
#   build.sh           rebuild logger.wasm and cache.wasm here
#   build.sh --check   rebuild in a scratch directory and compare with the committed files;
#                      exit 77 (skipped) when clang-14, wasi-libc, node or the npm packages
#                      are missing
#
# Needs clang-14, lld-14, wasi-libc, libclang-rt-14-dev-wasm32 (Debian) and node >= 18, with
# jco in $SABLE_COMPONENT_KIT_MODULES (default ~/.cache/sable-component-kit/node_modules, where
# scripts/deps.sh and tests/component/inputs/regenerate.sh install it; or `npm install` in this
# directory, which package.json pins). It never uses the network. The build is deterministic.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
modules=${SABLE_COMPONENT_KIT_MODULES:-${XDG_CACHE_HOME:-$HOME/.cache}/sable-component-kit/node_modules}
[[ -d $modules/@bytecodealliance/jco ]] || modules=$here/node_modules
check=0
if [[ ${1:-} == --check ]]; then check=1; fi

missing=""
for tool in node clang-14; do
  command -v "$tool" > /dev/null || missing+=" $tool"
done
[[ -f /usr/lib/wasm32-wasi/libc.a ]] || missing+=" wasi-libc"
[[ -d $modules/@bytecodealliance/jco ]] ||
  missing+=" jco (run scripts/deps.sh, or npm install in examples/middleware)"
if [[ -n $missing ]]; then
  if [[ $check == 1 ]]; then
    echo "SKIPPED: cannot rebuild the middleware examples, missing:$missing"
    exit 77
  fi
  echo "build.sh: missing:$missing" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/mkcomp.mjs" "$work/"
ln -s "$modules" "$work/node_modules"
for c in logger cache; do
  clang-14 --target=wasm32-wasi -mexec-model=reactor -O2 -s -Wall -Wextra -Werror \
    -o "$work/$c.core.wasm" "$here/$c.c"
  node "$work/mkcomp.mjs" "$work/$c.core.wasm" "$here/kv.wit" middleware "$work/$c.wasm"
done

status=0
for c in logger cache; do
  if [[ $check == 0 ]]; then
    cp "$work/$c.wasm" "$here/$c.wasm"
  elif ! cmp -s "$work/$c.wasm" "$here/$c.wasm"; then
    echo "OUT OF DATE: examples/middleware/$c.wasm differs from what $c.c builds (run examples/middleware/build.sh)"
    status=1
  fi
done
if [[ $check == 1 && $status == 0 ]]; then echo "up to date: logger.wasm and cache.wasm"; fi
exit $status
