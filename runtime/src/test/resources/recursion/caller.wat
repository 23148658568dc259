;; Calls another instance's functions through imports (CallDepthTest). Rebuild: wat2wasm caller.wat -o caller.wasm
(module
  (import "other" "runaway" (func $runaway (param i32) (result i32)))
  (import "other" "depth" (func $depth (param i32) (result i32)))
  (func (export "runaway") (param i32) (result i32) (call $runaway (local.get 0)))
  (func (export "depth") (param i32) (result i32) (call $depth (local.get 0)))
)
