;; Deep and runaway recursion (runtime/README.md, "Call depth").
;;
;;   ipvm run examples/recursion.wasm --invoke deep 100000   # 100000 (100,001 nested calls)
;;   ipvm run examples/recursion.wasm --invoke runaway 0     # traps: call stack exhausted
;;   ipvm run examples/recursion.wasm --invoke ping 0        # traps: call stack exhausted (mutual)
(module
  (func $deep (export "deep") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $deep (i32.sub (local.get $n) (i32.const 1)))))))
  (func $runaway (export "runaway") (param $n i32) (result i32)
    (i32.add (i32.const 1) (call $runaway (i32.add (local.get $n) (i32.const 1)))))
  (func $ping (export "ping") (param $n i32) (result i32)
    (call $pong (i32.add (local.get $n) (i32.const 1))))
  (func $pong (param $n i32) (result i32)
    (i32.add (i32.const 1) (call $ping (local.get $n)))))
