;; Imports of every kind, for EmbeddingApiTest. Rebuild: wat2wasm host.wat -o host.wasm
(module
  (import "env" "log" (func $log (param i32)))
  (import "env" "add3" (func $add3 (param i32 i64 f64) (result f64)))
  (import "env" "memory" (memory 1))
  (import "env" "table" (table 4 funcref))
  (import "env" "base" (global $base i32))
  (import "env" "counter" (global $counter (mut i64)))
  (func (export "run") (param i32) (result f64)
    local.get 0
    call $log
    global.get $counter
    i64.const 1
    i64.add
    global.set $counter
    global.get $base
    local.get 0
    i32.store
    global.get $base
    i32.load
    global.get $counter
    f64.const 0.5
    call $add3)
  (func (export "size") (result i32) table.size 0)
)
