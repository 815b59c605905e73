(module
  (memory 1)
  (func (export "dot") (param i32) (result v128)
    (i32x4.add
      (v128.load (local.get 0))
      (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15
        (v128.const i32x4 1 2 3 4) (i32x4.splat (i32.const 7)))))
  (func (param v128) (result i32)
    (i8x16.extract_lane_s 3 (local.get 0))))
