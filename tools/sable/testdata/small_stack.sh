# sh small_stack.sh COMMAND...: runs COMMAND with a 1 MiB native stack (ulimit -s 1024).
ulimit -s 1024 && exec "$@"
