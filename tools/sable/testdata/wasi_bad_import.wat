;; Imports a function WASI preview 1 does not have: `sable run` must name it and fail.
(module
  (import "wasi_snapshot_preview1" "no_such_call" (func (param i32) (result i32)))
  (func (export "_start")))
