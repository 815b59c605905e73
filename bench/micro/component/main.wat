;; The functions of bench/micro/component_call.cc's component. echo-* return their argument
;; (strings and lists through the return area at 16); loop-* call the host import of the same
;; shape n times with a 16-byte string at 64 or the 64 KiB list at 196608.
(module
  (import "host" "u32" (func $hostU32 (param i32) (result i32)))
  (import "host" "str" (func $hostStr (param i32 i32 i32)))
  (import "host" "list" (func $hostList (param i32 i32 i32)))
  (import "host" "memory" (memory 4))
  (data (i32.const 64) "0123456789abcdef")
  (func (export "echo-u32") (param i32) (result i32) (local.get 0))
  (func $echoPair (export "echo-str") (param i32 i32) (result i32)
    (i32.store (i32.const 16) (local.get 0))
    (i32.store (i32.const 20) (local.get 1))
    (i32.const 16))
  (func (export "echo-list") (param i32 i32) (result i32)
    (call $echoPair (local.get 0) (local.get 1)))
  (func (export "loop-u32") (param $n i32)
    (loop $again
      (drop (call $hostU32 (local.get $n)))
      (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  (func (export "loop-str") (param $n i32)
    (loop $again
      (call $hostStr (i32.const 64) (i32.const 16) (i32.const 32))
      (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  (func (export "loop-list") (param $n i32)
    (loop $again
      (call $hostList (i32.const 196608) (i32.const 65536) (i32.const 32))
      (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
