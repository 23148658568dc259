;; New-user pass findings m22 and m156 (binaryen -ttf modules, imports removed), hand-reduced
;; (function 64 is the one that fails).
;;
;; Expected (V8, wasm-interp): every export traps unreachable.
;; Actual (ipvm-jvm main ef9ebdd): java.lang.VerifyError: Operand stack underflow at the first
;;   call (an freturn on an empty stack in a method using frame mode and a lookupswitch), plain and
;;   metered, at every split budget including the default.
;; Cause: the same as chunk-split-verifyerror-seed1156.wat: the return after a function's last
;;   outlined loop nest (FunctionEmitter.emitOutlined) took the nest's results, still resident in
;;   the frame, from an empty JVM stack. Fixed by a4cfcae; this file checks that it stays fixed.
(module
  (type (;0;) (func))
  (type (;1;) (func (param f32 i64 i32 f64 f64 i64) (result i32)))
  (type (;2;) (func (result f64)))
  (type (;3;) (func (result f32)))
  (type (;4;) (func (param f64 i32 i32 f64 i64 f64 i32) (result f64)))
  (type (;5;) (func (param f64 f32 f64 f32 f64 f64) (result i32)))
  (type (;6;) (func (result i32)))
  (type (;7;) (func (result i64)))
  (type (;8;) (func (param i32) (result f32)))
  (type (;9;) (func (result f64 i32 i64 f64 f64 f32)))
  (type (;10;) (func (param i32 i64) (result f32)))
  (type (;11;) (func (result f32 f64)))
  (type (;12;) (func (result i32 i64 i64)))
  (type (;13;) (func (result f32 i32)))
  (type (;14;) (func (result i64 i32 i64 f32 f64 i32)))
  (type (;15;) (func (result f32 i64 i64 i64 f32 f32)))
  (type (;16;) (func (param f32 i32 f32 f64 f64 i64) (result f32)))
  (type (;17;) (func (param i32 i64) (result i64)))
  (type (;18;) (func (param i32 f32 f64 i32 f32 i32 f32 f32) (result i64)))
  (type (;19;) (func (param f64 i32 i64 f32) (result f64)))
  (type (;20;) (func (param f32 f32 i32) (result i32)))
  (type (;21;) (func (param i64) (result i32 i64 i64)))
  (type (;22;) (func (param i64 f32 i32 f64 i32 f64 i32 f64) (result f32 i32)))
  (type (;23;) (func (param i64) (result f64)))
  (type (;24;) (func (param i32 f64 i32) (result f64)))
  (type (;25;) (func (param f64 f64) (result i32)))
  (type (;26;) (func (param f32 f32 f32) (result f64 i32 f32 f64 i64 i64)))
  (type (;27;) (func (result f64 i32 f32 f64 i64 i64)))
  (type (;28;) (func (param i64 i64 f64) (result i64)))
  (type (;29;) (func (param f32 f64 f32 f32) (result f32 f32)))
  (type (;30;) (func (result f32 f32)))
  (type (;31;) (func (param i32 i32) (result i32)))
  (type (;32;) (func (param f32 i64 f32 f64) (result i64)))
  (type (;33;) (func (param f32 i32) (result f32)))
  (type (;34;) (func (param i32) (result i64)))
  (func (;0;) (type 6) (result i32)
    unreachable)
  (func (;1;) (type 0)
    unreachable)
  (func (;2;) (type 0)
    unreachable)
  (func (;3;) (type 3) (result f32)
    unreachable)
  (func (;4;) (type 7) (result i64)
    unreachable)
  (func (;5;) (type 0)
    unreachable)
  (func (;6;) (type 6) (result i32)
    unreachable)
  (func (;7;) (type 0)
    unreachable)
  (func (;8;) (type 2) (result f64)
    unreachable)
  (func (;9;) (type 2) (result f64)
    unreachable)
  (func (;10;) (type 0)
    unreachable)
  (func (;11;) (type 16) (param f32 i32 f32 f64 f64 i64) (result f32)
    unreachable)
  (func (;12;) (type 10) (param i32 i64) (result f32)
    unreachable)
  (func (;13;) (type 17) (param i32 i64) (result i64)
    unreachable)
  (func (;14;) (type 0)
    unreachable)
  (func (;15;) (type 11) (result f32 f64)
    unreachable)
  (func (;16;) (type 4) (param f64 i32 i32 f64 i64 f64 i32) (result f64)
    unreachable)
  (func (;17;) (type 2) (result f64)
    unreachable)
  (func (;18;) (type 3) (result f32)
    unreachable)
  (func (;19;) (type 0)
    unreachable)
  (func (;20;) (type 18) (param i32 f32 f64 i32 f32 i32 f32 f32) (result i64)
    unreachable)
  (func (;21;) (type 0)
    unreachable)
  (func (;22;) (type 19) (param f64 i32 i64 f32) (result f64)
    unreachable)
  (func (;23;) (type 0)
    unreachable)
  (func (;24;) (type 20) (param f32 f32 i32) (result i32)
    unreachable)
  (func (;25;) (type 0)
    unreachable)
  (func (;26;) (type 21) (param i64) (result i32 i64 i64)
    unreachable)
  (func (;27;) (type 22) (param i64 f32 i32 f64 i32 f64 i32 f64) (result f32 i32)
    unreachable)
  (func (;28;) (type 0)
    unreachable)
  (func (;29;) (type 23) (param i64) (result f64)
    unreachable)
  (func (;30;) (type 0)
    unreachable)
  (func (;31;) (type 14) (result i64 i32 i64 f32 f64 i32)
    unreachable)
  (func (;32;) (type 24) (param i32 f64 i32) (result f64)
    unreachable)
  (func (;33;) (type 25) (param f64 f64) (result i32)
    unreachable)
  (func (;34;) (type 1) (param f32 i64 i32 f64 f64 i64) (result i32)
    unreachable)
  (func (;35;) (type 15) (result f32 i64 i64 i64 f32 f32)
    unreachable)
  (func (;36;) (type 0)
    unreachable)
  (func (;37;) (type 6) (result i32)
    unreachable)
  (func (;38;) (type 3) (result f32)
    unreachable)
  (func (;39;) (type 26) (param f32 f32 f32) (result f64 i32 f32 f64 i64 i64)
    unreachable)
  (func (;40;) (type 3) (result f32)
    unreachable)
  (func (;41;) (type 0)
    unreachable)
  (func (;42;) (type 28) (param i64 i64 f64) (result i64)
    unreachable)
  (func (;43;) (type 2) (result f64)
    unreachable)
  (func (;44;) (type 0)
    unreachable)
  (func (;45;) (type 5) (param f64 f32 f64 f32 f64 f64) (result i32)
    unreachable)
  (func (;46;) (type 29) (param f32 f64 f32 f32) (result f32 f32)
    unreachable)
  (func (;47;) (type 0)
    unreachable)
  (func (;48;) (type 2) (result f64)
    unreachable)
  (func (;49;) (type 0)
    unreachable)
  (func (;50;) (type 8) (param i32) (result f32)
    unreachable)
  (func (;51;) (type 0)
    unreachable)
  (func (;52;) (type 31) (param i32 i32) (result i32)
    unreachable)
  (func (;53;) (type 7) (result i64)
    unreachable)
  (func (;54;) (type 0)
    unreachable)
  (func (;55;) (type 7) (result i64)
    unreachable)
  (func (;56;) (type 32) (param f32 i64 f32 f64) (result i64)
    unreachable)
  (func (;57;) (type 0)
    unreachable)
  (func (;58;) (type 3) (result f32)
    unreachable)
  (func (;59;) (type 0)
    unreachable)
  (func (;60;) (type 2) (result f64)
    unreachable)
  (func (;61;) (type 0)
    unreachable)
  (func (;62;) (type 33) (param f32 i32) (result f32)
    unreachable)
  (func (;63;) (type 0)
    unreachable)
  (func (;64;) (type 34) (param i32) (result i64)
    (local i32 i32 i32 i64 i64 f32 f64)
    block  ;; label = @1
      global.get 18
      if  ;; label = @2
        i64.const 4294945379
        return
      end
    end
    loop (result f32)  ;; label = @1
      block  ;; label = @2
        global.get 18
        global.set 18
      end
      block (result f32)  ;; label = @2
        block  ;; label = @3
          loop  ;; label = @4
            block  ;; label = @5
              global.get 18
              br_if 1 (;@4;)
            end
          end
          block  ;; label = @4
            i32.const 0
            f32.const 0x1p+64 (;=1.84467e+19;)
            i64.const -30
            f32.const -nan:0x7fff9d (;=-nan;)
            f32.const 0x0p+0 (;=0;)
            drop
            drop
            drop
            drop
            if  ;; label = @5
              i32.const 0
              call_indirect (type 0)
              block  ;; label = @6
              end
              block  ;; label = @6
              end
            end
          end
        end
        block (result f32)  ;; label = @3
          i32.const 16384
          if  ;; label = @4
            loop  ;; label = @5
              block  ;; label = @6
                global.get 18
                if  ;; label = @7
                end
                global.get 18
                global.set 18
              end
              block  ;; label = @6
                block  ;; label = @7
                  block  ;; label = @8
                    loop  ;; label = @9
                      block  ;; label = @10
                        global.get 18
                        if  ;; label = @11
                          local.get 4
                          return
                        end
                      end
                      local.get 0
                      i64.load16_s offset=4 align=1
                      local.set 5
                    end
                  end
                end
              end
            end
          end
          loop (result i32)  ;; label = @4
            block  ;; label = @5
              global.get 18
              if  ;; label = @6
                local.get 4
                return
              end
              global.get 18
              i32.const 1
              i32.sub
              global.set 18
            end
            local.get 0
          end
          i32.const 15
          i32.and
          f32.load offset=4
        end
        f32.const 0x1.a53p+12 (;=6739;)
        f32.le
        br_if 1 (;@1;)
        f32.const -nan:0x7fff93 (;=-nan;)
      end
    end
    loop (result f32)  ;; label = @1
      block  ;; label = @2
        global.get 18
        if  ;; label = @3
        end
        global.get 18
        global.set 18
      end
      block (result f32)  ;; label = @2
        loop (result f64 i32 i64 f64 f64 f32)  ;; label = @3
          block  ;; label = @4
            global.get 18
            if  ;; label = @5
              local.get 4
              return
            end
            global.get 18
            i32.const 1
            i32.sub
            global.set 18
          end
          block (result f64 i32 i64 f64 f64 f32)  ;; label = @4
            i32.const -33554433
            if (result i32)  ;; label = @5
              local.get 2
              i32.const 15
              block  ;; label = @6
              end
              unreachable
            else
              f64.const -nan:0xfffffffffffc7 (;=-nan;)
              f64.const -0x1.ffffffff8p+33 (;=-1.71799e+10;)
              i32.const 31305
              local.set 3
              drop
              drop
              local.get 3
            end
            i32.const 15
            i32.and
            global.get 8
            f64.store offset=3 align=4
            f64.const -0x1p+2 (;=-4;)
            i32.const 536870911
            i64.const -23
            f64.const -0x1.872b020c49ba6p-3 (;=-0.191;)
            f64.const -nan:0xfffffffffffb8 (;=-nan;)
            f32.const 0x1p+54 (;=1.80144e+16;)
          end
        end
        local.set 6
        drop
        drop
        drop
        drop
        drop
        local.get 6
      end
    end
    loop (result f32)  ;; label = @1
      block  ;; label = @2
        global.get 18
        if  ;; label = @3
          i64.const 30260
          return
        end
        global.get 18
        i32.const 1
        i32.sub
        global.set 18
      end
      block (result f32)  ;; label = @2
        f32.const -0x1p+47 (;=-1.40737e+14;)
      end
    end
    f32.add
    f32.eq
    if (result i64)  ;; label = @1
      block (result i64)  ;; label = @2
        loop  ;; label = @3
          block  ;; label = @4
            global.get 18
            if  ;; label = @5
              local.get 4
              return
            end
            block  ;; label = @5
              loop  ;; label = @6
                block  ;; label = @7
                  global.get 18
                  if  ;; label = @8
                  end
                  global.get 18
                  global.set 18
                end
                loop  ;; label = @7
                  block  ;; label = @8
                    global.get 18
                    if  ;; label = @9
                      local.get 4
                      return
                    end
                    global.get 18
                    i32.const 1
                    i32.sub
                    global.set 18
                    block  ;; label = @9
                      loop  ;; label = @10
                        block  ;; label = @11
                          global.get 18
                          global.set 18
                        end
                        block  ;; label = @11
                          block  ;; label = @12
                            loop  ;; label = @13
                              block  ;; label = @14
                                global.get 18
                                global.set 18
                              end
                              block  ;; label = @14
                                block  ;; label = @15
                                  i32.const -2147483648
                                  if  ;; label = @16
                                    local.get 2
                                    if  ;; label = @17
                                      i32.const -2738403
                                      if  ;; label = @18
                                        local.get 2
                                        if  ;; label = @19
                                          block  ;; label = @20
                                            i32.const -47
                                            if (result i64)  ;; label = @21
                                              i64.const -13
                                            else
                                              local.get 4
                                            end
                                            local.set 5
                                            block (result i32)  ;; label = @21
                                              i64.const -6036
                                              i32.wrap_i64
                                            end
                                            i32.const 15
                                            i32.and
                                            local.get 5
                                            i64.store8 offset=4
                                          end
                                          block  ;; label = @20
                                            global.get 18
                                            if  ;; label = @21
                                            end
                                            global.get 18
                                            global.set 18
                                          end
                                          block  ;; label = @20
                                            block  ;; label = @21
                                            end
                                          end
                                        end
                                        block  ;; label = @19
                                          block  ;; label = @20
                                            local.get 0
                                            i32.const -101
                                            i32.store8 offset=3
                                            local.get 2
                                            br_if 1 (;@19;)
                                          end
                                          loop  ;; label = @20
                                            block  ;; label = @21
                                              global.get 18
                                              if  ;; label = @22
                                                i64.const -549755813888
                                                return
                                              end
                                              loop  ;; label = @22
                                                block  ;; label = @23
                                                  global.get 18
                                                  if  ;; label = @24
                                                    local.get 5
                                                    return
                                                  end
                                                  global.get 18
                                                  i32.const 1
                                                  i32.sub
                                                  global.set 18
                                                  local.get 1
                                                  br_if 1 (;@22;)
                                                end
                                              end
                                              f64.const -0x1.000000006b646p+33 (;=-8.58993e+09;)
                                              i64.const -74
                                              drop
                                              drop
                                              local.get 3
                                              br_if 1 (;@20;)
                                            end
                                          end
                                        end
                                        i32.const 255
                                        f64.const -0x1p+59 (;=-5.76461e+17;)
                                        i32.const -44
                                        f64.convert_i32_u
                                        f64.max
                                        f64.store offset=22 align=1
                                      end
                                    end
                                  end
                                end
                                local.get 0
                                br_if 1 (;@13;)
                                loop  ;; label = @15
                                  block  ;; label = @16
                                    global.get 18
                                    if  ;; label = @17
                                    end
                                    global.get 18
                                    global.set 18
                                  end
                                  block  ;; label = @16
                                    block  ;; label = @17
                                      block  ;; label = @18
                                        local.get 0
                                        i32.const 15
                                        if (result f32)  ;; label = @19
                                          local.get 2
                                          br_if 6 (;@13;)
                                          f32.const 0x1.68p+5 (;=45;)
                                        else
                                          br 2 (;@17;)
                                        end
                                        f32.store offset=4 align=2
                                      end
                                    end
                                    i32.const -137
                                    br_if 7 (;@9;)
                                  end
                                end
                              end
                            end
                          end
                          f32.const 0x1.fffffep+127 (;=3.40282e+38;)
                          f32.const -0x1.58p+5 (;=-43;)
                          f32.eq
                          i32.const -2147483647
                          i32.store16 offset=4 align=1
                        end
                      end
                      loop (result i32)  ;; label = @10
                        block  ;; label = @11
                          global.get 18
                          if  ;; label = @12
                            local.get 5
                            return
                          end
                          global.get 18
                          i32.const 1
                          i32.sub
                          global.set 18
                        end
                        block (result i32)  ;; label = @11
                          local.get 0
                          if  ;; label = @12
                            i32.const 58495
                            if  ;; label = @13
                              loop  ;; label = @14
                                block  ;; label = @15
                                  global.get 18
                                  if  ;; label = @16
                                  end
                                  global.get 18
                                  global.set 18
                                end
                                block  ;; label = @15
                                  i64.const 1
                                  i32.const 29717
                                  i64.const -114
                                  f32.const 0x1p+43 (;=8.79609e+12;)
                                  drop
                                  drop
                                  local.set 3
                                  drop
                                end
                              end
                              i32.const 8192
                              if  ;; label = @14
                                i32.const -101
                                f32.const -0x1p+60 (;=-1.15292e+18;)
                                drop
                                drop
                                local.get 3
                                if  ;; label = @15
                                  loop  ;; label = @16
                                    block  ;; label = @17
                                      global.get 18
                                      global.set 18
                                    end
                                  end
                                  local.get 0
                                  f32.const -nan:0x7fa608 (;=-nan;)
                                  f32.store offset=22 align=2
                                end
                                i32.const 0
                                call_indirect (type 0)
                              end
                              f32.const 0x1.ap+6 (;=104;)
                              f32.const 0x1.28p+6 (;=74;)
                              f64.const 0x1.0000000126e98p+31 (;=2.14748e+09;)
                              drop
                              drop
                              drop
                            end
                          end
                          call 6
                        end
                      end
                      loop  ;; label = @10
                        block  ;; label = @11
                          global.get 18
                          if  ;; label = @12
                            i64.const 2147483647
                            return
                          end
                          block  ;; label = @12
                            global.get 18
                            global.set 18
                          end
                          block  ;; label = @12
                            i32.const 2147483647
                            br_if 3 (;@9;)
                          end
                        end
                      end
                      unreachable
                    end
                  end
                end
                block (result i32)  ;; label = @7
                  loop  ;; label = @8
                    block  ;; label = @9
                      global.get 18
                      if  ;; label = @10
                      end
                      global.get 18
                      global.set 18
                    end
                    block  ;; label = @9
                    end
                  end
                  loop (result i32)  ;; label = @8
                    block  ;; label = @9
                      global.get 18
                      i32.eqz
                      if  ;; label = @10
                      end
                      global.get 18
                      global.set 18
                    end
                    block (result i32)  ;; label = @9
                      local.get 0
                      i32.load8_u offset=22
                      local.set 2
                      block (result i32)  ;; label = @10
                        nop
                        i32.const -32768
                      end
                      br_if 1 (;@8;)
                      f64.const 0x1.fffffffffffe7p+47 (;=2.81475e+14;)
                      i32.trunc_sat_f64_s
                      f32.convert_i32_s
                      f32.const -0x1p+31 (;=-2.14748e+09;)
                      f32.lt
                    end
                  end
                end
                local.tee 0
                local.get 2
                i32.const -8193
                i32.and
                i32.load16_s offset=4
                i32.store8 offset=2
              end
              nop
            end
            block  ;; label = @5
              local.get 1
              br_if 2 (;@3;)
              br 2 (;@3;)
            end
            unreachable
          end
          unreachable
        end
        unreachable
      end
    else
      loop (result i64)  ;; label = @2
        block  ;; label = @3
          global.get 18
          i32.eqz
          if  ;; label = @4
            local.get 5
            return
          end
        end
        block (result i64)  ;; label = @3
          block  ;; label = @4
            f32.const -nan:0x7fdf0b (;=-nan;)
            i64.const -65534
            i32.const 65503
            f64.const 0x1.000a28f5c28f6p+12 (;=4096.64;)
            f64.const -0x1.fffffffffffe3p+45 (;=-7.03687e+13;)
            local.get 5
            i32.const -98
            if (result i64)  ;; label = @5
              nop
              br 1 (;@4;)
            else
              loop (result i64)  ;; label = @6
                block  ;; label = @7
                  global.get 18
                  i32.eqz
                  if  ;; label = @8
                    i64.const -88276656774
                    return
                  end
                  global.get 18
                  i32.const 1
                  i32.sub
                  global.set 18
                end
                block (result i64)  ;; label = @7
                  block  ;; label = @8
                    local.get 2
                    i32.clz
                    f64.const -0x1p+63 (;=-9.22337e+18;)
                    f64.store offset=4 align=4
                    local.get 2
                    call 53
                    local.tee 5
                    i64.store offset=4
                  end
                  loop (result i32)  ;; label = @8
                    block  ;; label = @9
                      global.get 18
                      i32.eqz
                      if  ;; label = @10
                        i64.const 165
                        return
                      end
                      global.get 18
                      i32.const 1
                      i32.sub
                      global.set 18
                    end
                    block (result i32)  ;; label = @9
                      block  ;; label = @10
                        nop
                      end
                      local.get 2
                      i32.eqz
                      br_if 1 (;@8;)
                      i32.const 65536
                    end
                  end
                  local.tee 0
                  br_if 1 (;@6;)
                  i64.const -39
                end
              end
            end
            i32.wrap_i64
            i32.const 215
            local.get 4
            f64.const 0x0p+0 (;=0;)
            i32.const 16777215
            drop
            drop
            local.get 3
            i32.const 15
            i32.and
            i64.load offset=3
            i64.le_s
            select
            call_indirect (type 1)
            i32.eqz
            if  ;; label = @5
              nop
            end
            i64.const 9223372036854775807
            local.set 4
          end
          local.get 0
          i32.eqz
          br_if 1 (;@2;)
          local.get 4
        end
      end
    end)
  (func (;65;) (type 0)
    unreachable)
  (table (;0;) 19 19 funcref)
  (memory (;0;) 16 17)
  (global (;0;) (mut f64) (f64.const 0x1.06a2p+15 (;=33617;)))
  (global (;1;) (mut i64) (i64.const 65444))
  (global (;2;) (mut f64) (f64.const -0x1.00000002p+31 (;=-2.14748e+09;)))
  (global (;3;) (mut f64) (f64.const -nan:0xfffffff97006e (;=-nan;)))
  (global (;4;) (mut i32) (i32.const -2147483648))
  (global (;5;) (mut i32) (i32.const -989))
  (global (;6;) (mut f64) (f64.const -0x1.fffffep+127 (;=-3.40282e+38;)))
  (global (;7;) (mut f64) (f64.const 0x1.fffffep+127 (;=3.40282e+38;)))
  (global (;8;) (mut f64) (f64.const 0x1p-1022 (;=2.22507e-308;)))
  (global (;9;) (mut i32) (i32.const 1))
  (global (;10;) (mut f64) (f64.const 0x1.eb851eb851eb8p-4 (;=0.12;)))
  (global (;11;) (mut f64) (f64.const 0x1p+63 (;=9.22337e+18;)))
  (global (;12;) (mut f64) (f64.const -0x1.0000000047ae1p+31 (;=-2.14748e+09;)))
  (global (;13;) (mut i64) (i64.const -81))
  (global (;14;) (mut f64) (f64.const -0x1.000000003e76dp+31 (;=-2.14748e+09;)))
  (global (;15;) (mut i64) (i64.const -89))
  (global (;16;) (mut i64) (i64.const 65524))
  (global (;17;) (mut f64) (f64.const 0x1p+63 (;=9.22337e+18;)))
  (global (;18;) (mut i32) (i32.const 10))
  (export "hashMemory" (func 0))
  (export "memory" (memory 0))
  (export "func" (func 1))
  (export "func_invoker" (func 2))
  (export "func_1" (func 4))
  (export "func_1_invoker" (func 5))
  (export "func_2" (func 6))
  (export "func_2_invoker" (func 7))
  (export "func_4" (func 9))
  (export "func_4_invoker" (func 10))
  (export "func_5" (func 11))
  (export "func_6" (func 12))
  (export "func_7" (func 13))
  (export "func_7_invoker" (func 14))
  (export "func_9" (func 16))
  (export "func_13" (func 20))
  (export "func_13_invoker" (func 21))
  (export "func_14" (func 22))
  (export "func_14_invoker" (func 23))
  (export "func_15" (func 24))
  (export "func_15_invoker" (func 25))
  (export "func_16" (func 26))
  (export "func_17" (func 27))
  (export "func_17_invoker" (func 28))
  (export "func_18" (func 29))
  (export "func_18_invoker" (func 30))
  (export "func_19" (func 31))
  (export "func_21" (func 33))
  (export "func_23_invoker" (func 36))
  (export "func_25" (func 38))
  (export "func_27" (func 40))
  (export "func_27_invoker" (func 41))
  (export "func_29_invoker" (func 44))
  (export "func_31" (func 46))
  (export "func_31_invoker" (func 47))
  (export "func_32" (func 48))
  (export "func_32_invoker" (func 49))
  (export "func_33" (func 50))
  (export "func_33_invoker" (func 51))
  (export "func_34" (func 52))
  (export "func_35_invoker" (func 54))
  (export "func_36" (func 55))
  (export "func_37_invoker" (func 57))
  (export "func_38" (func 58))
  (export "func_38_invoker" (func 59))
  (export "func_39" (func 60))
  (export "func_39_invoker" (func 61))
  (export "func_40_invoker" (func 63))
  (export "hangLimitInitializer" (func 65))
  (elem (;0;) (i32.const 0) func 1 12 16 16 16 16 34 34 35 39 42 43 43 43 45 50 58 60 60)
  (data (;0;) "3\9b\d9")
  (data (;1;) (i32.const 0) "\1aS\99\f1\9a7\94\e2U?\calRV\cb\cd\94\15\ebW"))
