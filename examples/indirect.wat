;; A table of functions called through call_indirect, and functions returning several values.
;;
;;   ipvm run examples/indirect.wasm --invoke apply 0 6 7     # 13  (table[0] = add)
;;   ipvm run examples/indirect.wasm --invoke apply 2 6 7     # 42  (table[2] = mul)
;;   ipvm run examples/indirect.wasm --invoke divmod 17 5     # 3 and 2, one per line
;;   ipvm run examples/indirect.wasm --invoke apply 4 1 2     # traps: indirect call type mismatch
;;   ipvm run examples/indirect.wasm --invoke apply 6 1 2     # traps: uninitialized element
;;   ipvm run examples/indirect.wasm --invoke apply 9 1 2     # traps: undefined element
;;   ipvm run examples/indirect.wasm --invoke apply 3 1 0     # traps: integer divide by zero
;;   ipvm run examples/indirect.wasm --invoke rsub 3 10       # 7   (multi-value block parameters)
;;   ipvm run examples/indirect.wasm --invoke all_ops 12 4    # 75  (16 + 8 + 48 + 3)
(module
  (type $binop (func (param i32 i32) (result i32)))
  (type $pair (func (param i32 i32) (result i32 i32)))

  (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $binop) (i32.sub (local.get 0) (local.get 1)))
  (func $mul (type $binop) (i32.mul (local.get 0) (local.get 1)))
  (func $div (type $binop) (i32.div_s (local.get 0) (local.get 1)))

  ;; Two results: quotient and remainder (unsigned).
  (func $qr (type $pair)
    (i32.div_u (local.get 0) (local.get 1))
    (i32.rem_u (local.get 0) (local.get 1)))

  ;; Two results: the arguments swapped.
  (func $swap (type $pair)
    (local.get 1)
    (local.get 0))

  ;; Slots 0..3 hold binary operators, slots 4..5 functions of type $pair; 6..7 stay empty.
  (table 8 funcref)
  (elem (i32.const 0) $add $sub $mul $div $qr $swap)

  ;; table[op](a, b), checked against type $binop at run time.
  (func (export "apply") (param $op i32) (param $a i32) (param $b i32) (result i32)
    (call_indirect (type $binop) (local.get $a) (local.get $b) (local.get $op)))

  ;; Quotient and remainder through the table (slot 4).
  (func (export "divmod") (param $a i32) (param $b i32) (result i32 i32)
    (call_indirect (type $pair) (local.get $a) (local.get $b) (i32.const 4)))

  ;; A multi-value block: swap (slot 5) feeds both of its results to a block that takes
  ;; two parameters and subtracts: b - a.
  (func (export "rsub") (param $a i32) (param $b i32) (result i32)
    (call_indirect (type $pair) (local.get $a) (local.get $b) (i32.const 5))
    (block (param i32 i32) (result i32)
      (i32.sub)))

  ;; Sum of table[op](a, b) over op = 0..3: (a+b) + (a-b) + (a*b) + (a/b).
  (func (export "all_ops") (param $a i32) (param $b i32) (result i32)
    (local $op i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $op) (i32.const 4)))
        (local.set $acc
          (i32.add (local.get $acc)
            (call_indirect (type $binop) (local.get $a) (local.get $b) (local.get $op))))
        (local.set $op (i32.add (local.get $op) (i32.const 1)))
        (br $next)))
    (local.get $acc))
)
