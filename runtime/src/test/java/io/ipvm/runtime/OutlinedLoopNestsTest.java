package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvm.compiler.CompileOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Functions only the host calls, with several loop nests, get each nest in a method of its own
 * (compiler FunctionEmitter.outlinesLoopNests). The benchmark workloads (real clang -O2 output:
 * image's whole pipeline and nbody's simulation are such functions) check their own results: {@code
 * bench()} must return {@code expected()}, plain and metered.
 */
class OutlinedLoopNestsTest {
  private static final Path WORKLOADS = Path.of("..", "jmh-benchmarks", "workloads");

  @Test
  void workloadsWithOutlinedNestsComputeTheirExpectedResults() throws Exception {
    int outlined = 0;
    for (String name :
        List.of(
            "image",
            "nbody",
            "sha256",
            "lz77",
            "json",
            "hashmap",
            "matmul",
            "mandelbrot",
            "script")) {
      byte[] wasm = Files.readAllBytes(WORKLOADS.resolve(name + ".wasm"));
      for (CompileOptions options : List.of(CompileOptions.DEFAULT, CompileOptions.METERED)) {
        WasmModule module = WasmModule.compile(wasm, options);
        assertEquals(List.of(), module.verifyGeneratedClasses(), name);
        Instance instance = module.instantiate();
        Object expected = instance.call("expected")[0];
        assertEquals(expected, instance.call("bench")[0], name + " " + options);
        if (options == CompileOptions.DEFAULT
            && (name.equals("image") || name.equals("nbody"))
            && GeneratedMethods.chunks(module) > 0) {
          outlined++;
        }
      }
    }
    assertEquals(2, outlined, "image's and nbody's bench() have their loop nests outlined");
  }
}
