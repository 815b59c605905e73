#!/bin/sh
# kv_visits.sh KIND COMPONENT REDIS-SERVER COMMAND... -- runs `COMMAND run --kv URI --invoke
# 'handle-request()' COMPONENT` three times, each a separate process, against one fresh store of
# KIND (sqlite: a file in a temporary directory; redis: REDIS-SERVER started on a unix socket
# there, never saving, killed at the end), then `COMMAND kv get --kv URI visits`.
kind=$1 component=$2 redis=$3
shift 3
tmp=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill -9 $server; rm -rf "$tmp"' EXIT
case $kind in
  sqlite) uri="sqlite:$tmp/kv.db" ;;
  redis)
    "$redis" --port 0 --unixsocket "$tmp/redis.sock" --save '' --appendonly no --dir "$tmp" \
      --logfile "$tmp/redis.log" --daemonize no &
    server=$!
    for _ in $(seq 100); do [ -S "$tmp/redis.sock" ] && break; sleep 0.1; done
    uri="redis+unix://$tmp/redis.sock" ;;
  *) echo "kv_visits.sh: unknown store kind $kind" >&2; exit 2 ;;
esac
for _ in 1 2 3; do
  "$@" run --kv "$uri" --invoke 'handle-request()' "$component" || exit $?
done
"$@" kv get --kv "$uri" visits
