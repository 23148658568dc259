package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The class-file limits, tested on modules far beyond them: a 200 KB function (structured and
 * straight-line), 20,000 functions, a 50,000-entry br_table and 20,000 i64 locals must compile to
 * methods HotSpot will JIT (at most 8,000 bytes of bytecode each) and compute the right results.
 */
class LargeModuleTest {
  static final int HUGE_METHOD_LIMIT = 8000;

  /** Generates code and, in lockstep, the value it computes. */
  static final class Program {
    final WasmBuilder.Bytes code = new WasmBuilder.Bytes();
    final Random random;
    final boolean structured;

    Program(long seed, boolean structured) {
      this.random = new Random(seed);
      this.structured = structured;
    }

    // Simulated state: x (local 0, i32), i (local 1, i32), acc (local 2, i64).
    int x;
    long acc;

    /** Emits one segment; {@code sim} replays it on the Java side for a given input. */
    void segment(int depth, java.util.List<java.util.function.Consumer<long[]>> sim) {
      int kind = structured ? random.nextInt(6) : random.nextInt(2) * 5;
      if (kind == 4 && depth >= 4) {
        kind = 5;
      }
      switch (kind) {
        case 0 -> {
          int a = random.nextInt(1000) | 1;
          int b = random.nextInt();
          code.localGet(0).i32Const(a).op(0x6C).i32Const(b).op(0x6A).localSet(0);
          sim.add(s -> s[0] = (int) s[0] * a + b);
        }
        case 1 -> {
          int m = 1 << random.nextInt(8);
          int c = random.nextInt();
          code.op(0x02).op(0x40);
          code.localGet(0).i32Const(m).op(0x71).op(0x0D).u32(0);
          code.localGet(0).i32Const(c).op(0x73).localSet(0);
          code.op(0x0B);
          sim.add(s -> s[0] = (((int) s[0] & m) == 0) ? ((int) s[0] ^ c) : (int) s[0]);
        }
        case 2 -> {
          int n = 1 + random.nextInt(5);
          code.i32Const(n).localSet(1);
          code.op(0x03).op(0x40);
          code.localGet(0).localGet(1).op(0x6A).localSet(0);
          code.localGet(1).i32Const(1).op(0x6B).localTee(1).op(0x0D).u32(0);
          code.op(0x0B);
          sim.add(
              s -> {
                int v = (int) s[0];
                for (int i = n; i >= 1; i--) {
                  v += i;
                }
                s[0] = v;
              });
        }
        case 3 -> {
          // block (result i32): br_if out with a value, or fall through with another
          code.op(0x02).u8(0x7F);
          code.localGet(0).localGet(0).i32Const(1).op(0x71).op(0x0D).u32(0);
          code.op(0x1A).localGet(0).i32Const(3).op(0x6A);
          code.op(0x0B).localSet(0);
          sim.add(s -> s[0] = (((int) s[0] & 1) != 0) ? (int) s[0] : (int) s[0] + 3);
        }
        case 4 -> {
          code.op(0x02).op(0x40);
          int n = 2 + random.nextInt(40);
          for (int k = 0; k < n; k++) {
            segment(depth + 1, sim);
          }
          code.op(0x0B);
        }
        case 5 -> {
          code.localGet(2).localGet(0).op(0xAD).op(0x7C).localSet(2);
          sim.add(s -> s[1] += Integer.toUnsignedLong((int) s[0]));
        }
        default -> throw new IllegalStateException();
      }
    }
  }

  static int finish(long[] s) {
    int x = (int) s[0];
    long acc = s[1];
    return x ^ (int) acc ^ (int) (acc >>> 32);
  }

  private static void checkClasses(WasmModule module) {
    assertEquals(java.util.List.of(), module.verifyGeneratedClasses());
    int methods = 0;
    for (Map.Entry<String, byte[]> e : module.compiled().classes().entrySet()) {
      ClassModel cm = ClassFile.of().parse(e.getValue());
      for (MethodModel m : cm.methods()) {
        var code = m.findAttribute(java.lang.classfile.Attributes.code());
        if (code.isPresent()) {
          methods++;
          int len = ((CodeAttribute) code.get()).codeLength();
          assertTrue(
              len <= HUGE_METHOD_LIMIT,
              e.getKey() + "." + m.methodName().stringValue() + " has " + len + " bytes");
        }
      }
    }
    assertTrue(methods > 0);
  }

