package io.ipvm.bench;

import io.ipvm.runtime.Instance;
import io.ipvm.runtime.WasmModule;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Thread CPU time per {@code bench()} operation of one workload on ipvm, after a warm-up: a
 * side-by-side check for a machine too loaded for wall-clock JMH (time spent descheduled is not
 * counted; caches shared with other processes still are). Same call path as KernelBench's ipvm
 * engine (the typed handle, checksum checked on every operation); run it with the JVM flags of
 * {@link BenchMain#COMMON_FLAGS}.
 *
 * <pre>java -Xmx2g -Xss16m -XX:-DontCompileHugeMethods -XX:Tier3DelayOn=100000 \
 *     -cp benchmarks.jar io.ipvm.bench.CpuTimeBench sha256 3 5 0.4</pre>
 *
 * prints the minimum, median and maximum over the samples, in ms of CPU per operation.
 */
public final class CpuTimeBench {
  private CpuTimeBench() {}

  /** Arguments: workload, warm-up CPU seconds, number of samples, CPU seconds per sample. */
  public static void main(String[] args) throws Throwable {
    String workload = args[0];
    double warmSeconds = Double.parseDouble(args[1]);
    int samples = Integer.parseInt(args[2]);
    double sampleSeconds = Double.parseDouble(args[3]);
    Instance instance = WasmModule.compile(Workloads.load(workload)).instantiate();
    MethodHandle bench = instance.function("bench").handle();
    long expected = (long) instance.function("expected").handle().invokeExact();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long start = mx.getCurrentThreadCpuTime();
    while (mx.getCurrentThreadCpuTime() - start < warmSeconds * 1e9) {
      check((long) bench.invokeExact(), expected);
    }
    double[] msPerOp = new double[samples];
    for (int s = 0; s < samples; s++) {
      long c0 = mx.getCurrentThreadCpuTime();
      long c;
      int ops = 0;
      do {
        check((long) bench.invokeExact(), expected);
        ops++;
        c = mx.getCurrentThreadCpuTime();
      } while (c - c0 < sampleSeconds * 1e9);
      msPerOp[s] = (c - c0) / 1e6 / ops;
    }
    Arrays.sort(msPerOp);
    System.out.printf(
        "%s min %.3f median %.3f max %.3f ms/op (cpu)%n",
        workload, msPerOp[0], msPerOp[samples / 2], msPerOp[samples - 1]);
  }

  private static void check(long got, long expected) {
    if (got != expected) {
      throw new IllegalStateException("wrong checksum " + got + ", expected " + expected);
    }
  }
}
