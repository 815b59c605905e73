;; A hostile component: it imports wasi:io/streams#[method]output-stream.write without its
;; contents parameter (the canonical ABI lowers whatever the import declares) and calls it on
;; stdout. The host defines every function with its WIT type, so instantiation must fail
;; (Unlinkable) before the host reads contents that are not there.
(component
  (import "wasi:io/streams@0.2.0" (instance $streams
    (export "output-stream" (type $os (sub resource)))
    (export "[method]output-stream.write" (func (param "self" (borrow $os)) (result u32)))))
  (alias export $streams "output-stream" (type $os))
  (import "wasi:cli/stdout@0.2.0" (instance $stdout
    (export "output-stream" (type $sos (eq $os)))
    (export "get-stdout" (func (result (own $sos))))))
  (core func $write (canon lower (func $streams "[method]output-stream.write")))
  (core func $get-stdout (canon lower (func $stdout "get-stdout")))
  (core module $m
    (import "host" "write" (func $write (param i32) (result i32)))
    (import "host" "get-stdout" (func $get-stdout (result i32)))
    (func (export "write") (result i32) (call $write (call $get-stdout))))
  (core instance $host (export "write" (func $write))
                       (export "get-stdout" (func $get-stdout)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  (func (export "write") (result u32) (canon lift (core func $i "write")))
)
