;; A self-contained example for `sable run --invoke`: no imports, a loop, a memory and a table.
;;   sable run --invoke steps examples/collatz.wasm 27        -> 111
;;   sable run --invoke longest examples/collatz.wasm 100000  -> the start below 100000 with the
;;                                                              longest sequence, and its length
(module
  (memory 1)
  (func $steps (export "steps") (param $n i64) (result i32)
    (local $count i32)
    (block $done
      (loop $next
        (br_if $done (i64.le_u (local.get $n) (i64.const 1)))
        (local.set $n
          (if (result i64) (i64.eqz (i64.and (local.get $n) (i64.const 1)))
            (then (i64.shr_u (local.get $n) (i64.const 1)))
            (else (i64.add (i64.mul (local.get $n) (i64.const 3)) (i64.const 1)))))
        (local.set $count (i32.add (local.get $count) (i32.const 1)))
        (br $next)))
    (local.get $count))
  ;; Returns the start with the most steps below $limit, and that number of steps; remembers the
  ;; best so far in linear memory to exercise loads and stores.
  (func (export "longest") (param $limit i32) (result i32 i32)
    (local $i i32) (local $s i32)
    (local.set $i (i32.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $limit)))
        (local.set $s (call $steps (i64.extend_i32_u (local.get $i))))
        (if (i32.gt_u (local.get $s) (i32.load offset=4 (i32.const 0)))
          (then
            (i32.store (i32.const 0) (local.get $i))
            (i32.store offset=4 (i32.const 0) (local.get $s))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.load (i32.const 0))
    (i32.load offset=4 (i32.const 0))))
