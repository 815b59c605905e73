#!/bin/sh
# wat_pipe.sh SABLE... -- pipes run.wat (beside this script), after 200 KB of spaces, into
# `SABLE... run --invoke add /dev/stdin 40 2`: a text module read from a stream, chunk by chunk,
# must be read whole (the reader stops early only on bytes that can be neither a binary nor
# text; the spaces fill several chunks first).
{ head -c 200000 /dev/zero | tr '\0' ' '; cat "$(dirname "$0")/run.wat"; } |
  "$@" run --invoke add /dev/stdin 40 2
