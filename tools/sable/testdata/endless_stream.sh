#!/bin/sh
# endless_stream.sh SABLE... -- runs `SABLE... run /dev/stdin` with stdin a pipe that carries a
# wasm header and then zeros without end: sable must stop reading at the module size limit.
{ printf '\000asm\001\000\000\000'; exec cat /dev/zero; } | "$@" run /dev/stdin
