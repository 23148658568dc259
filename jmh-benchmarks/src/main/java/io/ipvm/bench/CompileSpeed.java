package io.ipvm.bench;

import io.ipvm.runtime.Instance;
import io.ipvm.runtime.WasmModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Time to parse, validate, compile and instantiate a module: the first time in this (fresh) JVM,
 * then warm (median of later repetitions). Whole-pipeline wall time, measured in-process; used by
 * {@code scripts/compile-speed.sh}, which starts a new JVM per run.
 *
 * <pre>java -cp benchmarks.jar io.ipvm.bench.CompileSpeed json [repetitions]</pre>
 */
public final class CompileSpeed {
  private CompileSpeed() {}

  /** Arguments: a workload name or a .wasm path, and how many warm repetitions. */
  public static void main(String[] args) throws Exception {
    String what = args[0];
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    byte[] wasm = what.endsWith(".wasm") ? Files.readAllBytes(Path.of(what)) : Workloads.load(what);
    long t0 = System.nanoTime();
    Instance first = WasmModule.compile(wasm).instantiate();
    long cold = System.nanoTime() - t0;
    if (first.function("bench") == null) {
      throw new IllegalStateException("no bench export");
    }
    long[] warm = new long[reps];
    for (int i = 0; i < reps; i++) {
      long s = System.nanoTime();
      WasmModule.compile(wasm).instantiate();
      warm[i] = System.nanoTime() - s;
    }
    long[] last = Arrays.copyOfRange(warm, reps / 2, reps);
    Arrays.sort(last);
    System.out.printf(
        "%s: %d bytes, first compile+instantiate %.1f ms, warm median %.1f ms%n",
        what, wasm.length, cold / 1e6, last[last.length / 2] / 1e6);
  }
}
