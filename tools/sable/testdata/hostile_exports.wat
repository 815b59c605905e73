;; Exports one function twice under a name that erases the line and returns the carriage, so
;; the module is invalid: `sable validate` must print the duplicate name escaped, on one line.
;; Written in binary form, and the module is invalid on purpose:
;; wat2wasm --no-check hostile_exports.wat -o hostile_exports.wasm
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00"                       ;; type section: 0 = [] -> []
  "\03\02\01\00"                             ;; function section: func 0 of type 0
  "\07\23\02"                                ;; export section, 2 exports (35 bytes):
  "\0e\1b[2K\0dsable: ok\00\00"              ;;   func 0 as "\1b[2K\0dsable: ok" (14 bytes)
  "\0e\1b[2K\0dsable: ok\00\00"              ;;   and again
  "\0a\04\01\02\00\0b")                      ;; code section: func 0: nothing
