;; Grows an imported memory (MemoryGrowthTest). Rebuild: wat2wasm imported.wat -o imported.wasm
(module
  (import "env" "memory" (memory 1))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "store8") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
)
