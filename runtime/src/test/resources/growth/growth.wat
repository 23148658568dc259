;; Memory growth one page at a time (MemoryGrowthTest). Rebuild: wat2wasm growth.wat -o growth.wasm
(module
  (memory (export "memory") 1)

  ;; Grows one page at a time until memory.size is $n, writing each new page's index into its first
  ;; word; returns the sum of those words read back, plus the final memory.size.
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
    (i32.add (local.get $sum) (memory.size)))

  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load32") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load64_off") (param i32) (result i64) (i64.load offset=8 (local.get 0)))
  (func (export "store8") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "store64") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
)
