;; A guest that grows its memory and its table, for the `sable run --max-memory-size` and
;; `--max-table-elements` tests (tools/sable/CMakeLists.txt): each export returns what the
;; grow instruction gave it (the old size, or -1 when refused) and the size after it.
;; Rebuild limits.wasm with: wat2wasm --debug-names limits.wat -o limits.wasm
(module
  (memory 1)
  (table $t 1 funcref)
  (func (export "grow_memory") (param $pages i32) (result i32 i32)
    (memory.grow (local.get $pages))
    (memory.size))
  (func (export "grow_table") (param $elements i32) (result i32 i32)
    (table.grow $t (ref.null func) (local.get $elements))
    (table.size $t)))
