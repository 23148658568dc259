;; Deep and runaway recursion (CallDepthTest). Rebuild: wat2wasm recursion.wat -o recursion.wasm
(module
  (import "host" "reenter" (func $reenter (param i32) (result i32)))
  ;; depth(n) recurses n times (n + 1 frames) and returns n
  (func $depth (export "depth") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $depth (i32.sub (local.get $n) (i32.const 1)))))))
  ;; never ends: every call calls itself
  (func $runaway (export "runaway") (param $n i32) (result i32)
    (i32.add (i32.const 1) (call $runaway (i32.add (local.get $n) (i32.const 1)))))
  ;; two functions calling each other, through a table
  (table 2 funcref)
  (elem (i32.const 0) $ping $pong)
  (type $t (func (param i32) (result i32)))
  (func $ping (export "ping") (param $n i32) (result i32)
    (i32.add (i32.const 1) (call_indirect (type $t) (local.get $n) (i32.const 1))))
  (func $pong (param $n i32) (result i32)
    (i32.add (i32.const 1) (call_indirect (type $t) (local.get $n) (i32.const 0))))
  ;; recurses n times, then asks the host to call back in (host.reenter) and adds its answer
  (func $nested (export "nested") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (call $reenter (i32.const 0)))
      (else (i32.add (i32.const 1) (call $nested (i32.sub (local.get $n) (i32.const 1)))))))
;; a leaf and a chain: on no cycle, so they do not count their calls
  (func $leaf (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "chain") (param i32) (result i32) (call $leaf (call $leaf (local.get 0))))
  ;; mutual recursion through direct calls, without end
  (func $even (export "even") (param i32) (result i32)
    (call $odd (i32.add (local.get 0) (i32.const 1))))
  (func $odd (param i32) (result i32)
    (call $even (i32.add (local.get 0) (i32.const 1))))
)
