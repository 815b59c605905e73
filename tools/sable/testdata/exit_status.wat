;; A WASI command that calls proc_exit with the status given as its first argument, in decimal
;; (wrapping at 2^32), or 0 without one. `sable run exit_status.wasm 256` must not exit 0, nor
;; `... 134` look like a trap (tools/sable/process_status.h has the rules).
;; wat2wasm exit_status.wat -o exit_status.wasm
(module
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (local $p i32) (local $c i32) (local $status i32)
    ;; argc at 0, the strings' size at 4; argv[] at 16, the strings at 1024.
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (if (i32.lt_u (i32.load (i32.const 0)) (i32.const 2))
      (then (call $proc_exit (i32.const 0))))
    (drop (call $args_get (i32.const 16) (i32.const 1024)))
    (local.set $p (i32.load (i32.const 20)))  ;; argv[1]
    (block $done
      (loop $digit
        (local.set $c (i32.load8_u (local.get $p)))
        (br_if $done (i32.eqz (local.get $c)))
        (local.set $status
          (i32.add (i32.mul (local.get $status) (i32.const 10))
                   (i32.sub (local.get $c) (i32.const 48))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $digit)))
    (call $proc_exit (local.get $status))))
