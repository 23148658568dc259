;; Fuzz seed 158 (plain and metered), reduced by hand-driven deletion (5 KB module, 1,659 lines of
;; text -> 1,521 bytes; wasm-reduce cannot shrink it: binaryen's rewrite of the binary loses the
;; crash, a wabt round trip keeps it). Func 1 (results f64 i64) is big enough to be split, with
;; multi-value blocks and loops over non-empty operand stacks.
;;
;; Expected (V8): the trace this test compares, e.g. hashMemory's i32 and each export's result or
;;   trap; ipvm-jvm main a9aa64c gives exactly that (on main the unreduced seed 158 crashes with
;;   NegativeArraySizeException in ASM's Frame.merge, the known splitter bug).
;; Actual with wip-compiler bbd2749 (the splitter fix in progress): compile fails with
;;   java.lang.ArrayIndexOutOfBoundsException: Index -2 out of bounds for length 0 at
;;   org.objectweb.asm.Frame.getConcreteOutputType (frames computed for an inconsistent chunk).
;;   Still so on main ef9ebdd (after the merge). Cause: func 5 is called only by the host and has
;;   several loop nests, each outlined as a chunk (FunctionEmitter.emitOutlined); the last one's
;;   outputs (the results f64 i64) stay resident in the frame after its call, and the return that
;;   follows popped them from an empty JVM stack, so ASM's frame computation failed. Fixed by
;;   materializing after the last nest (wip-compiler2).
(module
  (type (;0;) (func (result f64 i64)))
  (type (;1;) (func))
  (type (;2;) (func (result f32 i64 i64)))
  (type (;3;) (func (result f32 i64)))
  (type (;4;) (func (result i32)))
  (type (;5;) (func (result f64 i32 f64 i64 i32 f64)))
  (type (;6;) (func (param f32) (result f64)))
  (type (;7;) (func (result f32 i32 f32 f64)))
  (type (;8;) (func (param i32)))
  (type (;9;) (func (param i64)))
  (type (;10;) (func (param f32)))
  (type (;11;) (func (param f64)))
  (type (;12;) (func (result f64 i64 i64 i32)))
  (type (;13;) (func (param f64 i64) (result f32)))
  (type (;14;) (func (param i64 i32) (result f32 i32 f32 f64)))
  (type (;15;) (func (param f32 i64 f32 f32 f32 i64) (result f32)))
  (type (;16;) (func (param i64 f32 i32) (result i64 f32 i32 f64 f64 f64)))
  (type (;17;) (func (result i64 f32 i32 f64 f64 f64)))
  (type (;18;) (func (param f64 f64) (result f64 i64 f64 i32 f32)))
  (type (;19;) (func (result f64 i64 f64 i32 f32)))
  (type (;20;) (func (param i32) (result i32)))
  (type (;21;) (func (param i64 f64) (result f32 f64 f32 f64 f32)))
  (type (;22;) (func (result f32 f64 f32 f64 f32)))
  (type (;23;) (func (param i64 f32 f64) (result i64 i32 i32 i64 i64)))
  (type (;24;) (func (result i64 i32 i32 i64 i64)))
  (type (;25;) (func (result f64)))
  (type (;26;) (func (result f32)))
  (type (;27;) (func (param f32) (result f32)))
  (type (;28;) (func (param f64) (result f64)))
  (import "fuzzing-support" "log-i32" (func (;0;) (type 8)))
  (import "fuzzing-support" "log-i64" (func (;1;) (type 9)))
  (import "fuzzing-support" "log-f32" (func (;2;) (type 10)))
  (import "fuzzing-support" "log-f64" (func (;3;) (type 11)))
  (func (;4;) (type 4) (result i32)
    unreachable)
  (func (;5;) (type 0) (result f64 i64)
    (local i32 i32 f32 f32 i64 f64 f64)
    global.get 31
    i32.eqz
    if  ;; label = @1
      f64.const 0x0p+0 (;=0;)
      i64.const 8193
      return
    end
    loop (result i64)  ;; label = @1
      global.get 31
      if  ;; label = @2
        f64.const 0x0p+0 (;=0;)
        i64.const -4323
        return
      end
      block  ;; label = @2
        global.get 10
        i32.trunc_f64_s
        if  ;; label = @3
          loop (result f64)  ;; label = @4
            global.get 31
            if  ;; label = @5
              f64.const 0x0p+0 (;=0;)
              i64.const -19925
              return
            end
            global.get 31
            i32.const 1
            i32.sub
            global.set 31
            global.get 13
          end
          loop (result i32)  ;; label = @4
            global.get 31
            if  ;; label = @5
              f64.const 0x1.eap+7 (;=245;)
              i64.const -31
              return
            end
            block (result i32)  ;; label = @5
              f64.const -0x1.ffffffff624ddp+30 (;=-2.14748e+09;)
              i32.trunc_sat_f64_u
              if (result f32)  ;; label = @6
                loop (result i32)  ;; label = @7
                  global.get 31
                  if  ;; label = @8
                    f64.const 0x1.ff5cc69cp+31 (;=4.28962e+09;)
                    i64.const 108
                    return
                  end
                  global.get 31
                  i32.const 1
                  i32.sub
                  global.set 31
                  local.get 4
                  local.get 4
                  i64.ne
                  if (result i32)  ;; label = @8
                    i32.const 8192
                    local.get 0
                    br_if 3 (;@5;)
                  else
                    global.get 3
                  end
                end
                if (result f32)  ;; label = @7
                  local.get 2
                  local.get 2
                  i32.const 16
                  select
                else
                  local.get 2
                end
              else
                f32.const -0x1.0f88p+14 (;=-17378;)
              end
              block (result i32)  ;; label = @6
                local.get 0
              end
              br 1 (;@4;)
            end
          end
          if  ;; label = @4
            block  ;; label = @5
              loop  ;; label = @6
                global.get 31
                if  ;; label = @7
                end
                global.get 31
                i32.const 15
                i32.and
                block (result f32)  ;; label = @7
                  i32.const -65534
                  if (result i32)  ;; label = @8
                    local.get 0
                  else
                    local.get 0
                  end
                  local.get 4
                  i64.store offset=22
                  f32.const 0x1p+32 (;=4.29497e+09;)
                end
                f32.store offset=22
                i32.const 1048576
                f32.load offset=4 align=1
                local.set 2
                block (result f64 i64 i64 i32)  ;; label = @7
                  f32.const 0x1.fffffep+127 (;=3.40282e+38;)
                  local.set 2
                  f64.const 0x0p+0 (;=0;)
                  i64.const -38
                  i64.const -101
                  i32.const 76
                end
                local.set 1
                drop
                drop
                drop
                local.get 1
                if (result f32)  ;; label = @7
                  br 2 (;@5;)
                else
                  i32.const 8
                  br_if 1 (;@6;)
                  loop (result f32)  ;; label = @8
                    global.get 31
                    if  ;; label = @9
                    end
                    global.get 31
                    local.get 0
                    i32.const -21641
                    select
                    if  ;; label = @9
                      local.get 4
                      local.set 4
                    end
                    local.get 0
                    if  ;; label = @9
                      f64.const 0x1p+50 (;=1.1259e+15;)
                      local.set 5
                      i32.const -89
                      i32.const 128
                      i32.store16 offset=3 align=1
                    end
                    local.get 0
                    i32.const 15
                    i32.and
                    f32.load offset=1 align=1
                  end
                end
                call 2
              end
              f64.const -0x1p+12 (;=-4096;)
              i64.const -9007199254740993
              f32.const 0x1p+31 (;=2.14748e+09;)
              local.set 3
              drop
              drop
              local.get 3
              global.set 20
            end
          end
          unreachable
          local.get 4
          i64.eqz
          i32.store offset=4
        end
        local.get 0
        i32.const 15
        i32.and
        local.get 4
        i64.store16 offset=4 align=1
      end
      f32.const -0x1.fffffep+127 (;=-3.40282e+38;)
      i32.trunc_sat_f32_u
      if (result i32)  ;; label = @2
        br 1 (;@1;)
      else
        i32.const -32766
      end
      br_if 0 (;@1;)
      local.get 4
    end
    loop (result i32)  ;; label = @1
      global.get 31
      global.set 31
      block (result i32)  ;; label = @2
        loop (result i32)  ;; label = @3
          global.get 31
          local.get 0
          br_if 1 (;@2;)
          i32.const 15
          i32.and
        end
        loop (result i32)  ;; label = @3
          global.get 31
          if  ;; label = @4
            f64.const -0x1.9p+6 (;=-100;)
            i64.const -84
            return
          end
          i32.const 2
        end
        if (result f64)  ;; label = @3
          f64.const 0x1.ffffec3p+31 (;=4.29496e+09;)
          i64.const -13231
          return
        else
          i32.const 252
          if (result i32)  ;; label = @4
            i32.const 65442
          else
            local.get 0
          end
          br 2 (;@1;)
        end
        unreachable
      end
    end
    i64.load16_u offset=2 align=1
    i64.lt_u
    if (result f64 i64)  ;; label = @1
      loop (result f64 i64)  ;; label = @2
        global.get 31
        if  ;; label = @3
          f64.const 0x0p+0 (;=0;)
          i64.const -29407
          return
        end
        global.get 31
        i32.const 1
        i32.store8 offset=4
        i32.const 8388608
        br_if 0 (;@2;)
        f64.const 0x1.ffffcabp+31 (;=4.29496e+09;)
        i64.const -36028797018963967
      end
    else
      block (result f64 i64)  ;; label = @2
        global.get 31
        call 4
        call 4
        memory.fill
        i32.const 12874
        if (result f64 i64)  ;; label = @3
          f64.const 0x0p+0 (;=0;)
          i64.const -64
        else
          block (result f64)  ;; label = @4
            local.get 0
            if (result f64)  ;; label = @5
              loop (result i64)  ;; label = @6
                global.get 31
                if  ;; label = @7
                  f64.const 0x1.000000000008p+45 (;=3.51844e+13;)
                  i64.const 32767
                  return
                end
                local.get 0
                br_if 0 (;@6;)
                i64.const -99
              end
              local.set 4
              loop (result f64)  ;; label = @6
                global.get 31
                if  ;; label = @7
                  f64.const 0x0p+0 (;=0;)
                  i64.const -27345
                  return
                end
                global.get 31
                global.set 31
                i32.const 134217728
                br_if 0 (;@6;)
                local.get 5
                local.get 0
                if (result f64)  ;; label = @7
                  br 1 (;@6;)
                else
                  local.get 5
                end
                f64.mul
              end
            else
              global.get 3
              i32.const 15
              i32.const 14
              memory.init 3
              f64.const -0x1.ffep+11 (;=-4095;)
            end
          end
          i64.const -2
        end
      end
    end)
  (func (;6;) (type 13) (param f64 i64) (result f32)
    unreachable)
  (func (;7;) (type 1)
    unreachable)
  (func (;8;) (type 6) (param f32) (result f64)
    unreachable)
  (func (;9;) (type 1)
    unreachable)
  (func (;10;) (type 4) (result i32)
    unreachable)
  (func (;11;) (type 1)
    unreachable)
  (func (;12;) (type 14) (param i64 i32) (result f32 i32 f32 f64)
    unreachable)
  (func (;13;) (type 1)
    unreachable)
  (func (;14;) (type 2) (result f32 i64 i64)
    unreachable)
  (func (;15;) (type 1)
    unreachable)
  (func (;16;) (type 15) (param f32 i64 f32 f32 f32 i64) (result f32)
    unreachable)
  (func (;17;) (type 16) (param i64 f32 i32) (result i64 f32 i32 f64 f64 f64)
    unreachable)
  (func (;18;) (type 18) (param f64 f64) (result f64 i64 f64 i32 f32)
    unreachable)
  (func (;19;) (type 1)
    unreachable)
  (func (;20;) (type 3) (result f32 i64)
    unreachable)
  (func (;21;) (type 1)
    unreachable)
  (func (;22;) (type 20) (param i32) (result i32)
    unreachable)
  (func (;23;) (type 21) (param i64 f64) (result f32 f64 f32 f64 f32)
    unreachable)
  (func (;24;) (type 23) (param i64 f32 f64) (result i64 i32 i32 i64 i64)
    unreachable)
  (func (;25;) (type 25) (result f64)
    unreachable)
  (func (;26;) (type 1)
    unreachable)
  (func (;27;) (type 26) (result f32)
    unreachable)
  (func (;28;) (type 1)
    unreachable)
  (func (;29;) (type 27) (param f32) (result f32)
    unreachable)
  (func (;30;) (type 28) (param f64) (result f64)
    unreachable)
  (memory (;0;) 16 17)
  (global (;0;) (mut i32) (i32.const 7))
  (global (;1;) (mut i32) (i32.const 64))
  (global (;2;) (mut f32) (f32.const -0x1p+31 (;=-2.14748e+09;)))
  (global (;3;) (mut i32) (i32.const 86))
  (global (;4;) (mut i64) (i64.const 227))
  (global (;5;) (mut i64) (i64.const 51))
  (global (;6;) (mut f32) (f32.const 0x1.ff7df4p+6 (;=127.873;)))
  (global (;7;) (mut i64) (i64.const -9))
  (global (;8;) (mut f64) (f64.const 0x1p+30 (;=1.07374e+09;)))
  (global (;9;) (mut f32) (f32.const 0x0p+0 (;=0;)))
  (global (;10;) (mut f64) (f64.const -0x1.fp+4 (;=-31;)))
  (global (;11;) (mut f32) (f32.const 0x0p+0 (;=0;)))
  (global (;12;) (mut f64) (f64.const 0x1.000000003f7cfp+31 (;=2.14748e+09;)))
  (global (;13;) (mut f64) (f64.const -0x1.88p+5 (;=-49;)))
  (global (;14;) (mut f64) (f64.const 0x0p+0 (;=0;)))
  (global (;15;) (mut f64) (f64.const 0x0p+0 (;=0;)))
  (global (;16;) (mut f32) (f32.const 0x0p+0 (;=0;)))
  (global (;17;) (mut f64) (f64.const -0x1p+0 (;=-1;)))
  (global (;18;) (mut i32) (i32.const -89))
  (global (;19;) (mut i32) (i32.const 32768))
  (global (;20;) (mut f32) (f32.const -0x1.de329ap+15 (;=-61209.3;)))
  (global (;21;) (mut f32) (f32.const 0x1.ff34p+15 (;=65434;)))
  (global (;22;) (mut i64) (i64.const 387601987))
  (global (;23;) (mut f64) (f64.const 0x1.ff9cp+15 (;=65486;)))
  (global (;24;) (mut i32) (i32.const -8388608))
  (global (;25;) (mut i32) (i32.const -9))
  (global (;26;) (mut f32) (f32.const -0x1p+32 (;=-4.29497e+09;)))
  (global (;27;) (mut i64) (i64.const 576460752303423487))
  (global (;28;) (mut i32) (i32.const 128))
  (global (;29;) (mut f64) (f64.const 0x1.65e90c58p+30 (;=1.50118e+09;)))
  (global (;30;) (mut f32) (f32.const 0x0p+0 (;=0;)))
  (global (;31;) (mut i32) (i32.const 10))
  (data (;1;) (i32.const 0) "")
  (data (;2;) (i32.const 0) "\1c\fd\f8\fe\07`b\d4\df\de?\fdC\b4\8b&\df")
  (data (;3;) (i32.const 17) "9\8e\1eX\7f\e6\b12\c9\89dj\c4\f2\8f8sJ0T\a0\e0\af\a4")
  (data (;7;) (i32.const 63) "\15\a2\02\b1\9e\a0\cf\aa\d0\d9g\d7"))