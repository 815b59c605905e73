#!/usr/bin/env bash
# Key-value calls through the component boundary vs natively, and through a middleware vs
# direct, on every store (bench/micro/kv_calls.cc): builds sable-kvbench in the default preset,
# starts a redis-server of its own on a unix socket in a temporary directory (never saving), and
# measures memory, sqlite (a temporary file; synchronous=FULL, the default, and sync=normal) and
# that redis.
#   bench/kv_bench.sh [--ops N] [--reps R]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
(cd "$root" && cmake --build --preset default --target sable-kvbench -j2 > /dev/null)
tmp=$(mktemp -d)
server=
trap '[[ -n $server ]] && kill -9 "$server"; rm -rf "$tmp"' EXIT
uris=(memory "sqlite:$tmp/full.db" "sqlite:$tmp/normal.db?sync=normal")
if command -v redis-server > /dev/null; then
  redis-server --port 0 --unixsocket "$tmp/redis.sock" --save '' --appendonly no --dir "$tmp" \
    --logfile "$tmp/redis.log" --daemonize no &
  server=$!
  disown "$server"  # its SIGKILL at exit is expected: no job notice
  for _ in $(seq 100); do [[ -S $tmp/redis.sock ]] && break; sleep 0.1; done
  uris+=("redis+unix://$tmp/redis.sock")
else
  echo "kv_bench.sh: no redis-server (scripts/deps.sh installs it): redis left out" >&2
fi
"$root/build/default/bench/sable-kvbench" "$@" "${uris[@]}"
