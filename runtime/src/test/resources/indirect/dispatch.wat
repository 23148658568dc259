;; call_indirect through a table holding every kind of entry: functions of this module named by an
;; element segment (called directly by the bridge), a host function, another instance's function,
;; functions put there at run time by ref.func (one declared by a segment, one only exported), a
;; function of another type, and nothing.
(module
  (type $ii (func (param i32) (result i32)))
  (type $i (func (result i32)))
  (type $ii2 (func (param i32) (result i32))) ;; the same signature under another index
  (import "host" "negate" (func $negate (type $ii)))
  (import "other" "plus100" (func $plus100 (type $ii)))
  (table $t 8 funcref)
  (elem (table $t) (i32.const 0) func $double $square $negate $plus100 $seven)
  (elem declare func $triple)
  (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func $square (type $ii2) (i32.mul (local.get 0) (local.get 0)))
  (func $seven (type $i) (i32.const 7))
  (func $triple (type $ii) (i32.mul (local.get 0) (i32.const 3)))
  (func $quadruple (export "quadruple") (type $ii) (i32.mul (local.get 0) (i32.const 4)))
  (func (export "install")
    (table.set $t (i32.const 5) (ref.func $triple))
    (table.set $t (i32.const 6) (ref.func $quadruple)))
  (func (export "call") (param $slot i32) (param $x i32) (result i32)
    (call_indirect $t (type $ii) (local.get $x) (local.get $slot)))
  (func (export "call2") (param $slot i32) (param $x i32) (result i32)
    (call_indirect $t (type $ii2) (local.get $x) (local.get $slot))))
