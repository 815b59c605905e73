;; The guest of examples/embed: averages sensor readings that the host provides. A reading of 0
;; samples makes `average` divide by zero, which traps: the host reports it and keeps running.
(module
  (import "host" "read_sensor" (func $read_sensor (param i32) (result i32)))
  (global $total (mut i64) (i64.const 0))
  ;; Adds reading `channel` to the running total and returns it.
  (func (export "sample") (param $channel i32) (result i32)
    (local $v i32)
    (local.set $v (call $read_sensor (local.get $channel)))
    (global.set $total (i64.add (global.get $total) (i64.extend_i32_s (local.get $v))))
    (local.get $v))
  ;; The mean of `count` samples so far; traps (integer divide by zero) when count is 0.
  (func (export "average") (param $count i32) (result i32)
    (i32.wrap_i64 (i64.div_s (global.get $total) (i64.extend_i32_u (local.get $count))))))
