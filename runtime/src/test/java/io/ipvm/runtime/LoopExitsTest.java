package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Loops ending in {@code base + (i += S) != limit} are rewritten to {@code (i += S) != limit -
 * base} with the difference computed before the loop (compiler ir/LoopExits), so that C2 can count
 * them. The rewrite must count exactly like the original — wrap-around included — whether the
 * counter or the base comes first, with a local or a constant limit; and it must not happen when
 * the loop writes the base.
 */
class LoopExitsTest {
  /** Iterations until base + i == n (i += stride each time), capped at 1000 (-1 when capped). */
  private static int model(int i, int n, int base, int stride) {
    int count = 0;
    do {
      count++;
      if (count > 1000) {
        return -1;
      }
      i += stride;
    } while (base + i != n);
    return count;
  }

  /** (i, n, base) → count; local 3 = count. When writesBase, the body does base = base + 0. */
  private static WasmBuilder.Bytes loop(
      int stride, boolean baseFirst, Integer constantLimit, boolean writesBase) {
    WasmBuilder.Bytes c = new WasmBuilder.Bytes();
    c.op(0x03).op(0x40); // loop
    c.localGet(3).i32Const(1).op(0x6A).localSet(3); // count++
    c.localGet(3).i32Const(1000).op(0x4B); // count >u 1000
    c.op(0x04).op(0x40).i32Const(-1).op(0x0F).op(0x0B); // if return -1 end
    if (writesBase) {
      c.localGet(2).i32Const(0).op(0x6A).localSet(2);
    }
    if (baseFirst) {
      c.localGet(2);
    }
    c.localGet(0).i32Const(stride).op(0x6A).localTee(0);
    if (!baseFirst) {
      c.localGet(2);
    }
    c.op(0x6A); // i32.add
    if (constantLimit == null) {
      c.localGet(1);
    } else {
      c.i32Const(constantLimit);
    }
    c.op(0x47).op(0x0D).u32(0); // i32.ne br_if 0
    c.op(0x0B);
    c.localGet(3);
    return c;
  }

  @Test
  void rewrittenExitTestsCountLikeTheOriginal() {
    int[] strides = {1, -1, 2, 3, -4};
    int[][] entries = { // i, n, base
      {0, 200, 0},
      {0, 200, 50},
      {-100, 0, 100},
      {5, 5, 0},
      {0, 7, 3},
      {Integer.MAX_VALUE - 3, Integer.MIN_VALUE, 2},
      {10, 10, Integer.MIN_VALUE},
      {0, 1000, -500},
      {3, -3, 7}
    };
    WasmBuilder b = new WasmBuilder();
    int t =
        b.type(
            new int[] {WasmBuilder.I32, WasmBuilder.I32, WasmBuilder.I32},
            new int[] {WasmBuilder.I32});
    record Case(String name, int stride, Integer limit, boolean writesBase) {}
    List<Case> cases = new java.util.ArrayList<>();
    for (int stride : strides) {
      for (boolean baseFirst : new boolean[] {true, false}) {
        for (Integer limit : new Integer[] {null, 60}) {
          for (boolean writesBase : new boolean[] {false, true}) {
            String name = "l" + cases.size();
            cases.add(new Case(name, stride, limit, writesBase));
            b.export(
                name,
                b.function(
                    t,
                    new int[][] {{1, WasmBuilder.I32}},
                    loop(stride, baseFirst, limit, writesBase).toByteArray()));
          }
        }
      }
    }
    WasmModule module = WasmModule.compile(b.build());
    assertEquals(List.of(), module.verifyGeneratedClasses());
    // Strides other than ±1 get CountedLoop's ordered copy once their exit test is on the counter
    // alone: one ordered comparison per rewritten loop, none where the loop writes the base.
    int ordered = 0;
    for (byte[] cls : module.compiled().classes().values()) {
      for (var m : java.lang.classfile.ClassFile.of().parse(cls).methods()) {
        for (var e : m.code().map(c -> c.elementList()).orElse(List.of())) {
          if (e instanceof java.lang.classfile.instruction.BranchInstruction br
              && (br.opcode() == java.lang.classfile.Opcode.IF_ICMPLT
                  || br.opcode() == java.lang.classfile.Opcode.IF_ICMPGT)) {
            ordered++;
          }
        }
      }
    }
    assertEquals(3 * 2 * 2, ordered, "rewritten loops with strides 2, 3, -4");
    Instance instance = module.instantiate();
    for (Case c : cases) {
      for (int[] e : entries) {
        int limit = c.limit() == null ? e[1] : c.limit();
        for (int rep = 0; rep < (e == entries[0] ? 2000 : 3); rep++) {
          assertEquals(
              model(e[0], limit, e[2], c.stride()),
              instance.call(c.name(), e[0], e[1], e[2])[0],
              c + " from " + e[0] + " base " + e[2] + " to " + limit);
        }
      }
    }
  }
}
