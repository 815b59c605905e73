;; hello.wat: a small module for `sable validate examples/hello.wasm`.
;; The committed hello.wasm is `wat2wasm hello.wat -o hello.wasm` (wabt 1.0.32); rebuild it with
;; `cmake --build build/default --target examples` after editing this file.
(module
  ;; The host supplies a logger: log(ptr, len) prints len bytes of memory from ptr.
  (import "env" "log" (func $log (param i32 i32)))

  (type $binop (func (param i32 i32) (result i32)))

  ;; One page of linear memory, growable to two, with the greeting at offset 16.
  (memory $mem 1 2)
  (data (i32.const 16) "Hello, Sable!\n")

  ;; A table of functions for call_indirect: slot 0 is $add, slot 1 is $sub.
  (table $ops 2 funcref)
  (elem (i32.const 0) $add $sub)

  ;; How many times hello has been called.
  (global $calls (mut i32) (i32.const 0))

  (func $hello (export "hello")
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (call $log (i32.const 16) (i32.const 14)))

  (func $add (export "add") (type $binop)
    (i32.add (local.get 0) (local.get 1)))

  (func $sub (type $binop)
    (i32.sub (local.get 0) (local.get 1)))

  ;; apply(op, a, b) calls the table's function number op on a and b.
  (func $apply (export "apply") (param $op i32) (param $a i32) (param $b i32) (result i32)
    (call_indirect $ops (type $binop) (local.get $a) (local.get $b) (local.get $op)))

  (func $calls (export "calls") (result i32)
    (global.get $calls))

  (export "memory" (memory $mem))
  (export "ops" (table $ops))
)
