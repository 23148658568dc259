;; memory.grow one page at a time (runtime/README.md, "Linear memory and its growth").
;;
;;   ipvm run examples/grow.wasm --invoke grow_to 1000    # 500500: 1 + ... + 999, plus the size 1000
;;   ipvm run examples/grow.wasm --invoke grow_to 16000   # 128008000 (a 1 GiB memory)
(module
  (memory (export "memory") 1)
  ;; grows one page at a time until memory.size is $n, writing each new page's index into its first
  ;; word; returns the sum of those words read back, plus the final memory.size
  (func (export "grow_to") (param $n i32) (result i32)
    (local $p i32) (local $sum i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (memory.size) (local.get $n)))
        (local.set $p (memory.grow (i32.const 1)))
        (if (i32.eq (local.get $p) (i32.const -1)) (then (unreachable)))
        (i32.store (i32.shl (local.get $p) (i32.const 16)) (local.get $p))
        (br $l)))
    (local.set $p (i32.const 1))
    (block $d2
      (loop $l2
        (br_if $d2 (i32.ge_u (local.get $p) (local.get $n)))
        (local.set $sum
          (i32.add (local.get $sum) (i32.load (i32.shl (local.get $p) (i32.const 16)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $l2)))
    (i32.add (local.get $sum) (memory.size))))
