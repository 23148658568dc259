;; A memory with a declared maximum and no export (MemoryGrowthTest). Rebuild: wat2wasm capped.wat -o capped.wasm
(module
  (memory 1 5)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
)
