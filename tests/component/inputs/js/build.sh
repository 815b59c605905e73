#!/usr/bin/env bash
# Rebuilds js-hello.wasm from hello.js and hello.wit with componentize-js 0.22 (StarlingMonkey),
# which jco 1.35.0 depends on. Needs node and the npm packages of ../kit/package.json in
# $SABLE_COMPONENT_KIT_MODULES (default ~/.cache/sable-component-kit/node_modules;
# ../regenerate.sh installs them). Takes minutes (Wizer pre-initialises the engine).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
modules=${SABLE_COMPONENT_KIT_MODULES:-${XDG_CACHE_HOME:-$HOME/.cache}/sable-component-kit/node_modules}
[[ -d $modules/@bytecodealliance/componentize-js ]] || {
  echo "build.sh: no @bytecodealliance/componentize-js in $modules" >&2
  exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/componentize.mjs" "$here/hello.js" "$here/hello.wit" "$work/"
ln -s "$modules" "$work/node_modules"
(cd "$work" && node componentize.mjs hello.js hello.wit hello "$here/../js-hello.wasm")
