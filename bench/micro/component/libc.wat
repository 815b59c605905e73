;; The memory and allocator of bench/micro/component_call.cc's component: lowered imports need
;; them before the main module is instantiated. realloc is a bump allocator over
;; [1024, 196608) that starts again at the bottom when a request does not fit (the benchmark
;; keeps no value across calls); [196608, 262144) holds the guest's 64 KiB list argument.
(module
  (memory (export "memory") 4)
  (global $next (mut i32) (i32.const 1024))
  (func (export "realloc") (param $old i32) (param $oldSize i32) (param $align i32)
        (param $size i32) (result i32)
    (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $next) (i32.const 7)) (i32.const -8)))
    (if (i32.gt_u (i32.add (local.get $p) (local.get $size)) (i32.const 196608))
      (then (local.set $p (i32.const 1024))))
    (global.set $next (i32.add (local.get $p) (local.get $size)))
    (local.get $p)))
