;; RecompileTest: calls callee.wat's $f through an import.
(module
  (import "callee" "f" (func $f (param i32) (result i32)))
  (func (export "viaImport") (param i32) (result i32)
    (call $f (local.get 0))))
