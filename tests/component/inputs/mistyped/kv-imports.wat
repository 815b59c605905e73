;; A hostile component: it imports example:kv/kv-store#get without its key parameter (the
;; canonical ABI lowers whatever the import declares). The host defines get with its WIT type,
;; so instantiation must fail (Unlinkable) before the host reads a key that is not there.
(component
  (import "example:kv/kv-store" (instance $kv
    (export "get" (func (result u32)))))
  (core func $get (canon lower (func $kv "get")))
  (core module $m
    (import "host" "get" (func $get (result i32)))
    (func (export "get") (result i32) (call $get)))
  (core instance $host (export "get" (func $get)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  (func (export "get") (result u32) (canon lift (core func $i "get")))
)
