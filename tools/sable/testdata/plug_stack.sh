#!/bin/sh
# plug_stack.sh COMPONENTS COMMAND... -- composes the testkit's app <- logger <- store with
# `COMMAND plug` into a temporary file, then prints its world (`COMMAND wit`) and runs
# handle-request once; the logger's lines go to stderr.
components=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$@" plug "$components/kv-app.wasm" --plug "$components/logger.wasm" \
  --plug "$components/store.wasm" -o "$tmp/service.wasm" || exit $?
"$@" wit "$tmp/service.wasm" || exit $?
"$@" run --invoke 'handle-request()' "$tmp/service.wasm"
