;; A minimal WASI command for the CLI tests (wat2wasm wasi.wat -o wasi.wasm): with no arguments
;; it prints "hello from wasi" and exits with status 7 through proc_exit; given any argument,
;; its _start traps (unreachable) inside the function `explode`.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from wasi\n")
  (func $explode unreachable)
  (func (export "_start")
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (if (i32.gt_u (i32.load (i32.const 0)) (i32.const 1)) (then (call $explode)))
    (i32.store (i32.const 100) (i32.const 16))   ;; iov.buf
    (i32.store (i32.const 104) (i32.const 16))   ;; iov.len
    (drop (call $fd_write (i32.const 1) (i32.const 100) (i32.const 1) (i32.const 108)))
    (call $proc_exit (i32.const 7))))
