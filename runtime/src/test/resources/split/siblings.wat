;; Loops over a non-empty operand stack, with every way out of them, for SplitRobustnessTest: each
;; function is compiled with tiny split budgets (so it is cut into many chunk methods) and must give
;; wasm-interp's result. Values of every type lie beneath the loops; all functions return an i32.
(module
  (type $ii (func (param i32) (result i32 i32)))
  (type $pi (func (param i32 i32) (result i32)))
  (global $n (mut i32) (i32.const 0))
  (table $t 2 funcref)
  (elem (i32.const 0) $helper)
  (func $helper (result i32) (i32.const 7))

  ;; return from inside a loop with i64/f32/f64 beneath it
  (func (export "return_in_loop") (result i32) (local $i i32)
    (i64.const 5) (f32.const 1.5) (f64.const 2.25)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 3)))
      (if (i32.gt_u (local.get $i) (i32.const 20))
        (then (return (i32.add (local.get $i) (i32.const 1000)))))
      (br $l))
    (unreachable))

  ;; br_if out of a loop to a block with a result, values beneath both
  (func (export "br_if_out") (result i32) (local $i i32)
    (i32.const 100)
    (block $b (result i32)
      (f64.const 3.5) (i32.const 9)
      (loop $l
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (drop (br_if $b (i32.mul (local.get $i) (i32.const 11)) (i32.ge_u (local.get $i) (i32.const 6))))
        (br $l))
      (unreachable))
    (i32.add))

  ;; br_table out of a loop to three different depths, br_if back to the loop head
  (func (export "br_table_out") (result i32) (local $i i32) (local $acc i32) (local $t i32)
    (loop $outer
      (local.get $acc)
      (block $a (result i32)
        (f32.const 2.5)
        (block $b (result i32)
          (i64.const 77)
          (loop $l
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $l (i32.eqz (i32.rem_u (local.get $i) (i32.const 5))))
            (i32.mul (local.get $i) (i32.const 10))
            (br_table $a $b $a (i32.rem_u (local.get $i) (i32.const 3))))
          (unreachable))
        (i32.add (i32.const 5))
        (local.set $t) (drop) (local.get $t))
      (i32.add)
      (local.set $acc)
      (br_if $outer (i32.lt_u (local.get $i) (i32.const 12))))
    (local.get $acc))

  ;; if/else with results inside a loop, refs beneath the loop
  (func (export "if_else_refs") (result i32) (local $i i32) (local $s i32)
    (ref.null func) (ref.null extern) (ref.func $helper)
    (loop $l
      (local.set $s
        (i32.add (local.get $s)
          (if (result i32) (i32.and (local.get $i) (i32.const 1))
            (then (i32.mul (local.get $i) (i32.const 3)))
            (else (if (result i32) (i32.eq (local.get $i) (i32.const 100))
              (then (return (i32.const -1)))
              (else (i32.sub (i32.const 0) (local.get $i))))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 9))))
    (ref.is_null) (i32.add (local.get $s)) (local.set $s)
    (ref.is_null) (i32.add (local.get $s)) (local.set $s)
    (ref.is_null) (i32.add (local.get $s)))

  ;; a loop with parameters and results, and a multi-value block around it
  (func (export "loop_params_multi") (result i32) (local $i i32)
    f64.const 1.25
    i32.const 4
    block $b (type $ii)
      i32.const 1
      loop $l (type $pi)
        local.get $i i32.const 1 i32.add local.set $i
        i32.add
        local.get $i i32.const 2 i32.mul
        local.get $i i32.const 7 i32.lt_u
        br_if $l
        br $b
      end
      i32.const 0
    end
    i32.sub
    f64.convert_i32_s
    f64.add
    i32.trunc_f64_s)

  ;; nested loops, both entered with values beneath, a branch from the inner to the outer block
  (func (export "nested_loops") (result i32) (local $i i32) (local $j i32) (local $s i32)
    (i64.const -1)
    (block $done
      (f32.const 0.5)
      (loop $outer
        (local.set $j (i32.const 0))
        (f64.const 8) (i32.const 3)
        (loop $inner
          (local.set $s (i32.add (local.get $s) (i32.mul (local.get $i) (local.get $j))))
          (br_if $done (i32.gt_u (local.get $s) (i32.const 500)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $inner (i32.lt_u (local.get $j) (i32.const 5))))
        (drop) (drop)
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $outer (i32.lt_u (local.get $i) (i32.const 40))))
      (drop))
    (drop)
    (local.get $s))

  ;; calls inside the loop (direct and indirect), a global counter
  (func (export "calls_in_loop") (result i32) (local $i i32)
    (i32.const 50)
    (loop $l
      (global.set $n (i32.add (global.get $n) (call $helper)))
      (global.set $n (i32.add (global.get $n) (call_indirect (result i32) (i32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 10))))
    (i32.add (global.get $n)))

  ;; The same two exits with a filler block first: the function is split, the filler goes to a
  ;; chunk of its own, and so does the block holding the values and the loop, so the loop runs
  ;; inside a chunk with spilled values beneath it when it returns or branches out of the chunk.
  (func (export "return_in_loop_chunk") (result i32) (local $i i32)
    (block
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1))))
    (block
      (i64.const 5) (f32.const 1.5) (f64.const 2.25) (ref.null extern)
      (loop $l
        (local.set $i (i32.add (local.get $i) (i32.const 3)))
        (if (i32.gt_u (local.get $i) (i32.const 20))
          (then (return (i32.add (local.get $i) (global.get $n)))))
        (br $l))
      (unreachable))
    (unreachable))

  (func (export "br_if_out_chunk") (result i32) (local $i i32)
    (block
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (global.set $n (i32.add (global.get $n) (i32.const 1))))
    (i32.const 100)
    (block $b (result i32)
      (f64.const 3.5) (i64.const 9) (ref.null func)
      (loop $l
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (drop (br_if $b (i32.mul (local.get $i) (global.get $n)) (i32.ge_u (local.get $i) (i32.const 6))))
        (br $l))
      (unreachable))
    (i32.add))
)
