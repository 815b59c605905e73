;; A WASI command for the CLI tests of what `sable run` grants (wat2wasm echo.wat -o echo.wasm):
;; prints its arguments, one per line (argv[0] first), then its environment variables, one per
;; line, then "preopen NAME" for each preopened directory (fd 3 on), and returns from _start.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
  ;; 0..7: counts and sizes; 8..15: an iovec; 16..23: a prestat; 32: "preopen "; 48: "\n";
  ;; 1024..: the pointer arrays; 8192..: the strings.
  (memory (export "memory") 2)
  (data (i32.const 32) "preopen ")
  (data (i32.const 48) "\n")
  (func $write (param $ptr i32) (param $len i32)
    (i32.store (i32.const 8) (local.get $ptr))
    (i32.store (i32.const 12) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 24))))
  ;; Turns the NULs ending the strings in [ptr, ptr+len) into newlines.
  (func $nul_to_newline (param $ptr i32) (param $len i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (if (i32.eqz (i32.load8_u (local.get $ptr)))
          (then (i32.store8 (local.get $ptr) (i32.const 10))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (br $next))))
  (func $print_strings (param $size i32)
    (call $nul_to_newline (i32.const 8192) (local.get $size))
    (call $write (i32.const 8192) (local.get $size)))
  (func $print_preopens
    (local $fd i32)
    (local.set $fd (i32.const 3))
    (block $done
      (loop $next
        (br_if $done (call $fd_prestat_get (local.get $fd) (i32.const 16)))
        (drop (call $fd_prestat_dir_name (local.get $fd) (i32.const 8192) (i32.load (i32.const 20))))
        (call $write (i32.const 32) (i32.const 8))
        (call $write (i32.const 8192) (i32.load (i32.const 20)))
        (call $write (i32.const 48) (i32.const 1))
        (local.set $fd (i32.add (local.get $fd) (i32.const 1)))
        (br $next))))
  (func (export "_start")
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (drop (call $args_get (i32.const 1024) (i32.const 8192)))
    (call $print_strings (i32.load (i32.const 4)))
    (drop (call $environ_sizes_get (i32.const 0) (i32.const 4)))
    (drop (call $environ_get (i32.const 1024) (i32.const 8192)))
    (call $print_strings (i32.load (i32.const 4)))
    (call $print_preopens)))
