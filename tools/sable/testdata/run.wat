;; Exports for the `sable run` command-line tests (tools/sable/CMakeLists.txt). Rebuild run.wasm
;; with: wat2wasm --debug-names run.wat -o run.wasm
(module
  (func $add (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "div") (param f64 f64) (result f64) local.get 0 local.get 1 f64.div)
  (func (export "pair") (param i64) (result i64 f32) local.get 0 f32.const 0.1)
  (func $inner (param i32) (result i32) local.get 0 i32.const 0 i32.div_u)
  (func $outer (export "crash") (param i32) (result i32) local.get 0 call $inner)
  (memory 1)
  (func (export "oob") (result i32) i32.const 65536 i32.load))
