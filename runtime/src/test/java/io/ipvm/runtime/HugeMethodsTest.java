package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.compiler.CompileOptions;
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

  @Test
  void theCacheKeyTellsTheFormsApart() {
    assertEquals("metered=false", CompileOptions.DEFAULT.withHugeMethods(false).key());
    assertEquals("metered=true,hugeMethods", CompileOptions.METERED.withHugeMethods(true).key());
  }
}
