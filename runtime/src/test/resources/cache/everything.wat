;; A module using every part of the layout a class-cache entry records: an imported function,
;; constant globals (a NaN with a payload, an i64), a private mutable global, an exported mutable
;; global, a table with an element segment and call_indirect, a memory with a data segment, and a
;; start function. ClassCacheTest runs it compiled and loaded from the cache and compares.
;; Rebuild: wat2wasm everything.wat -o everything.wasm
(module
  (type $unop (func (param i32) (result i32)))
  (import "env" "twice" (func $twice (param i32) (result i32)))
  (global $nan f32 (f32.const nan:0x200001))
  (global $big i64 (i64.const 0x7fff_ffff_ffff_fff0))
  (global $counter (mut i32) (i32.const 0))
  (global $calls (export "calls") (mut i32) (i32.const 0))
  (memory (export "memory") 1 2)
  (data (i32.const 16) "cache")
  (table 3 funcref)
  (elem (i32.const 0) $inc $twice $square)
  (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $square (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (func $start
    (global.set $counter (i32.const 100)))
  (start $start)
  ;; table[slot](x) + counter, counting calls in the exported global
  (func (export "apply") (param $slot i32) (param $x i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (i32.add
      (call_indirect (type $unop) (local.get $x) (local.get $slot))
      (global.get $counter)))
  (func (export "nan_bits") (result i32) (i32.reinterpret_f32 (global.get $nan)))
  (func (export "big") (result i64) (global.get $big))
  (func (export "byte") (param i32) (result i32) (i32.load8_u (local.get 0))))
