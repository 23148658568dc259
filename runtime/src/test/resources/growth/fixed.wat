;; A module that never grows its memory: its code relies on an exact array (MemoryGrowthTest).
;; Rebuild: wat2wasm fixed.wat -o fixed.wasm
(module
  (memory (export "memory") 1)
  (func (export "size") (result i32) (memory.size))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load32") (param i32) (result i32) (i32.load (local.get 0)))
)
