package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Loops that step by a constant other than ±1 and exit on {@code !=} are compiled twice, with a
 * guard choosing an ordered exit test when that is equivalent (see compiler CountedLoop). Both
 * copies must count exactly like the original, whichever the guard picks: compared here with a Java
 * model over strides, both operand orders, local and constant limits, and entry values that pass
 * and fail the guard (not a multiple, wrong direction, equal, near overflow).
 */
class CountedLoopTest {
  /** (i, n) → iterations until i + k*S == n, capped at 1000 (-1 when capped). */
  private static int model(int i, int n, int stride) {
    int count = 0;
    do {
      count++;
      if (Integer.compareUnsigned(count, 1000) > 0) {
        return -1;
      }
      i += stride;
    } while (i != n);
    return count;
  }

  private static WasmBuilder.Bytes loop(int stride, boolean counterFirst, Integer constantLimit) {
    WasmBuilder.Bytes c = new WasmBuilder.Bytes();
    c.op(0x03).op(0x40); // loop
    c.localGet(2).i32Const(1).op(0x6A).localSet(2); // count++
    c.localGet(2).i32Const(1000).op(0x4B); // count >u 1000
    c.op(0x04).op(0x40).i32Const(-1).op(0x0F).op(0x0B); // if return -1 end
    if (!counterFirst) {
      pushLimit(c, constantLimit);
    }
    c.localGet(0).i32Const(stride).op(0x6A).localTee(0);
    if (counterFirst) {
      pushLimit(c, constantLimit);
    }
    c.op(0x47).op(0x0D).u32(0); // i32.ne br_if 0
    c.op(0x0B);
    c.localGet(2);
    return c;
  }

  private static void pushLimit(WasmBuilder.Bytes c, Integer constantLimit) {
    if (constantLimit == null) {
      c.localGet(1);
    } else {
      c.i32Const(constantLimit);
    }
  }

  @Test
  void unrolledCountingLoopsCountLikeTheOriginal() {
    int[] strides = {2, 3, 4, 7, -2, -3, 16};
    int[][] entries = {
      {0, 200},
      {0, 201},
      {0, 0},
      {10, 0},
      {0, -10},
      {-50, 50},
      {5, 5},
      {Integer.MAX_VALUE - 6, Integer.MAX_VALUE},
      {Integer.MAX_VALUE - 5, Integer.MIN_VALUE + 3},
      {Integer.MIN_VALUE, Integer.MIN_VALUE + 12},
      {100, 40},
      {1, 1 + 3 * 7 * 16}
    };
    WasmBuilder b = new WasmBuilder();
    int t = b.type(new int[] {WasmBuilder.I32, WasmBuilder.I32}, new int[] {WasmBuilder.I32});
    int n = 0;
    for (int stride : strides) {
      for (boolean counterFirst : new boolean[] {true, false}) {
        b.export(
            "l" + n++,
            b.function(
                t,
                new int[][] {{1, WasmBuilder.I32}},
                loop(stride, counterFirst, null).toByteArray()));
        b.export(
            "l" + n++,
            b.function(
                t,
                new int[][] {{1, WasmBuilder.I32}},
                loop(stride, counterFirst, 60).toByteArray()));
      }
    }
    WasmModule module = WasmModule.compile(b.build());
    assertEquals(java.util.List.of(), module.verifyGeneratedClasses());
    // The fast copies exist: an ordered int comparison appears only through the rewrite here.
    int ordered = 0;
    for (byte[] cls : module.compiled().classes().values()) {
      for (var m : java.lang.classfile.ClassFile.of().parse(cls).methods()) {
        for (var e : m.code().map(c -> c.elementList()).orElse(java.util.List.of())) {
          if (e instanceof java.lang.classfile.instruction.BranchInstruction br
              && (br.opcode() == java.lang.classfile.Opcode.IF_ICMPLT
                  || br.opcode() == java.lang.classfile.Opcode.IF_ICMPGT)) {
            ordered++;
          }
        }
      }
    }
    assertEquals(strides.length * 4, ordered, "one rewritten exit test per loop");
    Instance instance = module.instantiate();
    int k = 0;
    for (int stride : strides) {
      for (int order = 0; order < 2; order++) {
        for (int limitKind = 0; limitKind < 2; limitKind++) {
          String name = "l" + k++;
          for (int[] e : entries) {
            int limit = limitKind == 0 ? e[1] : 60;
            // Run many times so the JIT compiles both copies of the loop, too.
            for (int rep = 0; rep < (e == entries[0] ? 2000 : 3); rep++) {
              assertEquals(
                  model(e[0], limit, stride),
                  instance.call(name, e[0], e[1])[0],
                  name + " stride " + stride + " from " + e[0] + " to " + limit);
            }
          }
        }
      }
    }
  }
}
