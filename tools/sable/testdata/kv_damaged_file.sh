#!/bin/sh
# kv_damaged_file.sh COMMAND... -- runs `COMMAND kv get --kv sqlite:FILE k` on a FILE that is
# not a SQLite database (64 KiB of text) in a temporary directory.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
yes 'not a database' | head -c 65536 > "$tmp/damaged.db"
"$@" kv get --kv "sqlite:$tmp/damaged.db" k
