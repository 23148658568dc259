package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.compiler.CompileOptions;
import io.ipvm.compiler.JitLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With {@link CompileOptions#hugeMethods()} (chosen when the JVM runs with {@code
 * -XX:-DontCompileHugeMethods}), a function too big for one 8,000-byte method is emitted whole
 * instead of split into chunk methods — unless its loop nests are outlined. Both forms verify and
 * compute the workload's own expected result.
 */
class HugeMethodsTest {
  private static final Path WORKLOADS = Path.of("..", "jmh-benchmarks", "workloads");

  @Test
  void bigFunctionsBecomeOneMethodOnlyWithHugeMethods() throws Exception {
    // script: an interpreter whose dispatch loop clang inlined into bench() — 43 KB estimated.
    byte[] script = Files.readAllBytes(WORKLOADS.resolve("script.wasm"));
    WasmModule split = WasmModule.compile(script, CompileOptions.DEFAULT.withHugeMethods(false));
    WasmModule whole = WasmModule.compile(script, CompileOptions.DEFAULT.withHugeMethods(true));
    assertEquals(List.of(), split.verifyGeneratedClasses());
    assertEquals(List.of(), whole.verifyGeneratedClasses());
    assertTrue(GeneratedMethods.largest(split) <= 8000, "split methods stay under 8,000 bytes");
    assertTrue(GeneratedMethods.largest(whole) > 8000, "one method over 8,000 bytes");
    assertEquals(0, GeneratedMethods.chunks(whole), "nothing split");
    assertTrue(
        GeneratedMethods.chunks(split) > 1, GeneratedMethods.chunks(split) + " chunk methods");
    // Both forms compute the right result (json: quick even where the JVM interprets big methods;
    // jmh-benchmarks' tests run every workload, script included, with huge methods compiled).
    byte[] json = Files.readAllBytes(WORKLOADS.resolve("json.wasm"));
    for (boolean huge : List.of(false, true)) {
      Instance instance =
          WasmModule.compile(json, CompileOptions.DEFAULT.withHugeMethods(huge)).instantiate();
      assertEquals(instance.call("expected")[0], instance.call("bench")[0], "huge=" + huge);
    }
  }

  /**
   * The rule of {@link JitLimits#HUGE_METHOD_MAX_BYTES}: with huge methods allowed, an
   * interpreter-shaped function (a dispatch loop around a ladder of blocks, as in
   * InterpreterShapeTest) stays one method when that method is over 8,000 bytes but within the cap,
   * and is split — ladder cases as sibling methods — when it would be over the cap. Both compute
   * what the always-split form computes.
   */
  @Test
  void ladderOverTheCapIsSplitEvenWithHugeMethods() throws Exception {
    for (int cases : new int[] {SMALL_LADDER, BIG_LADDER}) {
      byte[] wasm = Wabt.wat2wasm(InterpreterShapeTest.module(cases, false));
      WasmModule huge = WasmModule.compile(wasm, CompileOptions.DEFAULT.withHugeMethods(true));
      WasmModule split = WasmModule.compile(wasm, CompileOptions.DEFAULT.withHugeMethods(false));
      assertEquals(List.of(), huge.verifyGeneratedClasses(), cases + " cases");
      assertEquals(List.of(), split.verifyGeneratedClasses(), cases + " cases");
      assertEquals(
          split.instantiate().call("run")[0], huge.instantiate().call("run")[0], cases + " cases");
      int largest = GeneratedMethods.largest(huge);
      System.out.println(
          "ladder "
              + cases
              + ": largest "
              + largest
              + ", split total "
              + GeneratedMethods.total(split));
      if (cases == SMALL_LADDER) {
        assertEquals(0, GeneratedMethods.chunks(huge), "a small ladder stays whole");
        assertTrue(largest > 8000, largest + " bytes: not a huge method, the test proves nothing");
        assertTrue(largest <= JitLimits.HUGE_METHOD_MAX_BYTES, largest + " bytes");
      } else {
        // Split, its code (more than the whole method would have) is over the cap.
        assertTrue(
            GeneratedMethods.total(split) > JitLimits.HUGE_METHOD_MAX_BYTES,
            GeneratedMethods.total(split) + " bytes: under the cap, the test proves nothing");
        assertTrue(GeneratedMethods.chunks(huge) > 1, "a ladder over the cap is split");
        assertTrue(largest <= 8000, largest + " bytes: a method over 8,000 bytes");
      }
    }
  }

  /** Cases of a ladder whose whole method is over 8,000 bytes and within the cap. */
  private static final int SMALL_LADDER = 100;

  /** Cases of a ladder whose whole method would be over the cap. */
  private static final int BIG_LADDER = 300;

  @Test
  void theCacheKeyTellsTheFormsApart() {
    assertEquals("metered=false", CompileOptions.DEFAULT.withHugeMethods(false).key());
    assertEquals("metered=true,hugeMethods", CompileOptions.METERED.withHugeMethods(true).key());
  }
}
