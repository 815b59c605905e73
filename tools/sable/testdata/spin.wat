;; Guests that never end, for the `sable run --timeout` and `--fuel` tests
;; (tools/sable/CMakeLists.txt). Rebuild spin.wasm with: wat2wasm --debug-names spin.wat -o spin.wasm
(module
  (func $forever (loop $l br $l))
  (func $spin (export "spin") call $forever)
  (func $_start (export "_start") call $forever))
