;; Fibonacci, two ways.
;;
;;   ipvm run examples/fib.wasm --invoke fib 20         # 6765 (recursive)
;;   ipvm run examples/fib.wasm --invoke fib_iter 46    # 1836311903 (iterative)
;;
;; fib(0) = 0, fib(1) = 1, fib(n) = fib(n-1) + fib(n-2). Arithmetic wraps modulo 2^32
;; like every i32 operation, so fib_iter(47) and beyond wrap around.
(module
  ;; Naive doubly recursive version: lots of calls, a good workload for call overhead.
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else
        (i32.add
          (call $fib (i32.sub (local.get $n) (i32.const 1)))
          (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  ;; Iterative version: one loop with a back-edge, constant stack.
  (func $fib_iter (export "fib_iter") (param $n i32) (result i32)
    (local $a i32) (local $b i32) (local $t i32)
    (local.set $b (i32.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $t (i32.add (local.get $a) (local.get $b)))
        (local.set $a (local.get $b))
        (local.set $b (local.get $t))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $a))
)
