#!/bin/sh
# compose_runs.sh APP MIDDLEWARE-DIR COMMAND... -- the README's "Compose into one file": composes
# APP <- logger <- cache with `COMMAND plug` into a temporary file, then runs its handle-request
# twice, each run a separate process, over one fresh SQLite file.
app=$1 mw=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$@" plug "$app" --plug "$mw/logger.wasm" --plug "$mw/cache.wasm" -o "$tmp/service.wasm" || exit $?
for _ in 1 2; do
  "$@" run --kv "sqlite:$tmp/visits.db" --invoke 'handle-request()' "$tmp/service.wasm" || exit $?
done
