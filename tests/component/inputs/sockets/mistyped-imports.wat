;; A hostile component: it imports wasi:sockets functions with types of its own choosing
;; (the canonical ABI lowers whatever the import declares). Each export calls one; the host
;; must trap on the shape, never read arguments that are not there.
(component
  (import "wasi:sockets/tcp-create-socket@0.2.0" (instance $create
    (export "create-tcp-socket" (func (result u32)))))
  (import "wasi:sockets/instance-network@0.2.0" (instance $network
    (export "instance-network" (func (param "extra" u32) (result u32)))))
  (import "wasi:sockets/ip-name-lookup@0.2.0" (instance $lookup
    (export "resolve-addresses" (func (param "name" u32) (result u32)))))
  (core func $create-socket (canon lower (func $create "create-tcp-socket")))
  (core func $instance-network (canon lower (func $network "instance-network")))
  (core func $resolve (canon lower (func $lookup "resolve-addresses")))
  (core module $m
    (import "host" "create" (func $create (result i32)))
    (import "host" "network" (func $network (param i32) (result i32)))
    (import "host" "resolve" (func $resolve (param i32) (result i32)))
    (func (export "create") (result i32) (call $create))
    (func (export "network") (result i32) (call $network (i32.const 7)))
    (func (export "resolve") (result i32) (call $resolve (i32.const 7))))
  (core instance $host (export "create" (func $create-socket))
                       (export "network" (func $instance-network))
                       (export "resolve" (func $resolve)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  (func (export "create") (result u32) (canon lift (core func $i "create")))
  (func (export "network") (result u32) (canon lift (core func $i "network")))
  (func (export "resolve") (result u32) (canon lift (core func $i "resolve")))
)
