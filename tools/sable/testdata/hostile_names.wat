;; A WASI command whose `name` section gives the trapping function a name holding terminal
;; escapes (set the window title, move up, erase the line), a carriage return and a newline, and
;; the module a name holding ESC, the C1 control CSI (U+009B) and a right-to-left override
;; (U+202E). `sable run` must print the trap's backtrace with those escaped, one frame a line.
;; Written in binary form: the text format cannot name functions so.
;; wast2json keeps a binary module byte for byte (wat2wasm re-encodes it, dropping the names):
;; wast2json hostile_names.wat -o /tmp/h.json && cp /tmp/h.0.wasm hostile_names.wasm
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00"                       ;; type section: 0 = [] -> []
  "\03\03\02\00\00"                          ;; function section: func 0, func 1 of type 0
  "\07\0a\01\06_start\00\01"                 ;; export section: "_start" = func 1
  "\0a\0a\02"                                ;; code section, 2 bodies:
  "\03\00\00\0b"                             ;;   func 0: unreachable
  "\04\00\10\00\0b"                          ;;   func 1: call 0
  "\00\3e\04name"                            ;; custom section "name", 62 bytes:
  "\00\0c\0b" "m\1b[31m\c2\9b\e2\80\ae"      ;;   module name (11 bytes)
  "\01\29\01\00\26"                          ;;   function names: 1 entry, func 0 (38 bytes):
  "\1b]0;pwned\07\1b[1A\1b[2K\0dsable: forged line\0a")
