#!/bin/sh
# compose_shared.sh COMPONENTS COMMAND... -- `COMMAND compose` with a description in which one
# store feeds two consumers (the app directly, and a logger exported beside it), then runs the
# app's handle-request and prints the composed component's world.
components=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/shared.json" <<JSON
{
  "components": {
    "store": "$components/store.wasm",
    "log":   {"file": "$components/logger.wasm", "imports": {"example:kv/kv-store": "store"}},
    "app":   {"file": "$components/kv-app.wasm",
              "imports": {"example:kv/kv-store": {"from": "store", "export": "example:kv/kv-store"}}}
  },
  "exports": {"handle-request": "app", "example:kv/kv-store": "log"}
}
JSON
"$@" compose "$tmp/shared.json" -o "$tmp/shared.wasm" || exit $?
"$@" wit "$tmp/shared.wasm" || exit $?
"$@" run --invoke 'handle-request()' "$tmp/shared.wasm"
