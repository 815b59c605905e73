;; A component importing a resource, the same resource under a second name (`eq`), and a
;; function taking the second: `sable plug`/`sable compose` must re-declare the `eq` import as
;; the same resource (tests/unit/component_compose_test.cc).
(component
  (import "r" (type $r (sub resource)))
  (import "r2" (type $r2 (eq $r)))
  (import "f" (func $f (param "x" (own $r2))))
  (export "g" (func $f))
)
