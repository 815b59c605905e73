#!/bin/sh
# closed_pipe.sh COMMAND... -- runs COMMAND with stdout a pipe whose reader takes one byte and
# exits, then prints "status N" with COMMAND's exit status (141 if SIGPIPE killed it).
exec 3>&1
{ "$@"; echo "status $?" >&3; } | head -c 1 >/dev/null
