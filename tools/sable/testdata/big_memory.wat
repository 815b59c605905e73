;; A command whose memory starts at 17 pages (1088 KiB): refused at instantiation under
;; `sable run --max-memory-size 1M`, runs under 2M (tools/sable/CMakeLists.txt).
;; Rebuild big_memory.wasm with: wat2wasm --debug-names big_memory.wat -o big_memory.wasm
(module
  (memory 17)
  (func (export "_start")))
