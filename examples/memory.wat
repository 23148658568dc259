;; Linear memory: an exported memory, byte loads, and bulk memory (memory.fill).
;;
;;   ipvm run examples/memory.wasm --invoke sum 0 10           # 55 (bytes 1..10 from the data segment)
;;   ipvm run examples/memory.wasm --invoke fill_sum 100 7 10  # 70 (fill 10 bytes at 100 with 7, sum them)
;;   ipvm run examples/memory.wasm --invoke sum 65530 10       # traps: out of bounds memory access
;;   ipvm run examples/memory.wasm --invoke grow 2             # 1 (the old size in pages)
;;   ipvm run examples/memory.wasm --max-memory 64KiB --invoke grow 1   # -1, and a note on stderr
;;
;; Every call of the CLI gets a fresh instance, so `fill` followed by `sum` in two separate
;; runs sees the data segment again; `fill_sum` does both in one call.
(module
  ;; One 64 KiB page, growable to 16 pages.
  (memory (export "memory") 1 16)

  ;; Bytes 1, 2, ..., 10 at address 0.
  (data (i32.const 0) "\01\02\03\04\05\06\07\08\09\0a")

  ;; Sum of the unsigned bytes in [ptr, ptr + len). Traps if the range leaves memory.
  (func $sum (export "sum") (param $ptr i32) (param $len i32) (result i32)
    (local $end i32) (local $acc i32)
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $acc
          (i32.add (local.get $acc) (i32.load8_u (local.get $ptr))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  ;; Set len bytes at ptr to the low 8 bits of value (bulk memory: memory.fill).
  ;; Traps, writing nothing, if [ptr, ptr + len) is not inside memory.
  (func $fill (export "fill") (param $ptr i32) (param $value i32) (param $len i32)
    (memory.fill (local.get $ptr) (local.get $value) (local.get $len)))

  ;; fill(ptr, value, len), then sum(ptr, len).
  (func (export "fill_sum") (param $ptr i32) (param $value i32) (param $len i32) (result i32)
    (call $fill (local.get $ptr) (local.get $value) (local.get $len))
    (call $sum (local.get $ptr) (local.get $len)))

  ;; Current memory size in 64 KiB pages.
  ;; Grows memory by $pages pages: the old size in pages, or -1 if it cannot grow (past the
  ;; declared maximum of 16, or past the host's limit: ipvm run --max-memory).
  (func (export "grow") (param $pages i32) (result i32)
    (memory.grow (local.get $pages)))

  (func (export "pages") (result i32)
    (memory.size))
)
