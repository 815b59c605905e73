#!/bin/sh
# sparse_module.sh SABLE... -- runs `SABLE... run FILE` on a sparse regular file one byte larger
# than the module size limit (1 GiB): sable must refuse it by its size, before reading it.
file=$(mktemp) || exit 99
trap 'rm -f "$file"' EXIT
truncate -s 1073741825 "$file" || exit 99
"$@" run "$file"
