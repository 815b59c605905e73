#!/usr/bin/env bash
# Rebuilds sockets-client.wasm from sockets-client.c and sockets.wit: clang-14 for wasm32-wasi
# (a reactor), then the kit's mkcomp.mjs (jco 1.35.0's componentEmbed/componentNew with its
# preview1 reactor adapter). Needs clang-14 + wasi-libc, node and the npm packages of
# ../kit/package.json in $SABLE_COMPONENT_KIT_MODULES (default
# ~/.cache/sable-component-kit/node_modules; ../regenerate.sh installs them).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
modules=${SABLE_COMPONENT_KIT_MODULES:-${XDG_CACHE_HOME:-$HOME/.cache}/sable-component-kit/node_modules}
[[ -d $modules/@bytecodealliance/jco ]] || { echo "build.sh: no jco in $modules" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/../kit/mkcomp.mjs" "$work/"
ln -s "$modules" "$work/node_modules"
clang-14 --target=wasm32-wasi -O2 -s -mexec-model=reactor -o "$work/core.wasm" \
  "$here/sockets-client.c"
node "$work/mkcomp.mjs" "$work/core.wasm" "$here/sockets.wit" client \
  "$here/../sockets-client.wasm" --reactor
echo "built $here/../sockets-client.wasm"
