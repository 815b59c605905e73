;; sable run --invoke with v128 arguments and results (tools/sable/CMakeLists.txt).
(module
  ;; a * b + b, lane-wise in i32x4.
  (func (export "madd") (param $a v128) (param $b v128) (result v128)
    (i32x4.add (i32x4.mul (local.get $a) (local.get $b)) (local.get $b)))
  ;; The sum of the two f64x2 lanes, as a scalar.
  (func (export "hsum") (param v128) (result f64)
    (f64.add (f64x2.extract_lane 0 (local.get 0)) (f64x2.extract_lane 1 (local.get 0)))))
