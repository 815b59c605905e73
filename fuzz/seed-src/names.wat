(module $named
  (func $first (param $x i32) (local $tmp i64) nop)
  (func $second (export "second") (result f32) (f32.const 1.5)))
