#!/bin/sh
# sqlite_runs.sh COMMAND... --calls CALL... -- runs COMMAND once per CALL, each run a separate
# process, with the argument `sqlite:@DB@` replaced by one fresh SQLite file (in a temporary
# directory removed at the end) and the argument `@CALL@` by the CALL: what a test of state that
# outlives a process (and a per-process cache) needs. Stops at the first run that fails.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run_one CALL COMMAND... --calls ...: rebuilds the arguments in place (each one taken from the
# front, replaced, appended at the back), drops the calls, and runs the command.
run_one() {
  call=$1
  shift
  left=$#
  while [ "$left" -gt 0 ]; do
    arg=$1
    shift
    left=$((left - 1))
    if [ "$arg" = "--calls" ]; then
      shift "$left"
      break
    fi
    case $arg in
      sqlite:@DB@) arg="sqlite:$tmp/kv.db" ;;
      @CALL@) arg=$call ;;
    esac
    set -- "$@" "$arg"
  done
  "$@"
}

calls=0
for arg in "$@"; do
  if [ "$calls" = 1 ]; then run_one "$arg" "$@" || exit $?; fi
  [ "$arg" = "--calls" ] && calls=1
done
[ "$calls" = 1 ] || { echo "sqlite_runs.sh: no --calls" >&2; exit 2; }
