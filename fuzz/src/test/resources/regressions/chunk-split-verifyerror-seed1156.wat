;; Fuzz seed 1156 (plain and metered), reduced with wasm-reduce (5,220 -> 677 bytes) against
;; wip-compiler bbd2749, which fixes most chunk-splitter crashes but not this one.
;;
;; Expected (V8): func_8 -> trap unreachable (func 1, the big one, is never called).
;; Actual (ipvm-jvm, main a9aa64c and wip-compiler bbd2749): java.lang.VerifyError: Operand stack
;;   underflow in a chunk method of func 1 (Functions0.f1$N), thrown when the class is loaded at
;;   the first call. Func 1 is split into chunks; its loops sit over a non-empty operand stack
;;   (the `if (result i32)` arms, `loop (result i64)` under a pending i32) and branch out of
;;   chunks (br 3 to the function's outer block), the pattern of /work/shared/repro/chunk-*.wat.
;;   The function must stay big enough to be split, which is why it is not smaller.
;; Cause: func 1 is called only by the host and has two loop nests, so each nest is outlined as a
;;   chunk (FunctionEmitter.emitOutlined); the last nest's outputs (the function's i64 result) stay
;;   resident in the frame after the call, and the return that follows read them from an empty
;;   JVM stack. Fixed by materializing after the last nest (wip-compiler2).
(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func (result i64)))
  (type (;2;) (func (result i32)))
  (import "fuzzing-support" "log-i32" (func (;0;) (type 0)))
  (func (;1;) (type 1) (result i64)
    (local i32 i32 f64 i64 i64 i64)
    i32.const 0
    i32.eqz
    if  ;; label = @1
      i64.const 59
      return
    end
    i32.const 0
    i32.const 1
    i32.sub
    global.set 1
    block  ;; label = @1
      i64.const 17179869184
      local.set 3
      block  ;; label = @2
        i64.const -9223372036854775807
        local.set 4
        block (result i32)  ;; label = @3
          i32.const -126
          local.set 0
          block  ;; label = @4
            i64.const 75
            local.set 5
            i64.const -1073741825
            drop
          end
          local.get 0
        end
        local.set 0
      end
    end
    i32.const 1
    if (result i32)  ;; label = @1
      block  ;; label = @2
        f64.const 0x0p+0 (;=0;)
        local.set 2
        i32.const -27595
        local.set 0
      end
      local.get 0
      call 0
      global.get 0
      if  ;; label = @2
        i32.const 0
        i32.load8_s offset=4
        i32.const 15
        i32.and
        i32.load8_s offset=2
        call 0
      end
      i64.const -8192
      return
    else
      block (result f32)  ;; label = @2
        i32.const -20426
        i32.eqz
        if  ;; label = @3
          i32.const 0
          call 0
        end
        i32.const -29645
        if (result f32)  ;; label = @3
          f32.const 0x0p+0 (;=0;)
        else
          block (result f32)  ;; label = @4
            i32.const 0
            if (result f32)  ;; label = @5
              i32.const 0
              if (result f32)  ;; label = @6
                f32.const 0x0p+0 (;=0;)
              else
                f32.const 0x0p+0 (;=0;)
              end
            else
              f32.const 0x1p+0 (;=1;)
            end
            i32.const 4
            br_if 0 (;@4;)
          end
        end
      end
      loop (result f32)  ;; label = @2
        global.get 1
        i32.eqz
        if  ;; label = @3
          i64.const -5756384970162028532
          return
        end
        global.get 1
        i32.const 1
        i32.sub
        global.set 1
        f32.const 0x0p+0 (;=0;)
      end
      f32.ge
      i32.load8_s offset=4
    end
    if (result i64)  ;; label = @1
      i64.const 9223372036854775807
      i64.extend32_s
    else
      i32.const -32430
      if  ;; label = @2
        block  ;; label = @3
          loop  ;; label = @4
            global.get 1
            i32.eqz
            if  ;; label = @5
              i64.const -109
              return
            end
            global.get 1
            i32.const 1
            i32.sub
            global.set 1
            block  ;; label = @5
              i64.const 15
              i64.const 17467
              i64.lt_u
              if  ;; label = @6
                block  ;; label = @7
                  f64.const 0x0p+0 (;=0;)
                  local.set 2
                  i32.const 0
                  drop
                end
                i32.const 0
                if  ;; label = @7
                  block  ;; label = @8
                    loop (result i32)  ;; label = @9
                      global.get 1
                      i32.eqz
                      if  ;; label = @10
                        i64.const 0
                        return
                      end
                      global.get 1
                      i32.const 1
                      i32.sub
                      global.set 1
                      i32.const 0
                      drop
                      i32.const 0
                    end
                    i32.const 15
                    i32.and
                    i32.load offset=4 align=2
                    br_if 0 (;@8;)
                    global.get 0
                    i32.eqz
                    br_if 3 (;@5;)
                  end
                else
                  f64.const 0x0p+0 (;=0;)
                  f64.const 0x0p+0 (;=0;)
                  f64.ge
                  if (result i32)  ;; label = @8
                    global.get 1
                    i32.eqz
                    if  ;; label = @9
                      i64.const -65534
                      return
                    end
                    global.get 1
                    i32.const 1
                    i32.sub
                    global.set 1
                    i32.const -68
                  else
                    i32.const 0
                  end
                  i32.eqz
                  br_if 3 (;@4;)
                end
              end
            end
            i32.const 0
            i32.eqz
            br_if 0 (;@4;)
            loop (result i64)  ;; label = @5
              global.get 1
              i32.eqz
              if  ;; label = @6
                i64.const -9007199254740991
                return
              end
              global.get 1
              i32.const 1
              i32.sub
              global.set 1
              global.get 1
              i32.eqz
              if  ;; label = @6
                i64.const -1
                return
              end
              global.get 1
              i32.const 1
              i32.sub
              global.set 1
              i32.const 0
              block (result i32)  ;; label = @6
                global.get 1
                i32.eqz
                if  ;; label = @7
                  i64.const -73
                  return
                end
                i32.const 0
                i32.const 1
                i32.sub
                global.set 1
                local.get 1
              end
              i32.const -255
              select
              if (result i32)  ;; label = @6
                br 3 (;@3;)
              else
                local.get 1
              end
              i32.eqz
              br_if 0 (;@5;)
              i64.const -91
            end
            drop
            f32.const 0x0p+0 (;=0;)
            f32.const 0x0p+0 (;=0;)
            f32.lt
            if (result i64)  ;; label = @5
              i32.const -23773
              i32.eqz
              br_if 2 (;@3;)
              br 1 (;@4;)
            else
              loop (result i64)  ;; label = @6
                global.get 1
                i32.eqz
                if  ;; label = @7
                  i64.const -255
                  return
                end
                i32.const 1
                global.set 1
                i32.const -3
                i32.eqz
                br_if 0 (;@6;)
                i64.const 131
              end
            end
            drop
            i32.const 1
            if  ;; label = @5
              br 2 (;@3;)
            else
              i32.const 0
              i64.const 562949953421313
              i64.store offset=3 align=4
              br 1 (;@4;)
            end
            unreachable
          end
          unreachable
        end
      else
        block  ;; label = @3
          br 0 (;@3;)
        end
      end
      i64.const -11225
      return
    end)
  (func (;2;) (type 2) (result i32)
    unreachable)
  (memory (;0;) 16 17)
  (global (;0;) (mut i32) (i32.const -114))
  (global (;1;) (mut i32) (i32.const 10))
  (export "func_8" (func 2)))
