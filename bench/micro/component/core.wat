;; The core-wasm peer baseline of bench/micro/component_call.cc: the same u32 shapes as the
;; component's echo-u32 and loop-u32, called with Func::call and a core host function.
(module
  (import "env" "u32" (func $hostU32 (param i32) (result i32)))
  (func (export "echo-u32") (param i32) (result i32) (local.get 0))
  (func (export "loop-u32") (param $n i32)
    (loop $again
      (drop (call $hostU32 (local.get $n)))
      (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
