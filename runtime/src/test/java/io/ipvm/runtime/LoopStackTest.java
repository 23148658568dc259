package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Loops entered while values of enclosing blocks are on the operand stack: the compiler moves those
 * values to locals for the loop (so HotSpot can compile the loop on its own) and must put them back
 * when the loop falls through, and rebuild them when a branch leaves the loop for an enclosing
 * block that expects them.
 */
class LoopStackTest {
  private static int breakOut(int n) {
    int acc = 0;
    while (true) {
      acc += n;
      if (Integer.compareUnsigned(n, 5) > 0) {
        return 1000 + acc;
      }
      n++;
    }
  }

  private static int fallThrough(int n) {
    do {
      n++;
    } while (Integer.compareUnsigned(n, 10) < 0);
    return 1020 + n;
  }

  @Test
  void valuesUnderALoopSurviveBranchesAndFallthrough() {
    WasmBuilder b = new WasmBuilder();
    int t = b.type(new int[] {WasmBuilder.I32}, new int[] {WasmBuilder.I32});
    WasmBuilder.Bytes c = new WasmBuilder.Bytes();
    c.i32Const(1000); // beneath everything
    c.op(0x02).u8(0x7F); // block (result i32)
    c.i32Const(20); // beneath the loop, dropped by the branch out
    c.op(0x03).op(0x40); // loop
    c.localGet(1).localGet(0).op(0x6A).localSet(1); // acc += n
    c.localGet(1); // branch value
    c.localGet(0).i32Const(5).op(0x4B).op(0x0D).u32(1); // n >u 5: br_if 1 (leave the block)
    c.op(0x1A); // drop
    c.localGet(0).i32Const(1).op(0x6A).localSet(0); // n++
    c.op(0x0C).u32(0); // br 0
    c.op(0x0B); // end loop
    c.op(0x00); // unreachable
    c.op(0x0B); // end block
    c.op(0x6A); // 1000 + acc
    b.export("breakOut", b.function(t, new int[][] {{1, WasmBuilder.I32}}, c.toByteArray()));

    c = new WasmBuilder.Bytes();
    c.i32Const(1000).i32Const(20);
    c.op(0x03).op(0x40); // loop
    c.localGet(0).i32Const(1).op(0x6A).localTee(0).i32Const(10).op(0x49).op(0x0D).u32(0);
    c.op(0x0B); // end loop: falls through with 1000 and 20 still beneath
    c.op(0x6A).localGet(0).op(0x6A); // 1000 + 20 + n
    b.export("fallThrough", b.function(t, new int[0][], c.toByteArray()));

    WasmModule module = WasmModule.compile(b.build());
    assertEquals(java.util.List.of(), module.verifyGeneratedClasses());
    Instance instance = module.instantiate();
    for (int rep = 0; rep < 3000; rep++) { // long enough for the JIT to compile the loops too
      for (int n : new int[] {0, 3, 6, 9, 11, -1}) {
        assertEquals(breakOut(n), instance.call("breakOut", n)[0], "breakOut " + n);
        assertEquals(fallThrough(n), instance.call("fallThrough", n)[0], "fallThrough " + n);
      }
    }
  }
}
