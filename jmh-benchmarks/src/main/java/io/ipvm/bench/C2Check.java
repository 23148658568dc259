package io.ipvm.bench;

import io.ipvm.runtime.Instance;
import io.ipvm.runtime.WasmModule;
import java.lang.invoke.MethodHandle;

/**
 * Runs one workload on ipvm-jvm for a while so that {@code -XX:+PrintCompilation} shows which
 * generated methods HotSpot compiled with C2 (tier 4). Used by {@code scripts/c2-check.sh}.
 *
 * <pre>java -XX:+PrintCompilation -cp benchmarks.jar io.ipvm.bench.C2Check json 10</pre>
 */
public final class C2Check {
  private C2Check() {}

  /** Arguments: workload name, seconds to run. */
  public static void main(String[] args) throws Throwable {
    String workload = args[0];
    long seconds = args.length > 1 ? Long.parseLong(args[1]) : 10;
    Instance instance = WasmModule.compile(Workloads.load(workload)).instantiate();
    MethodHandle bench = instance.function("bench").handle();
    long expected = (long) instance.function("expected").handle().invokeExact();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long calls = 0;
    while (System.nanoTime() < end) {
      long got = (long) bench.invokeExact();
      if (got != expected) {
        throw new IllegalStateException(workload + ": bench() = " + got + ", expected " + expected);
      }
      calls++;
    }
    System.out.println("C2Check " + workload + ": " + calls + " calls");
  }
}
