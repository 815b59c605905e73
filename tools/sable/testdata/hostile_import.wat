;; Imports a function whose name moves the cursor up, erases the line and starts a new one, as a
;; module would to forge lines of sable's diagnostics: `sable run` must print the name escaped,
;; on one line.
;; wat2wasm hostile_import.wat -o hostile_import.wasm
(module
  (import "wasi_snapshot_preview1" "\1b[1A\1b[2K\0asable: all good\0a" (func))
  (func (export "_start")))
