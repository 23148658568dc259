package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Compiling a 5 MB module must fit in a 512 MB heap: a child JVM started with {@code -Xmx512m}
 * builds such a module (2,000 functions of ~2.6 KB of code each, the shapes of {@link
 * LargeModuleTest}), compiles and instantiates it, and checks a few results against the Java model.
 */
class HugeModuleMemoryTest {

  /** Entry point of the child JVM. */
  public static void main(String[] args) {
    int functions = 2000;
    WasmBuilder b = new WasmBuilder();
    int t = b.type(new int[] {WasmBuilder.I32}, new int[] {WasmBuilder.I32});
    List<List<java.util.function.Consumer<long[]>>> models = new ArrayList<>();
    int codeBytes = 0;
    for (int f = 0; f < functions; f++) {
      LargeModuleTest.Program p = new LargeModuleTest.Program(f, true);
      List<java.util.function.Consumer<long[]>> sim = new ArrayList<>();
      while (p.code.size() < 2600) {
        p.segment(0, sim);
      }
      p.code.localGet(0).localGet(2).op(0xA7).op(0x73);
      p.code.localGet(2).u8(0x42).s32(32).op(0x88).op(0xA7).op(0x73);
      codeBytes += p.code.size();
      int index =
          b.function(
              t, new int[][] {{1, WasmBuilder.I32}, {1, WasmBuilder.I64}}, p.code.toByteArray());
      if (f % 500 == 0) {
        b.export("f" + f, index);
        models.add(sim);
      }
    }
    byte[] wasm = b.build();
    if (wasm.length < 5_000_000) {
      throw new AssertionError("module is only " + wasm.length + " bytes");
    }
    Instance instance = WasmModule.compile(wasm).instantiate();
    for (int k = 0; k < models.size(); k++) {
      long[] state = {12345, 0};
      for (var step : models.get(k)) {
        step.accept(state);
      }
      Object got = instance.call("f" + (k * 500), 12345)[0];
      if (!got.equals(LargeModuleTest.finish(state))) {
        throw new AssertionError("f" + (k * 500) + " returned " + got);
      }
    }
    System.out.println("compiled " + wasm.length + " bytes (" + codeBytes + " of code)");
  }

  @Test
  void fiveMegabyteModuleCompilesIn512MbOfHeap() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                "-Xss16m",
                "-cp",
                System.getProperty("java.class.path"),
                HugeModuleMemoryTest.class.getName())
            .redirectErrorStream(true)
            .start();
    boolean done = child.waitFor(10, TimeUnit.MINUTES);
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(done, "child JVM did not finish: " + out);
    assertEquals(0, child.exitValue(), out);
    assertTrue(out.contains("compiled "), out);
  }
}
