;; RecompileTest: function 1 ($f) is called directly, through a table, as an export and from
;; another instance (importer.wat); host.probe reports which class runs it.
(module
  (import "host" "probe" (func $probe))
  (type $t (func (param i32) (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $f)
  (func $f (export "f") (type $t) (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    call $probe
    ;; acc = sum of (3i + 1) for i in 0..n-1, then + n
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $acc
          (i32.add (local.get $acc)
            (i32.add (i32.mul (local.get $i) (i32.const 3)) (i32.const 1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.add (local.get $acc) (local.get $n)))
  (func (export "direct") (param i32) (result i32)
    (call $f (local.get 0)))
  (func (export "indirect") (param i32) (result i32)
    (call_indirect (type $t) (local.get 0) (i32.const 0))))