  private static void hugeFunction(boolean structured) {
    Program p = new Program(structured ? 42 : 7, structured);
    java.util.List<java.util.function.Consumer<long[]>> sim = new java.util.ArrayList<>();
    while (p.code.size() < 210_000) {
      p.segment(0, sim);
    }
    int codeSize = p.code.size();
    p.code.localGet(0).localGet(2).op(0xA7).op(0x73);
    p.code.localGet(2).u8(0x42).s32(32).op(0x88).op(0xA7).op(0x73);
    WasmBuilder b = new WasmBuilder();
    int t = b.type(new int[] {WasmBuilder.I32}, new int[] {WasmBuilder.I32});
    int f =
        b.function(
            t, new int[][] {{1, WasmBuilder.I32}, {1, WasmBuilder.I64}}, p.code.toByteArray());
    b.export("run", f);
    byte[] wasm = b.build();
    assertTrue(codeSize >= 200_000, "function body is " + codeSize + " bytes");

    WasmModule module = WasmModule.compile(wasm);
    checkClasses(module);
    assertTrue(
        module.compiled().classes().values().stream().mapToInt(c -> c.length).sum() > 100_000);
    Instance instance = module.instantiate();
    for (int input : new int[] {0, 1, 7, -123456, Integer.MAX_VALUE}) {
      long[] state = {input, 0};
      for (var step : sim) {
        step.accept(state);
      }
      assertEquals(finish(state), instance.call("run", input)[0], "run(" + input + ")");
    }
  }

  @Test
  void structuredFunctionOver200KbIsSplitAndCorrect() {
    hugeFunction(true);
  }

  @Test
  void straightLineFunctionOver200KbIsSplitAndCorrect() {
    hugeFunction(false);
  }

  @Test
  void twentyThousandFunctions() {
    int n = 20_000;
    WasmBuilder b = new WasmBuilder();
    int unary = b.type(new int[] {WasmBuilder.I32}, new int[] {WasmBuilder.I32});
    int binary = b.type(new int[] {WasmBuilder.I32, WasmBuilder.I32}, new int[] {WasmBuilder.I32});
    for (int i = 0; i < n; i++) {
      WasmBuilder.Bytes c = new WasmBuilder.Bytes();
      if (i % 100 == 0) {
        // f_i(x) = x * 3 + i
        c.localGet(0).i32Const(3).op(0x6C).i32Const(i).op(0x6A);
      } else {
        // f_i(x) = f_{i-1}(x) + 1
        c.localGet(0).op(0x10).u32(i - 1).i32Const(1).op(0x6A);
      }
      b.function(unary, new int[0][], c.toByteArray());
    }
    // dispatch(i, x) = table[i](x)
    WasmBuilder.Bytes c = new WasmBuilder.Bytes();
    c.localGet(1).localGet(0).op(0x11).u32(unary).u32(0);
    int dispatch = b.function(binary, new int[0][], c.toByteArray());
    b.tableOfAllFunctions();
    b.export("f19999", n - 1);
    b.export("f12345", 12345);
    b.export("dispatch", dispatch);
    WasmModule module = WasmModule.compile(b.build());
    checkClasses(module);
    assertTrue(module.compiled().classes().size() > 2, "functions spread over several classes");
    Instance instance = module.instantiate();
    assertEquals(5 * 3 + 19900 + 99, instance.call("f19999", 5)[0]);
    assertEquals(-2 * 3 + 12300 + 45, instance.call("f12345", -2)[0]);
    assertEquals(10 * 3 + 700 + 7, instance.call("dispatch", 707, 10)[0]);
    WasmTrap trap =
        org.junit.jupiter.api.Assertions.assertThrows(
            WasmTrap.class, () -> instance.call("dispatch", n + 1, 1));
    assertEquals(TrapKind.UNDEFINED_ELEMENT, trap.kind());
    trap =
        org.junit.jupiter.api.Assertions.assertThrows(
            WasmTrap.class, () -> instance.call("dispatch", dispatch, 1));
    assertEquals(TrapKind.INDIRECT_CALL_TYPE_MISMATCH, trap.kind());
  }

