;; Guests for LimitsTest: counted loops with a known instruction count, runaway loops and
;; recursion, and memory growth. Rebuild: wat2wasm limits.wat -o limits.wasm
(module
  (memory (export "memory") 1)
  ;; Runs its loop body n times (n >= 1). The body has 8 instructions, so each extra iteration
  ;; costs exactly 8 fuel.
  (func (export "count") (param $n i32) (result i32) (local $i i32)
    (loop $next
      local.get $i
      i32.const 1
      i32.add
      local.set $i
      local.get $i
      local.get $n
      i32.lt_u
      br_if $next)
    local.get $i)
  (func (export "spin") (loop $forever (br $forever)))
  (func $recurse (export "recurse") (param i32) (result i32)
    (call $recurse (i32.add (local.get 0) (i32.const 1))))
  ;; Grows memory by one page at a time until it fails; returns the pages it reached.
  (func (export "grow_all") (result i32)
    (block $done
      (loop $more
        (br_if $done (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (br $more)))
    memory.size)
  (func (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else
        (i32.add
          (call 4 (i32.sub (local.get 0) (i32.const 1)))
          (call 4 (i32.sub (local.get 0) (i32.const 2))))))))
