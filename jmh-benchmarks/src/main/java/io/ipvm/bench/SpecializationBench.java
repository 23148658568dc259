package io.ipvm.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Partial applications (issue 13): C workloads ({@code workloads/pa_*.c}) whose {@code bench()}
 * calls one function many times with some arguments fixed — a blur radius, a sort's element size
 * and comparator, matrix dimensions, a hash table's mask and hash function, an interpreter's
 * program — run as {@link KernelBench} runs its workloads, on ipvm-jvm's default code ({@code
 * ipvm}), its adaptive tier ({@code ipvm-adaptive}: variants with the fixed arguments as constants,
 * profiler/README.md) and GraalWasm; native and Node come from {@code scripts/reference.sh pa_blur
 * ...}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g", "-Xss16m", "-XX:-DontCompileHugeMethods", "-XX:Tier3DelayOn=100000"})
@Warmup(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
public class SpecializationBench extends WorkloadTrial {

  @Param({"ipvm", "ipvm-adaptive", "graalwasm"})
  public String engine;

  @Param({"pa_blur", "pa_sort", "pa_matmul", "pa_hash", "pa_interp"})
  public String workload;

  /** Extra warm-up in the trial's setup, as in {@link KernelBench#prewarm}. */
  @Param({"auto"})
  public String prewarm;

  @Override
  protected String engine() {
    return engine;
  }

  @Override
  protected String workload() {
    return workload;
  }

  @Override
  protected String prewarm() {
    return prewarm;
  }
}
