;; A command whose table starts at 2,000,000 elements: more than `sable run` allows by default
;; (--max-table-elements 1000000), runs with --max-table-elements 2M (tools/sable/CMakeLists.txt).
;; Rebuild big_table.wasm with: wat2wasm --debug-names big_table.wat -o big_table.wasm
(module
  (table 2000000 funcref)
  (func (export "_start")))
