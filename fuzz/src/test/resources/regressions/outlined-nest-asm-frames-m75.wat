;; New-user pass finding m75 (binaryen -ttf module, imports removed; plain and metered; also m6 and
;; m128 metered only), hand-reduced to one ~340-line function: multi-value returns inside nested
;; loops, `if (result i32) ... else loop ... unreachable end unreachable end`.
;;
;; Expected (V8, wasm-interp): every export traps unreachable.
;; Actual (ipvm-jvm main ef9ebdd): internal error java.lang.ArrayIndexOutOfBoundsException: Index -1
;;   from ASM Frame.merge in FunctionClassBuilder.toBytes, at the first call, plain and metered.
;; Cause: the same as chunk-split-verifyerror-seed1156.wat: a host-only function with two or more
;;   loop nests has each nest outlined as a chunk (FunctionEmitter.emitOutlined), and the return
;;   after the last nest read the nest's resident outputs from an empty JVM stack. Fixed by a4cfcae
;;   (materialize after the last outlined nest); this file checks that it stays fixed.
(module
  (type (;0;) (func))
  (type (;1;) (func (result i64)))
  (type (;2;) (func (param i32 i32 f64) (result i32)))
  (type (;3;) (func (result i32)))
  (type (;4;) (func (result f32)))
  (type (;5;) (func (param i32 i32)))
  (type (;6;) (func (result f32 f32 i64 f32)))
  (type (;7;) (func (result i32 i64 i64 f32)))
  (type (;8;) (func (result f32 i64 f64 i32 i64)))
  (type (;9;) (func (param f64 f64 i64 i64 i32) (result f64)))
  (type (;10;) (func (result i32 i64 i32)))
  (type (;11;) (func (result i64 i64 f32 f32 f32)))
  (type (;12;) (func (result i32 f32 i32 f64)))
  (type (;13;) (func (result i64 i32 f32 i64 f32 i32)))
  (type (;14;) (func (result f64 f64)))
  (type (;15;) (func (param f32)))
  (type (;16;) (func (param i32 f64) (result i32)))
  (type (;17;) (func (param i32 i32 f64 f64 i64 f64) (result f64)))
  (type (;18;) (func (result f64 f64 i64 i32 i32)))
  (type (;19;) (func (param f64 f64 i32) (result i32 f32 i32 f64)))
  (type (;20;) (func (param f32 i32) (result i32)))
  (type (;21;) (func (param i64) (result i64)))
  (type (;22;) (func (param f64 i64 f32)))
  (type (;23;) (func (param i64 f32 f64 i64) (result i64)))
  (type (;24;) (func (param i64) (result i32)))
  (type (;25;) (func (param f32 i64 i64 i64 f64) (result f64)))
  (type (;26;) (func (param i64 f32) (result f64)))
  (type (;27;) (func (param f32 f32 i64 f64) (result f64 i32 i64 i32 i32 i32)))
  (type (;28;) (func (result f64 i32 i64 i32 i32 i32)))
  (type (;29;) (func (param i64 f64) (result i32)))
  (type (;30;) (func (param i64 f64 f64 f64 f32 i64 f64) (result i32)))
  (type (;31;) (func (param i64 f32) (result i64)))
  (type (;32;) (func (param f64)))
  (type (;33;) (func (param f32) (result i64)))
  (type (;34;) (func (param i32) (result f32)))
  (type (;35;) (func (param i64 i64) (result i32)))
  (type (;36;) (func (param i64 i32) (result i32)))
  (type (;37;) (func (param f32 f32) (result i32)))
  (type (;38;) (func (param i32 f64 i64) (result i32)))
  (type (;39;) (func (param f32 i64 i32 f64 f64 i64)))
  (type (;40;) (func (param f32 i64 i32 f32) (result i64 i64 i32 f32 i64)))
  (type (;41;) (func (result i64 i64 i32 f32 i64)))
  (type (;42;) (func (param i64) (result f32)))
  (type (;43;) (func (param f64 i32) (result i64)))
  (type (;44;) (func (param f64 i64 i64 i32 i64 i32 f64 f64) (result f64)))
  (type (;45;) (func (param f64 i64 i64 i64) (result f32)))
  (type (;46;) (func (param f32 f32 i32 i64 f32 i64 f64) (result i64 i64 f32 f32 f32)))
  (func (;0;) (type 3) (result i32)
    unreachable)
  (func (;1;) (type 19) (param f64 f64 i32) (result i32 f32 i32 f64)
    unreachable)
  (func (;2;) (type 0)
    unreachable)
  (func (;3;) (type 9) (param f64 f64 i64 i64 i32) (result f64)
    unreachable)
  (func (;4;) (type 0)
    unreachable)
  (func (;5;) (type 13) (result i64 i32 f32 i64 f32 i32)
    unreachable)
  (func (;6;) (type 20) (param f32 i32) (result i32)
    unreachable)
  (func (;7;) (type 1) (result i64)
    unreachable)
  (func (;8;) (type 0)
    unreachable)
  (func (;9;) (type 21) (param i64) (result i64)
    unreachable)
  (func (;10;) (type 0)
    unreachable)
  (func (;11;) (type 1) (result i64)
    unreachable)
  (func (;12;) (type 0)
    unreachable)
  (func (;13;) (type 22) (param f64 i64 f32)
    unreachable)
  (func (;14;) (type 0)
    unreachable)
  (func (;15;) (type 2) (param i32 i32 f64) (result i32)
    unreachable)
  (func (;16;) (type 0)
    unreachable)
  (func (;17;) (type 4) (result f32)
    unreachable)
  (func (;18;) (type 23) (param i64 f32 f64 i64) (result i64)
    unreachable)
  (func (;19;) (type 0)
    unreachable)
  (func (;20;) (type 4) (result f32)
    unreachable)
  (func (;21;) (type 24) (param i64) (result i32)
    unreachable)
  (func (;22;) (type 0)
    unreachable)
  (func (;23;) (type 25) (param f32 i64 i64 i64 f64) (result f64)
    unreachable)
  (func (;24;) (type 0)
    unreachable)
  (func (;25;) (type 26) (param i64 f32) (result f64)
    unreachable)
  (func (;26;) (type 0)
    unreachable)
  (func (;27;) (type 27) (param f32 f32 i64 f64) (result f64 i32 i64 i32 i32 i32)
    unreachable)
  (func (;28;) (type 3) (result i32)
    unreachable)
  (func (;29;) (type 29) (param i64 f64) (result i32)
    unreachable)
  (func (;30;) (type 30) (param i64 f64 f64 f64 f32 i64 f64) (result i32)
    unreachable)
  (func (;31;) (type 1) (result i64)
    unreachable)
  (func (;32;) (type 1) (result i64)
    unreachable)
  (func (;33;) (type 0)
    unreachable)
  (func (;34;) (type 31) (param i64 f32) (result i64)
    unreachable)
  (func (;35;) (type 32) (param f64)
    unreachable)
  (func (;36;) (type 0)
    unreachable)
  (func (;37;) (type 33) (param f32) (result i64)
    unreachable)
  (func (;38;) (type 0)
    unreachable)
  (func (;39;) (type 1) (result i64)
    unreachable)
  (func (;40;) (type 0)
    unreachable)
  (func (;41;) (type 14) (result f64 f64)
    unreachable)
  (func (;42;) (type 34) (param i32) (result f32)
    unreachable)
  (func (;43;) (type 0)
    unreachable)
  (func (;44;) (type 5) (param i32 i32)
    unreachable)
  (func (;45;) (type 0)
    unreachable)
  (func (;46;) (type 35) (param i64 i64) (result i32)
    unreachable)
  (func (;47;) (type 36) (param i64 i32) (result i32)
    unreachable)
  (func (;48;) (type 0)
    unreachable)
  (func (;49;) (type 37) (param f32 f32) (result i32)
    unreachable)
  (func (;50;) (type 3) (result i32)
    unreachable)
  (func (;51;) (type 15) (param f32)
    unreachable)
  (func (;52;) (type 6) (result f32 f32 i64 f32)
    unreachable)
  (func (;53;) (type 38) (param i32 f64 i64) (result i32)
    unreachable)
  (func (;54;) (type 39) (param f32 i64 i32 f64 f64 i64)
    unreachable)
  (func (;55;) (type 0)
    unreachable)
  (func (;56;) (type 16) (param i32 f64) (result i32)
    unreachable)
  (func (;57;) (type 1) (result i64)
    unreachable)
  (func (;58;) (type 1) (result i64)
    unreachable)
  (func (;59;) (type 17) (param i32 i32 f64 f64 i64 f64) (result f64)
    unreachable)
  (func (;60;) (type 0)
    unreachable)
  (func (;61;) (type 1) (result i64)
    unreachable)
  (func (;62;) (type 40) (param f32 i64 i32 f32) (result i64 i64 i32 f32 i64)
    unreachable)
  (func (;63;) (type 0)
    unreachable)
  (func (;64;) (type 4) (result f32)
    unreachable)
  (func (;65;) (type 0)
    unreachable)
  (func (;66;) (type 42) (param i64) (result f32)
    unreachable)
  (func (;67;) (type 3) (result i32)
    unreachable)
  (func (;68;) (type 0)
    unreachable)
  (func (;69;) (type 3) (result i32)
    unreachable)
  (func (;70;) (type 3) (result i32)
    unreachable)
  (func (;71;) (type 43) (param f64 i32) (result i64)
    unreachable)
  (func (;72;) (type 4) (result f32)
    unreachable)
  (func (;73;) (type 44) (param f64 i64 i64 i32 i64 i32 f64 f64) (result f64)
    unreachable)
  (func (;74;) (type 0)
    unreachable)
  (func (;75;) (type 3) (result i32)
    unreachable)
  (func (;76;) (type 45) (param f64 i64 i64 i64) (result f32)
    unreachable)
  (func (;77;) (type 4) (result f32)
    unreachable)
  (func (;78;) (type 46) (param f32 f32 i32 i64 f32 i64 f64) (result i64 i64 f32 f32 f32)
    (local f64 i64 i32 f32)
      global.get 2
      if  ;; label = @2
        i64.const -104
        i64.const 4503599627370495
        f32.const 0x1.ffffbp+31 (;=4.29496e+09;)
        f32.const 0x1.30e56p+0 (;=1.191;)
        f32.const -0x1p+0 (;=-1;)
        return
      end
    i32.const 15
    if (result i32)  ;; label = @1
      local.get 2
    else
      loop  ;; label = @2
        block  ;; label = @3
          global.get 2
          if  ;; label = @4
            i64.const 65534
            i64.const -17898
            f32.const 0x1p+32 (;=4.29497e+09;)
            f32.const -0x1p+58 (;=-2.8823e+17;)
            f32.const -0x1p+27 (;=-1.34218e+08;)
            return
          end
          loop  ;; label = @4
            block  ;; label = @5
              global.get 2
              if  ;; label = @6
                i64.const 2097152
                i64.const -2147483646
                f32.const -0x1p+63 (;=-9.22337e+18;)
                f32.const -nan:0x7f882a (;=-nan;)
                f32.const 0x1.e2p+7 (;=241;)
                return
              end
              loop  ;; label = @6
                block  ;; label = @7
                  global.get 2
                  if  ;; label = @8
                    i64.const -127
                    i64.const -88
                    f32.const -nan:0x7fff8e (;=-nan;)
                    f32.const 0x1p+0 (;=1;)
                    f32.const 0x1p+31 (;=2.14748e+09;)
                    return
                  end
                  global.get 2
                  if  ;; label = @8
                    br 3 (;@5;)
                  end
                end
              end
            end
          end
          br 1 (;@2;)
        end
        unreachable
      end
      unreachable
    end
    if (result i32)  ;; label = @1
      call 75
      i32.const 15
      i32.const -1
      memory.init 0
      local.get 2
    else
      local.get 2
    end
    if (result i64 i64 f32 f32 f32)  ;; label = @1
      block  ;; label = @2
        global.get 1
        i32.const -536870912
        i32.const -8191
        select
        if  ;; label = @3
          block (result i32)  ;; label = @4
            block  ;; label = @5
              loop  ;; label = @6
                block  ;; label = @7
                  loop  ;; label = @8
                    block  ;; label = @9
                      global.get 2
                      if  ;; label = @10
                        i64.const -5940127
                        i64.const -1
                        f32.const -nan:0x705340 (;=-nan;)
                        f32.const -nan:0x7fb726 (;=-nan;)
                        f32.const -0x1p+63 (;=-9.22337e+18;)
                        return
                      end
                    end
                    block (result i32)  ;; label = @9
                      i32.const -2147483648
                      i32.const -65535
                      f64.const nan (;=nan;)
                      block (result i32)  ;; label = @10
                        global.get 1
                        f32.load offset=22
                        i32.reinterpret_f32
                      end
                      call_indirect (type 2)
                      i32.const 15
                      i32.and
                    end
                    if  ;; label = @9
                      block  ;; label = @10
                      end
                      local.get 2
                      i32.const 15
                      i32.and
                      i64.const 127
                      local.get 4
                      f32.const -0x1.fffffep+127 (;=-3.40282e+38;)
                      call 49
                      if (result i64)  ;; label = @10
                        i32.const -122
                        i64.load offset=2
                      else
                        block  ;; label = @11
                          loop  ;; label = @12
                            block  ;; label = @13
                              global.get 2
                              if  ;; label = @14
                                i64.const 127
                                i64.const 144115188075855873
                                f32.const -nan:0x7fff89 (;=-nan;)
                                f32.const 0x1.ap+4 (;=26;)
                                f32.const 0x1p+0 (;=1;)
                                return
                              end
                              global.get 2
                              i32.const 1
                              i32.sub
                              global.set 2
                            end
                          end
                        end
                        unreachable
                      end
                      i64.rem_u
                      i64.store16 offset=22 align=1
                    end
                  end
                end
              end
            end
            block (result i32)  ;; label = @5
              loop  ;; label = @6
                block  ;; label = @7
                  loop  ;; label = @8
                    block  ;; label = @9
                      global.get 2
                      if  ;; label = @10
                        i64.const 90
                        i64.const -27010
                        f32.const -0x1.fffffep+127 (;=-3.40282e+38;)
                        f32.const 0x1p+7 (;=128;)
                        f32.const -0x1.8bdb8cp+30 (;=-1.66035e+09;)
                        return
                      end
                      block  ;; label = @10
                        block  ;; label = @11
                          loop  ;; label = @12
                            block  ;; label = @13
                              global.get 2
                              if  ;; label = @14
                                i64.const -123
                                i64.const -83
                                f32.const -0x1p+44 (;=-1.75922e+13;)
                                f32.const 0x1p+31 (;=2.14748e+09;)
                                f32.const 0x1p-126 (;=1.17549e-38;)
                                return
                              end
                              global.get 2
                              i32.const 1
                              i32.sub
                              global.set 2
                              loop (result i32)  ;; label = @14
                                block  ;; label = @15
                                  global.get 2
                                  if  ;; label = @16
                                    i64.const 134217728
                                    i64.const -119
                                    f32.const -nan:0x7fffe4 (;=-nan;)
                                    f32.const -0x1p+63 (;=-9.22337e+18;)
                                    f32.const 0x1.ff58d8p+31 (;=4.28949e+09;)
                                    return
                                  end
                                end
                                block (result i32)  ;; label = @15
                                  block  ;; label = @16
                                    i32.const 16384
                                    f32.const 0x1.f3b646p-5 (;=0.061;)
                                    f32.const -nan:0x7fffe1 (;=-nan;)
                                    f64.const 0x1.fffffffcp+30 (;=2.14748e+09;)
                                    f32.const 0x1p+31 (;=2.14748e+09;)
                                    drop
                                    drop
                                    drop
                                    drop
                                    if  ;; label = @17
                                      i32.const -2049
                                      local.get 2
                                      i32.const -22780
                                      memory.fill
                                      local.get 4
                                      local.set 0
                                    end
                                    block  ;; label = @17
                                      global.get 2
                                      if  ;; label = @18
                                        i64.const -126
                                        i64.const -2134722
                                        f32.const 0x1.786ep+15 (;=48183;)
                                        f32.const 0x1p+31 (;=2.14748e+09;)
                                        f32.const 0x1p+0 (;=1;)
                                        return
                                      end
                                      global.get 2
                                      global.set 2
                                    end
                                    block  ;; label = @17
                                    end
                                  end
                                  unreachable
                                end
                              end
                              br_if 1 (;@12;)
                              local.get 7
                              f64.const 0x1.0000000268f5cp+31 (;=2.14748e+09;)
                              f64.max
                              drop
                            end
                          end
                          i64.const -11427
                          i64.const -31697
                          f32.const -0x1.6p+5 (;=-44;)
                          f32.const -nan:0x7d6251 (;=-nan;)
                          f32.const 0x1.fffffep+127 (;=3.40282e+38;)
                          return
                        end
                      end
                    end
                  end
                end
              end
              unreachable
            end
            br 2 (;@2;)
          end
          if  ;; label = @4
            i64.const 27474
            local.set 8
            block  ;; label = @5
              block  ;; label = @6
                block  ;; label = @7
                  local.get 2
                  if (result f32)  ;; label = @8
                    block  ;; label = @9
                      f32.const -0x1p+31 (;=-2.14748e+09;)
                      local.set 4
                    end
                    br 6 (;@2;)
                  else
                    block  ;; label = @9
                      local.get 2
                      i32.const 15
                      i32.const 8
                      memory.init 2
                    end
                    br 5 (;@3;)
                  end
                  unreachable
                end
              end
            end
          end
          local.get 2
          local.get 2
          i32.const 14
          call_indirect (type 5)
          i32.const 15
          local.get 5
          i64.store32 offset=3
        end
      end
      i64.const -126
      i64.const -18014398509481984
      f32.const -0x1p+0 (;=-1;)
      f32.const 0x0p+0 (;=0;)
      local.get 4
    else
      local.get 7
      i32.trunc_sat_f64_s
      if (result i32)  ;; label = @2
        i32.const 2147483647
      else
        loop (result i32)  ;; label = @3
          block  ;; label = @4
            global.get 2
            if  ;; label = @5
              i64.const -257204005792
              i64.const 4294967152
              f32.const -0x1p+63 (;=-9.22337e+18;)
              f32.const -nan:0x7fffa9 (;=-nan;)
              f32.const -0x1.ap+3 (;=-13;)
              return
            end
          end
          block (result i32)  ;; label = @4
            global.get 1
            br_if 1 (;@3;)
            local.get 2
            i32.const 15
            i32.and
          end
        end
      end
      if (result i32)  ;; label = @2
        local.get 2
      else
        local.get 2
      end
      if (result i64 i64 f32 f32 f32)  ;; label = @2
        i64.const -22
        i64.const -19
        f32.const 0x1p+63 (;=9.22337e+18;)
        f32.const 0x1.cp+6 (;=112;)
        f32.const 0x1.ff56p+15 (;=65451;)
      else
        i64.const 32767
        i64.const -25
        local.get 1
        f32.const -0x1p+63 (;=-9.22337e+18;)
        f32.const -0x1.000002p+23 (;=-8.38861e+06;)
      end
    end)
  (func (;79;) (type 0)
    unreachable)
  (table (;0;) 29 29 funcref)
  (memory (;0;) 16 17)
  (global (;0;) (mut f32) (f32.const -0x1.54p+6 (;=-85;)))
  (global (;1;) (mut i32) (i32.const 1024))
  (global (;2;) (mut i32) (i32.const 10))
  (export "hashMemory" (func 0))
  (export "memory" (memory 0))
  (export "func" (func 1))
  (export "func_invoker" (func 2))
  (export "func_0" (func 3))
  (export "func_0_invoker" (func 4))
  (export "func_1" (func 5))
  (export "func_2" (func 6))
  (export "func_3_invoker" (func 8))
  (export "func_4" (func 9))
  (export "func_4_invoker" (func 10))
  (export "func_5_invoker" (func 12))
  (export "func_6" (func 13))
  (export "func_6_invoker" (func 14))
  (export "func_7" (func 15))
  (export "func_8" (func 16))
  (export "func_9" (func 17))
  (export "func_10" (func 18))
  (export "func_10_invoker" (func 19))
  (export "func_12_invoker" (func 22))
  (export "func_13" (func 23))
  (export "func_13_invoker" (func 24))
  (export "func_14_invoker" (func 26))
  (export "func_16" (func 28))
  (export "func_20" (func 32))
  (export "func_20_invoker" (func 33))
  (export "func_21" (func 34))
  (export "func_22" (func 35))
  (export "func_22_invoker" (func 36))
  (export "func_23" (func 37))
  (export "func_23_invoker" (func 38))
  (export "func_24" (func 39))
  (export "func_24_invoker" (func 40))
  (export "func_26_invoker" (func 43))
  (export "func_27_invoker" (func 45))
  (export "func_29_invoker" (func 48))
  (export "func_32" (func 51))
  (export "func_35_invoker" (func 55))
  (export "func_36" (func 56))
  (export "func_37" (func 57))
  (export "func_39_invoker" (func 60))
  (export "func_41" (func 62))
  (export "func_41_invoker" (func 63))
  (export "func_42" (func 64))
  (export "func_42_invoker" (func 65))
  (export "func_43" (func 66))
  (export "func_44" (func 67))
  (export "func_44_invoker" (func 68))
  (export "func_45" (func 69))
  (export "func_46" (func 70))
  (export "func_48" (func 72))
  (export "func_49" (func 73))
  (export "func_49_invoker" (func 74))
  (export "func_50" (func 75))
  (export "func_51" (func 76))
  (export "hangLimitInitializer" (func 79))
  (elem (;0;) (i32.const 0) func 3 3 7 7 11 11 11 11 15 18 20 28 42 42 44 50 51 56 57 58 59 62 64 64 66 66 75 76 76)
  (data (;0;) "\92 ")
  (data (;1;) "Z\e8\80\99\89\d5 #\ffz\09\f9|\f8\17")
  (data (;2;) "\1d6\caW\0a\c4\fe\f9\f8'\95\a0")
  (data (;3;) "M"))
