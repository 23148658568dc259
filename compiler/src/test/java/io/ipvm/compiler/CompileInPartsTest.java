package io.ipvm.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.compiler.validate.InvalidModuleException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Mid-sized modules are decoded and compiled in parts on several threads
 * (ModuleCompiler.compileInParts). The output must not depend on the number of threads: the
 * compiled-class cache is keyed by module and compiler, not by the machine's processor count, and
 * an invalid module must report the same first error.
 */
class CompileInPartsTest {
  private static final Path WORKLOADS = Path.of("..", "jmh-benchmarks", "workloads");

  @Test
  void threadsDoNotChangeTheGeneratedClasses() throws Exception {
    for (String name : List.of("json.wasm", "lz77.wasm")) {
      byte[] wasm = Files.readAllBytes(WORKLOADS.resolve(name));
      for (CompileOptions options : List.of(CompileOptions.DEFAULT, CompileOptions.METERED)) {
        CompiledModule one = ModuleCompiler.compile(wasm, options, 1);
        CompiledModule four = ModuleCompiler.compile(wasm, options, 4);
        assertEquals(one.functions(), four.functions(), name);
        assertEquals(List.copyOf(one.classes().keySet()), List.copyOf(four.classes().keySet()));
        for (Map.Entry<String, byte[]> e : one.classes().entrySet()) {
          assertArrayEquals(e.getValue(), four.classes().get(e.getKey()), name + " " + e.getKey());
        }
      }
    }
    // json is above the threshold and has several classes, so it really is split.
    CompiledModule json =
        ModuleCompiler.compile(Files.readAllBytes(WORKLOADS.resolve("json.wasm")));
    assertTrue(json.classes().size() >= 3, "context class + at least two function classes");
  }

  @Test
  void partsCoverEveryFunctionAndEndAtClassBoundaries() {
    int[] sizes = new int[300];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = 50 + (i * 37) % 400;
    }
    int[] classOf = ModuleCompiler.classGroups(sizes);
    for (int n = 1; n <= 4; n++) {
      List<int[]> parts = ModuleCompiler.partition(sizes, classOf, n);
      assertTrue(parts.size() <= n && !parts.isEmpty());
      int next = 0;
      for (int[] p : parts) {
        assertEquals(next, p[0]);
        assertTrue(p[1] > p[0]);
        if (p[1] < sizes.length) {
          assertTrue(classOf[p[1]] != classOf[p[1] - 1], "a part ends where a class ends");
        }
        next = p[1];
      }
      assertEquals(sizes.length, next);
      if (n > 1) {
        assertEquals(n, parts.size(), "enough classes for " + n + " parts");
      }
    }
    // One class: one part.
    assertEquals(1, ModuleCompiler.partition(new int[] {10, 10}, new int[] {0, 0}, 4).size());
  }

  @Test
  void anInvalidModuleReportsItsFirstErrorWhateverTheThreads() {
    byte[] wasm = module(200, 100, 5, 190);
    InvalidModuleException one =
        assertThrows(
            InvalidModuleException.class,
            () -> ModuleCompiler.compile(wasm, CompileOptions.DEFAULT, 1));
    InvalidModuleException four =
        assertThrows(
            InvalidModuleException.class,
            () -> ModuleCompiler.compile(wasm, CompileOptions.DEFAULT, 4));
    assertEquals(5, one.functionIndex());
    assertEquals(one.functionIndex(), four.functionIndex());
    assertEquals(one.getMessage(), four.getMessage());
    // The same module without the two bad bodies compiles, and on several threads.
    CompiledModule ok = ModuleCompiler.compile(module(200, 100), CompileOptions.DEFAULT, 4);
    assertEquals(200, ok.functions().size());
  }

  /**
   * {@code functions} functions of type () -> i32, each summing {@code adds} + 1 constants; the
   * bodies of the functions in {@code invalid} start with an i32.add on an empty stack.
   */
  private static byte[] module(int functions, int adds, int... invalid) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    section(out, 1, new byte[] {1, 0x60, 0, 1, 0x7F});
    ByteArrayOutputStream funcs = new ByteArrayOutputStream();
    u32(funcs, functions);
    for (int i = 0; i < functions; i++) {
      funcs.write(0);
    }
    section(out, 3, funcs.toByteArray());
    ByteArrayOutputStream code = new ByteArrayOutputStream();
    u32(code, functions);
    for (int i = 0; i < functions; i++) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.write(0); // no locals
      for (int bad : invalid) {
        if (bad == i) {
          body.write(0x6A);
        }
      }
      body.writeBytes(new byte[] {0x41, 1});
      for (int k = 0; k < adds; k++) {
        body.writeBytes(new byte[] {0x41, (byte) (k & 0x3F), 0x6A});
      }
      body.write(0x0B);
      u32(code, body.size());
      code.writeBytes(body.toByteArray());
    }
    section(out, 10, code.toByteArray());
    return out.toByteArray();
  }

  private static void section(ByteArrayOutputStream out, int id, byte[] content) {
    out.write(id);
    u32(out, content.length);
    out.writeBytes(content);
  }

  private static void u32(ByteArrayOutputStream out, long v) {
    do {
      int b = (int) (v & 0x7F);
      v >>>= 7;
      out.write(v != 0 ? b | 0x80 : b);
    } while (v != 0);
  }
}
