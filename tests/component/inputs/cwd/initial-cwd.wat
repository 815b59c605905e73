;; Exports `cwd: func() -> option<string>`, which returns what the host's
;; wasi:cli/environment.initial-cwd returns (sable run --cwd).
(component
  (import "wasi:cli/environment@0.2.0" (instance $env
    (export "initial-cwd" (func (result (option string))))))
  (core module $libc
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 1024))
    ;; A bump allocator for the lowered string (never freed: one call per run).
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (global.get $next))
      (global.set $next (i32.add (local.get $p) (local.get 3)))
      (local.get $p)))
  (core instance $libc (instantiate $libc))
  (alias core export $libc "mem" (core memory $mem))
  (alias core export $libc "realloc" (core func $realloc))
  (core func $cwd (canon lower (func $env "initial-cwd") (memory $mem) (realloc $realloc)))
  (core module $main
    (import "host" "cwd" (func $cwd (param i32)))
    ;; option<string> is 3 flat values: the host writes it at offset 16, which is returned.
    (func (export "cwd") (result i32)
      (call $cwd (i32.const 16))
      (i32.const 16)))
  (core instance $host (export "cwd" (func $cwd)))
  (core instance $main (instantiate $main (with "host" (instance $host))))
  (func (export "cwd") (result (option string))
    (canon lift (core func $main "cwd") (memory $mem)))
)
