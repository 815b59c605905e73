;; Not valid text format, for the CLI test of text format errors: line 4 has an unknown
;; instruction.
(module
  (func (export "f") (result i32) i32.konst 1))
