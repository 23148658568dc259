;; The example module for IPVM workflows: a core module whose exports follow the Component Model's
;; canonical ABI the way wit-bindgen lays out a world such as
;;
;;   add-one: func(a: s32) -> s32
;;   append-string: func(a: string) -> string           ;; appends "\nworld", like the reference fixture
;;   join-strings: func(a: string, b: string) -> string ;; a followed by b
;;   byte-length: func(a: list<u8>) -> u32
;;   reverse-bytes: func(a: list<u8>) -> list<u8>
;;   divide: func(a: s32, b: s32) -> s32                ;; traps on b = 0 (integer divide by zero)
;;
;; (node/README.md describes the calling convention the node uses for them.) Core shapes:
;;   string / list<u8> parameter  -> two i32: pointer and length, in memory the host got from cabi_realloc
;;   string / list<u8> result     -> one i32: pointer to an 8-byte return area holding (pointer, length)
;;
;; Memory management: cabi_realloc is a bump allocator over the heap that starts at $heap_base.
;; Nothing is freed one by one. Instead each cabi_post_<name> (called by the host once it has copied
;; a result out) resets the heap to $heap_base: every allocation of a call (arguments, result) is
;; dead by then. The exported globals "heap" (next free byte) and "post_returns" (how many post-return
;; calls happened) make this observable to tests.
;;
;;   ipvm run examples/workflow.wasm --invoke add-one 41     # 42
;;   ipvm run examples/workflow.wasm --invoke divide 7 0     # exit 1: integer divide by zero
(module
  (memory (export "memory") 1 1024)

  ;; 8..15: the static return area; 16..21: the suffix append-string adds.
  (data (i32.const 16) "\0aworld")

  (global $heap_base i32 (i32.const 1024))
  (global $heap (export "heap") (mut i32) (i32.const 1024))
  (global $post_returns (export "post_returns") (mut i32) (i32.const 0))

  (func (export "add-one") (param $a i32) (result i32)
    (i32.add (local.get $a) (i32.const 1)))

  (func (export "divide") (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))

  ;; cabi_realloc(old_ptr, old_size, align, new_size) -> ptr. Alignment must be a power of two.
  ;; Growing an old block allocates a new one and copies; shrinking keeps it in place.
  ;; Traps (unreachable) when memory cannot grow enough.
  (func $realloc (export "cabi_realloc")
    (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
    (local $ptr i32) (local $end i32) (local $have i32)
    (if (i32.and (i32.ne (local.get $old) (i32.const 0))
                 (i32.le_u (local.get $size) (local.get $old_size)))
      (then (return (local.get $old))))
    ;; ptr = align_up(heap, align)
    (local.set $ptr
      (i32.and
        (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
        (i32.sub (i32.const 0) (local.get $align))))
    (local.set $end (i32.add (local.get $ptr) (local.get $size)))
    (if (i32.lt_u (local.get $end) (local.get $ptr)) (then unreachable)) ;; wrapped around
    (local.set $have (i32.mul (memory.size) (i32.const 65536)))
    (if (i32.gt_u (local.get $end) (local.get $have))
      (then
        (if (i32.eq
              (memory.grow
                (i32.shr_u
                  (i32.add (i32.sub (local.get $end) (local.get $have)) (i32.const 65535))
                  (i32.const 16)))
              (i32.const -1))
          (then unreachable))))
    (global.set $heap (local.get $end))
    (if (i32.ne (local.get $old) (i32.const 0))
      (then (memory.copy (local.get $ptr) (local.get $old) (local.get $old_size))))
    (local.get $ptr))

  ;; Stores (ptr, len) in the return area and returns its address.
  (func $ret (param $ptr i32) (param $len i32) (result i32)
    (i32.store (i32.const 8) (local.get $ptr))
    (i32.store (i32.const 12) (local.get $len))
    (i32.const 8))

  (func $free_all (param $retptr i32)
    (global.set $heap (global.get $heap_base))
    (global.set $post_returns (i32.add (global.get $post_returns) (i32.const 1))))

  (func (export "append-string") (param $p i32) (param $n i32) (result i32)
    (local $out i32)
    (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 1)
                                   (i32.add (local.get $n) (i32.const 6))))
    (memory.copy (local.get $out) (local.get $p) (local.get $n))
    (memory.copy (i32.add (local.get $out) (local.get $n)) (i32.const 16) (i32.const 6))
    (call $ret (local.get $out) (i32.add (local.get $n) (i32.const 6))))
  (func (export "cabi_post_append-string") (param i32) (call $free_all (local.get 0)))

  (func (export "join-strings")
    (param $p1 i32) (param $n1 i32) (param $p2 i32) (param $n2 i32) (result i32)
    (local $out i32)
    (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 1)
                                   (i32.add (local.get $n1) (local.get $n2))))
    (memory.copy (local.get $out) (local.get $p1) (local.get $n1))
    (memory.copy (i32.add (local.get $out) (local.get $n1)) (local.get $p2) (local.get $n2))
    (call $ret (local.get $out) (i32.add (local.get $n1) (local.get $n2))))
  (func (export "cabi_post_join-strings") (param i32) (call $free_all (local.get 0)))

  ;; A u32 result fits one core value: no return area, no post-return. The argument's memory is
  ;; reclaimed here, since no cabi_post_byte-length follows.
  (func (export "byte-length") (param $p i32) (param $n i32) (result i32)
    (global.set $heap (global.get $heap_base))
    (local.get $n))

  (func (export "reverse-bytes") (param $p i32) (param $n i32) (result i32)
    (local $out i32) (local $i i32)
    (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 1) (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8
          (i32.add (local.get $out) (local.get $i))
          (i32.load8_u
            (i32.sub (i32.add (local.get $p) (local.get $n))
                     (i32.add (local.get $i) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $ret (local.get $out) (local.get $n)))
  (func (export "cabi_post_reverse-bytes") (param i32) (call $free_all (local.get 0)))
)