  @Test
  void hugeBrTable() {
    int entries = 50_000;
    WasmBuilder b = new WasmBuilder();
    int t = b.type(new int[] {WasmBuilder.I32}, new int[] {WasmBuilder.I32});
    WasmBuilder.Bytes c = new WasmBuilder.Bytes();
    // block $3 block $2 block $1 block $0 (br_table by index) end return 10 end return 11 ...
    for (int k = 0; k < 4; k++) {
      c.op(0x02).op(0x40);
    }
    c.localGet(0).op(0x0E).u32(entries);
    for (int i = 0; i < entries; i++) {
      c.u32((i * 7) % 4);
    }
    c.u32(3); // default
    for (int k = 0; k < 4; k++) {
      c.op(0x0B).i32Const(10 + k).op(0x0F);
    }
    c.i32Const(-1);
    int f = b.function(t, new int[0][], c.toByteArray());
    b.export("pick", f);
    WasmModule module = WasmModule.compile(b.build());
    checkClasses(module);
    Instance instance = module.instantiate();
    for (int i : new int[] {0, 1, 2, 3, 4, 999, 49_999, 50_000, -1}) {
      int expected = 10 + (i >= 0 && i < entries ? (i * 7) % 4 : 3);
      assertEquals(expected, instance.call("pick", i)[0], "pick(" + i + ")");
    }
  }

  @Test
  void twentyThousandI64Locals() {
    int n = 20_000;
    WasmBuilder b = new WasmBuilder();
    int t = b.type(new int[] {WasmBuilder.I64}, new int[] {WasmBuilder.I64});
    WasmBuilder.Bytes c = new WasmBuilder.Bytes();
    // local[k] = param + k for every 1000th local, then sum them
    for (int k = 1; k <= n; k += 1000) {
      c.localGet(0).u8(0x42).s32(k).op(0x7C).localSet(k);
    }
    c.u8(0x42).s32(0);
    for (int k = 1; k <= n; k += 1000) {
      c.localGet(k).op(0x7C);
    }
    int f = b.function(t, new int[][] {{n, WasmBuilder.I64}}, c.toByteArray());
    b.export("sum", f);
    WasmModule module = WasmModule.compile(b.build());
    checkClasses(module);
    long expected = 0;
    for (int k = 1; k <= n; k += 1000) {
      expected += 5 + k;
    }
    assertEquals(expected, module.instantiate().call("sum", 5L)[0]);
  }

  @Test
  void functionWithMoreParameterSlotsThanTheJvmAllows() {
    // A call site keeps every argument on the operand stack; hundreds of them can push that one
    // method past 8,000 bytes (see compiler/README.md, known limits), so this stays at 130.
    int n = 130; // 130 i64 parameters = 260 JVM slots
    WasmBuilder b = new WasmBuilder();
    int[] params = new int[n];
    java.util.Arrays.fill(params, WasmBuilder.I64);
    int wide = b.type(params, new int[] {WasmBuilder.I64});
    int caller = b.type(new int[] {WasmBuilder.I64, WasmBuilder.I32}, new int[] {WasmBuilder.I64});
    // weighted(p0..p299) = sum of p_i * (i + 1)
    WasmBuilder.Bytes c = new WasmBuilder.Bytes();
    c.u8(0x42).s32(0);
    for (int i = 0; i < n; i++) {
      c.localGet(i).u8(0x42).s32(i + 1).op(0x7E).op(0x7C);
    }
    int weighted = b.function(wide, new int[0][], c.toByteArray());
    // direct(x, _) = weighted(x, x+1, ..., x+299); indirect(x, idx) = table[idx](same args)
    for (boolean indirect : new boolean[] {false, true}) {
      c = new WasmBuilder.Bytes();
      for (int i = 0; i < n; i++) {
        c.localGet(0).u8(0x42).s32(i).op(0x7C);
      }
      if (indirect) {
        c.localGet(1).op(0x11).u32(wide).u32(0);
      } else {
        c.op(0x10).u32(weighted);
      }
      b.export(indirect ? "indirect" : "direct", b.function(caller, new int[0][], c.toByteArray()));
    }
    b.export("weighted", weighted);
    b.tableOfAllFunctions();
    WasmModule module = WasmModule.compile(b.build());
    checkClasses(module);
    Instance instance = module.instantiate();
    long x = 1_000_000_007L;
    long expected = 0;
    Object[] args = new Object[n];
    for (int i = 0; i < n; i++) {
      expected += (x + i) * (i + 1);
      args[i] = x + i;
    }
    assertEquals(expected, instance.call("direct", x, 0)[0]);
    assertEquals(expected, instance.call("indirect", x, weighted)[0]);
    assertEquals(expected, instance.call("weighted", args)[0]);
  }
}
