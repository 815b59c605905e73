;; A WASI command that writes "y\n" to stdout until a write fails, then exits with the WASI errno
;; of that failure: 64 (EPIPE) once the reader of a pipe has gone, if sable is still alive then
;; (it ignores SIGPIPE, as `wasmtime run` does).
;; wat2wasm epipe.wat -o epipe.wasm
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "y\n")
  (func (export "_start")
    (local $errno i32)
    (i32.store (i32.const 100) (i32.const 16))  ;; iov.buf
    (i32.store (i32.const 104) (i32.const 2))   ;; iov.len
    (loop $again
      (local.set $errno
        (call $fd_write (i32.const 1) (i32.const 100) (i32.const 1) (i32.const 108)))
      (br_if $again (i32.eqz (local.get $errno))))
    (call $proc_exit (local.get $errno))))
