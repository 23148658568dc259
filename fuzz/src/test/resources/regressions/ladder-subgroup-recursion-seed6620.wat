;; Fuzz finding seed 6620 (fuzz/run.sh --seed 6620 --modules 1 --split-budget 100, also at 300; on
;; main 28dcbe0), reduced with fuzz/reduce.sh --jvm-only. Seeds 6330 and 6897 failed the same way.
;;
;; Expected (V8): runs; ipvm-jvm must run it the same.
;; Actual (ipvm-jvm 28dcbe0, split budget 100, plain and metered): "CRASH compile:
;;   java.lang.StackOverflowError".
;; Cause: a ladder group too big for one method dispatches to sub-groups
;;   (FunctionEmitter.M.emitGroupDispatch); when one tail held nearly all of the group's size,
;;   Ladder.groupsOf made a single sub-group — the group itself — and the dispatch recursed for
;;   ever. Such a group is now halved by number of tails.
(module
  (type (;0;) (func (result i64 i32 i64 f32 f32)))
  (type (;1;) (func (result i32 f32)))
  (type (;2;) (func (result i64)))
  (type (;3;) (func))
  (type (;4;) (func (result f64 i64)))
  (type (;5;) (func (result f64)))
  (type (;6;) (func (result i32 i64 f32 i32 i32 f64)))
  (type (;7;) (func (param f32 f32) (result f64)))
  (type (;8;) (func (param f64 f32 i64 f64 i64 f64 i32) (result f32)))
  (type (;9;) (func (param i32) (result i64)))
  (type (;10;) (func (result f32 f32 i32 i32 i64)))
  (type (;11;) (func (result f32)))
  (func (;0;) (type 2) (result i64)
    (local i32 i64 f64 f32)
    unreachable)
  (func (;1;) (type 3)
    (local i32 i64 f32)
    nop)
  (func (;2;) (type 4) (result f64 i64)
    (local f64 i32 i64 f32)
    unreachable)
  (func (;3;) (type 5) (result f64)
    (local i32 f64)
    unreachable)
  (func (;4;) (type 6) (result i32 i64 f32 i32 i32 f64)
    unreachable)
  (func (;5;) (type 7) (param f32 f32) (result f64)
    (local f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 f64)
    i32.const 0
    if  ;; label = @1
      unreachable
    end
    global.get 2
    i32.const 1
    i32.sub
    global.set 2
    block (result f64)  ;; label = @1
      block  ;; label = @2
        block (result i32)  ;; label = @3
          block  ;; label = @4
            br 0 (;@4;)
          end
          block  ;; label = @4
            i32.const 33554432
            br_if 0 (;@4;)
          end
          block  ;; label = @4
            loop  ;; label = @5
              global.get 2
              i32.eqz
              if  ;; label = @6
                f64.const 0x0p+0 (;=0;)
                return
              end
              i32.const 0
              global.set 2
              global.get 0
              i32.const 15
              i32.and
              i32.load8_u offset=4
              br_if 1 (;@4;)
              i32.const -22
              i32.const 0
              br_if 2 (;@3;)
              br_if 1 (;@4;)
              nop
              i32.const 0
              br_if 0 (;@5;)
            end
          end
          i32.const 1
        end
        i32.eqz
        drop
        loop  ;; label = @3
          i32.const 0
          i32.eqz
          if  ;; label = @4
            f64.const 0x0p+0 (;=0;)
            return
          end
          global.get 2
          i32.const 1
          i32.sub
          global.set 2
          block  ;; label = @4
            i32.const -110
            i32.const -79
            i32.and
            f32.const 0x0p+0 (;=0;)
            f32.store offset=4 align=2
            loop  ;; label = @5
              nop
              global.get 2
              i32.const 1
              i32.sub
              global.set 2
              br 2 (;@3;)
            end
            unreachable
          end
          unreachable
        end
        unreachable
      end
      i32.const 0
      i32.const 15
      i32.and
      block (result i32)  ;; label = @2
        loop (result i64 i32 i64 f32 f32)  ;; label = @3
          global.get 2
          if  ;; label = @4
            unreachable
          end
          global.get 2
          i32.const 1
          i32.sub
          global.set 2
          i64.const -32767
          i32.const -10150
          i64.const 32768
          f32.const 0x0p+0 (;=0;)
          f32.const 0x0p+0 (;=0;)
        end
        local.set 44
        local.set 43
        local.set 119
        local.set 168
        local.set 118
        block (result i64)  ;; label = @3
          local.get 118
          local.get 168
          local.get 119
          local.get 43
          local.get 44
          drop
          drop
          drop
          drop
          local.set 121
          i32.const 0
          local.set 160
          local.get 121
        end
        local.set 103
        block (result i64)  ;; label = @3
          block (result i64)  ;; label = @4
            local.get 103
            local.set 123
            block (result i32)  ;; label = @5
              local.get 160
              local.set 170
              block (result i64)  ;; label = @6
                local.get 104
                local.set 122
                f32.const 0x0p+0 (;=0;)
                drop
                local.get 122
              end
              drop
              local.get 170
            end
            drop
            local.get 123
          end
          local.set 106
          block (result i32)  ;; label = @4
            block (result i64)  ;; label = @5
              local.get 103
              local.set 125
              nop
              i64.const 0
            end
            drop
            local.get 167
            local.set 161
            block (result i64)  ;; label = @5
              block (result i64)  ;; label = @6
                local.get 103
                local.set 127
                block (result i32)  ;; label = @7
                  local.get 160
                  local.set 172
                  block (result i64)  ;; label = @8
                    local.get 104
                    local.set 126
                    f32.const 0x0p+0 (;=0;)
                    drop
                    local.get 126
                  end
                  local.set 117
                  local.get 172
                end
                drop
                local.get 127
              end
              drop
              local.get 117
              local.set 105
              block (result f32)  ;; label = @6
                block (result i64)  ;; label = @7
                  nop
                  i32.const 0
                  drop
                  local.get 129
                end
                drop
                local.get 42
                local.set 36
                block (result i64)  ;; label = @7
                  local.get 103
                  local.set 131
                  block (result i32)  ;; label = @8
                    local.get 160
                    local.set 174
                    block (result i64)  ;; label = @9
                      local.get 104
                      local.set 130
                      block (result f32)  ;; label = @10
                        local.get 34
                        local.set 50
                        nop
                        local.get 50
                      end
                      drop
                      local.get 130
                    end
                    drop
                    local.get 174
                  end
                  drop
                  local.get 131
                end
                drop
                nop
                local.get 36
              end
              local.set 25
              local.get 105
            end
            local.set 89
            local.get 161
          end
          local.set 152
          local.get 106
        end
        local.set 88
        block (result i64)  ;; label = @3
          block (result i64)  ;; label = @4
            nop
            block (result i32)  ;; label = @5
              local.get 152
              local.set 162
              block (result i64)  ;; label = @6
                local.get 89
                local.set 107
                block (result f32)  ;; label = @7
                  local.get 25
                  local.set 37
                  local.get 26
                  drop
                  local.get 37
                end
                drop
                local.get 107
              end
              drop
              i32.const 0
            end
            drop
            local.get 108
          end
          local.set 91
          block (result i32)  ;; label = @4
            block (result i64)  ;; label = @5
              local.get 88
              local.set 110
              block (result i32)  ;; label = @6
                local.get 152
                local.set 163
                block (result i64)  ;; label = @7
                  local.get 89
                  local.set 109
                  block (result f32)  ;; label = @8
                    local.get 25
                    local.set 38
                    nop
                    local.get 38
                  end
                  drop
                  local.get 109
                end
                drop
                local.get 163
              end
              local.set 159
              local.get 110
            end
            drop
            nop
            block (result i64)  ;; label = @5
              block (result i64)  ;; label = @6
                local.get 88
                local.set 112
                block (result i32)  ;; label = @7
                  local.get 152
                  local.set 164
                  nop
                  local.get 164
                end
                drop
                local.get 112
              end
              drop
              local.get 102
              local.set 90
              block (result f32)  ;; label = @6
                nop
                local.get 33
                local.set 27
                block (result i64)  ;; label = @7
                  local.get 88
                  local.set 116
                  block (result i32)  ;; label = @8
                    local.get 152
                    local.set 166
                    block (result i64)  ;; label = @9
                      local.get 89
                      local.set 115
                      nop
                      i64.const 0
                    end
                    drop
                    local.get 166
                  end
                  drop
                  local.get 116
                end
                drop
                local.get 33
                local.set 17
                local.get 27
              end
              drop
              i64.const 0
            end
            local.set 74
            local.get 153
          end
          local.set 144
          local.get 91
        end
        local.set 73
        block (result i64)  ;; label = @3
          nop
          block (result i32)  ;; label = @4
            block (result i64)  ;; label = @5
              local.get 73
              local.set 95
              block (result i32)  ;; label = @6
                local.get 144
                local.set 155
                nop
                local.get 155
              end
              local.set 151
              local.get 95
            end
            drop
            local.get 151
            local.set 145
            block (result i64)  ;; label = @5
              nop
              local.get 87
              local.set 75
              block (result f32)  ;; label = @6
                block (result i64)  ;; label = @7
                  local.get 73
                  local.set 99
                  block (result i32)  ;; label = @8
                    local.get 144
                    local.set 157
                    block (result i64)  ;; label = @9
                      local.get 74
                      local.set 98
                      nop
                      i64.const 0
                    end
                    drop
                    local.get 157
                  end
                  drop
                  local.get 99
                end
                drop
                local.get 24
                local.set 18
                block (result i64)  ;; label = @7
                  local.get 73
                  local.set 101
                  nop
                  i64.const 0
                end
                drop
                local.get 24
                local.set 8
                local.get 18
              end
              local.set 7
              local.get 75
            end
            local.set 59
            local.get 145
          end
          drop
          i64.const 0
        end
        local.set 58
        block (result i64)  ;; label = @3
          block (result i64)  ;; label = @4
            local.get 58
            local.set 78
            block (result i32)  ;; label = @5
              local.get 136
              local.set 146
              block (result i64)  ;; label = @6
                local.get 59
                local.set 77
                nop
                local.get 77
              end
              drop
              local.get 146
            end
            drop
            local.get 78
          end
          local.set 61
          block (result i32)  ;; label = @4
            i64.const 0
            drop
            local.get 143
            local.set 137
            block (result i64)  ;; label = @5
              block (result i64)  ;; label = @6
                local.get 58
                local.set 82
                block (result i32)  ;; label = @7
                  local.get 136
                  local.set 148
                  block (result i64)  ;; label = @8
                    local.get 59
                    local.set 81
                    nop
                    local.get 81
                  end
                  local.set 72
                  local.get 148
                end
                drop
                local.get 82
              end
              drop
              local.get 72
              local.set 60
              block (result f32)  ;; label = @6
                block (result i64)  ;; label = @7
                  local.get 58
                  local.set 84
                  nop
                  local.get 84
                end
                drop
                local.get 15
                local.set 9
                block (result i64)  ;; label = @7
                  local.get 58
                  local.set 86
                  block (result i32)  ;; label = @8
                    local.get 136
                    local.set 150
                    block (result i64)  ;; label = @9
                      local.get 59
                      local.set 85
                      block (result f32)  ;; label = @10
                        local.get 7
                        local.set 23
                        nop
                        f32.const 0x0p+0 (;=0;)
                      end
                      drop
                      local.get 85
                    end
                    drop
                    local.get 150
                  end
                  drop
                  local.get 86
                end
                drop
                local.get 15
                drop
                f32.const 0x0p+0 (;=0;)
              end
              local.set 4
              local.get 60
            end
            local.set 56
            local.get 137
          end
          local.set 134
          local.get 61
        end
        local.set 55
        block (result i64)  ;; label = @3
          block (result i64)  ;; label = @4
            local.get 55
            drop
            nop
            i64.const 0
          end
          local.set 52
          nop
          local.get 52
        end
        local.set 53
        block (result i64)  ;; label = @3
          local.get 53
          local.set 51
          block (result i32)  ;; label = @4
            local.get 132
            local.set 133
            block (result i64)  ;; label = @5
              local.get 54
              local.set 52
              block (result f32)  ;; label = @6
                local.get 1
                local.set 3
                local.get 3
                local.set 0
                nop
                f32.const 0x0p+0 (;=0;)
              end
              local.set 1
              local.get 52
            end
            local.set 52
            local.get 133
          end
          local.set 133
          local.get 51
        end
        local.set 51
        i64.const 0
        local.set 52
        block (result i64)  ;; label = @3
          block (result i32)  ;; label = @4
            block (result i64)  ;; label = @5
              nop
              block (result f32)  ;; label = @6
                local.get 0
                local.set 1
                local.get 1
                local.set 3
                local.get 2
                local.set 1
                local.get 1
                local.set 2
                local.get 3
              end
              local.set 0
              local.get 53
            end
            drop
            i32.const 0
          end
          local.set 133
          local.get 52
        end
        local.set 52
        block (result i64)  ;; label = @3
          block (result i32)  ;; label = @4
            block (result i64)  ;; label = @5
              local.get 51
              local.set 53
              block (result f32)  ;; label = @6
                local.get 0
                local.set 1
                local.get 1
                local.set 3
                local.get 2
                local.set 1
                nop
                local.get 3
              end
              local.set 0
              local.get 53
            end
            local.set 51
            local.get 133
          end
          local.set 133
          local.get 52
        end
        local.set 52
        block (result i32)  ;; label = @3
          block (result i64)  ;; label = @4
            nop
            block (result f32)  ;; label = @5
              local.get 0
              local.set 1
              local.get 1
              local.set 3
              local.get 2
              local.set 1
              local.get 1
              local.set 2
              local.get 3
            end
            local.set 1
            local.get 53
          end
          drop
          i32.const 0
        end
        local.set 133
        block (result i64)  ;; label = @3
          i64.const 0
          local.set 51
          block (result i32)  ;; label = @4
            nop
            local.get 133
          end
          local.set 133
          local.get 51
        end
        drop
        block (result i64)  ;; label = @3
          i64.const 0
          local.set 52
          block (result i32)  ;; label = @4
            block (result i64)  ;; label = @5
              block (result f32)  ;; label = @6
                local.get 1
                local.set 2
                local.get 2
                local.set 0
                local.get 3
                local.set 2
                nop
                local.get 0
              end
              local.set 1
              local.get 53
            end
            local.set 53
            local.get 133
          end
          local.set 133
          local.get 52
        end
        local.set 51
        block (result i64)  ;; label = @3
          nop
          nop
          local.get 52
        end
        local.set 53
        block (result i64)  ;; label = @3
          block (result i32)  ;; label = @4
            i64.const 0
            local.set 51
            local.get 133
          end
          local.set 133
          local.get 53
        end
        local.set 53
        block (result i64)  ;; label = @3
          i32.const 0
          local.set 133
          local.get 53
        end
        local.set 53
        i64.const 0
        local.set 53
        block (result i64)  ;; label = @3
          block (result i32)  ;; label = @4
            i64.const 0
            local.set 51
            local.get 133
          end
          local.set 133
          local.get 53
        end
        local.set 53
        block (result i32)  ;; label = @3
          block (result i64)  ;; label = @4
            local.get 51
            local.set 52
            block (result f32)  ;; label = @5
              local.get 0
              local.set 1
              local.get 1
              local.set 0
              nop
              local.get 1
              local.set 2
              local.get 0
            end
            local.set 0
            local.get 52
          end
          local.set 51
          local.get 133
        end
        local.set 133
        block (result i32)  ;; label = @3
          block  ;; label = @4
            local.get 51
            local.set 52
            block (result f32)  ;; label = @5
              nop
              local.get 1
              local.set 0
              local.get 2
              local.set 1
              local.get 0
            end
            local.set 0
          end
          local.get 133
        end
        local.set 133
        block (result i32)  ;; label = @3
          block (result f32)  ;; label = @4
            local.get 0
            local.set 1
            nop
            local.get 0
          end
          local.set 0
          local.get 133
        end
        local.set 133
        local.get 133
        local.set 133
        local.get 133
        i32.eqz
      end
      i32.const 11348
      memory.fill
      f64.const 0x0p+0 (;=0;)
    end)
  (func (;6;) (type 8) (param f64 f32 i64 f64 i64 f64 i32) (result f32)
    (local f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
    f32.const 0x0p+0 (;=0;)
    local.set 1
    global.get 2
    i32.eqz
    if  ;; label = @1
      local.get 1
      return
    end
    nop
    loop  ;; label = @1
      global.get 2
      i32.eqz
      if  ;; label = @2
        f32.const 0x0p+0 (;=0;)
        return
      end
      global.get 2
      i32.const 1
      i32.sub
      global.set 2
      loop (result i32 f32)  ;; label = @2
        i32.const 0
        drop
        global.get 2
        i32.const 1
        i32.sub
        global.set 2
        loop (result i32)  ;; label = @3
          global.get 2
          i32.eqz
          if  ;; label = @4
            local.get 1
            return
          end
          global.get 2
          i32.const 1
          i32.sub
          global.set 2
          i32.const 0
          i32.load offset=22 align=1
        end
        i32.const 15
        i32.and
        i32.load8_u offset=4
        i32.eqz
        br_if 0 (;@2;)
        i32.const 1073741824
        f32.const 0x0p+0 (;=0;)
      end
      drop
      drop
      block (result i32)  ;; label = @2
        i32.const 0
        f32.const 0x0p+0 (;=0;)
        drop
        local.set 39
        local.get 38
        local.get 18
        local.set 19
        drop
        local.get 19
        local.set 16
        local.get 39
      end
      local.set 34
      block (result i32)  ;; label = @2
        nop
        block (result i32)  ;; label = @3
          i32.const 0
          local.set 41
          local.get 16
          local.set 17
          local.get 41
        end
        drop
        local.get 17
        local.set 14
        local.get 35
      end
      local.set 30
      nop
      block (result i32)  ;; label = @2
        block (result i32)  ;; label = @3
          local.get 26
          local.set 32
          local.get 12
          drop
          local.get 32
        end
        local.set 27
        block (result i32)  ;; label = @3
          local.get 26
          local.set 33
          local.get 12
          local.set 13
          local.get 33
        end
        drop
        f32.const 0x0p+0 (;=0;)
        local.set 10
        local.get 27
      end
      local.set 22
      block (result i32)  ;; label = @2
        block (result i32)  ;; label = @3
          local.get 22
          local.set 28
          local.get 10
          drop
          local.get 28
        end
        local.set 23
        block (result i32)  ;; label = @3
          local.get 22
          local.set 29
          nop
          local.get 29
        end
        drop
        local.get 11
        local.set 8
        local.get 23
      end
      local.set 21
      block (result i32)  ;; label = @2
        nop
        block (result i32)  ;; label = @3
          local.get 21
          local.set 25
          local.get 8
          local.set 9
          local.get 25
        end
        drop
        nop
        local.get 6
      end
      local.set 20
      nop
      local.get 6
      local.set 6
      local.get 1
      return
    end
    unreachable)
  (func (;7;) (type 9) (param i32) (result i64)
    (local f64)
    unreachable)
  (func (;8;) (type 10) (result f32 f32 i32 i32 i64)
    (local i64 f32)
    unreachable)
  (func (;9;) (type 11) (result f32)
    (local i64 f64 i32 f32)
    unreachable)
  (table (;0;) 9 9 funcref)
  (memory (;0;) 16 17)
  (global (;0;) (mut i32) (i32.const 0))
  (global (;1;) (mut i32) (i32.const 2147483647))
  (global (;2;) (mut i32) (i32.const 10))
  (elem (;0;) (i32.const 0) func 0 2 3 4 6 7 8 9 9)
  (data (;0;) (i32.const 0) "\94\cc\d4\950\8e\1c")
  (data (;1;) "\00\b0")
  (data (;2;) (i32.const 8) "J\d4\fe")
  (data (;3;) (i32.const 11) "\9e\0f\00\a1\af\ed\8e\bcbyz"))
