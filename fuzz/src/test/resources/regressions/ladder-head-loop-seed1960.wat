;; Fuzz finding seed 1960 (fuzz/run.sh --seed 1960 --modules 1 --split-budget 500 --ladders, on
;; main 679afb9, where ladders were opt-in), reduced with fuzz/reduce.sh.
;;
;; Expected (V8): func_12 returns i64 -127 (the hang-limit counter in global 1 runs out in the
;;   innermost loop).
;; Actual (ipvm-jvm 679afb9, metered, split budget 500, ladders): "trap unreachable".
;; Cause: blocks 9..11 are a ladder whose head is loop 12, split into chunks. A chunk of the head
;;   returned the exit code of the loop's back edge (br 4 / br 3 to loop 12), a label nested
;;   inside the head, above the rungs; FunctionEmitter.emitChunk sent every code above the ladder's
;;   first rung to the ladder's dispatch, which read it as "after the ladder". Only the rungs'
;;   own codes go there now. The same bug made yosys's Verilog lexer misread "//" (yosys-synth).
(module
  (type (;0;) (func (param i64) (result i64)))
  (func (;0;) (type 0) (param i64) (result i64)
    (local i64 f64 f64)
    global.get 1
    i32.eqz
    if  ;; label = @1
      i64.const -9223372036854775807
      return
    end
    global.get 1
    i32.const 1
    i32.sub
    global.set 1
    block (result i32)  ;; label = @1
      global.get 1
      i32.eqz
      if  ;; label = @2
        i64.const 513
        return
      end
      nop
      block (result i32)  ;; label = @2
        global.get 1
        i32.eqz
        if  ;; label = @3
          local.get 0
          return
        end
        global.get 1
        i32.const 1
        i32.sub
        global.set 1
        nop
        loop  ;; label = @3
          global.get 1
          i32.eqz
          drop
          i32.const 0
          i32.const 1
          i32.sub
          global.set 1
          block  ;; label = @4
            block  ;; label = @5
              loop  ;; label = @6
                global.get 1
                i32.eqz
                if  ;; label = @7
                  local.get 1
                  return
                end
                global.get 1
                i32.const 1
                i32.sub
                global.set 1
                block  ;; label = @7
                  block (result f64)  ;; label = @8
                    f64.const 0x0p+0 (;=0;)
                    drop
                    nop
                    local.get 2
                  end
                  drop
                  nop
                  loop  ;; label = @8
                    global.get 1
                    i32.eqz
                    if  ;; label = @9
                      i64.const 4294967295
                      return
                    end
                    global.get 1
                    i32.const 1
                    i32.sub
                    global.set 1
                    block  ;; label = @9
                      block  ;; label = @10
                        block  ;; label = @11
                          loop  ;; label = @12
                            i32.const 0
                            drop
                            global.get 1
                            i32.const 1
                            i32.sub
                            global.set 1
                            f64.const 0x0p+0 (;=0;)
                            local.set 3
                            loop  ;; label = @13
                              global.get 1
                              i32.eqz
                              if  ;; label = @14
                                i64.const -127
                                return
                              end
                              global.get 1
                              i32.const 1
                              i32.sub
                              global.set 1
                              global.get 1
                              i32.eqz
                              if  ;; label = @14
                                unreachable
                              end
                              global.get 1
                              i32.const 1
                              i32.sub
                              global.set 1
                              nop
                              block  ;; label = @14
                                i32.const 1023
                                i32.const 15
                                i32.and
                                drop
                                i32.const 134217728
                                drop
                                f64.const 0x0p+0 (;=0;)
                                block (result f64)  ;; label = @15
                                  block  ;; label = @16
                                    nop
                                    br 4 (;@12;)
                                  end
                                  unreachable
                                end
                                f64.eq
                                drop
                                nop
                                block  ;; label = @15
                                  global.get 1
                                  i32.eqz
                                  if  ;; label = @16
                                    local.get 0
                                    return
                                  end
                                  global.get 1
                                  i32.const 1
                                  i32.sub
                                  global.set 1
                                  i64.const -16777216
                                  local.set 1
                                  br 3 (;@12;)
                                end
                                unreachable
                              end
                              unreachable
                            end
                            unreachable
                          end
                          unreachable
                        end
                        unreachable
                      end
                      unreachable
                    end
                    unreachable
                  end
                  unreachable
                end
                unreachable
              end
              unreachable
            end
            unreachable
          end
          unreachable
        end
        unreachable
      end
    end
    global.get 0
    i32.and
    i64.load8_s offset=4)
  (memory (;0;) 16 17)
  (global (;0;) (mut i32) (i32.const 128))
  (global (;1;) (mut i32) (i32.const 10))
  (export "func_12" (func 0)))
