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
 * Compute kernels compiled from C to Wasm, on each engine. One benchmark operation is one call of
 * the module's exported {@code bench()} (one unit of work from scratch, returning an i64 checksum),
 * on an instance created once per trial. The checksum is checked against the module's {@code
 * expected()} before the first measurement and again after the last.
 *
 * <p>Every engine's fork runs with {@code -XX:-DontCompileHugeMethods}: HotSpot then JIT-compiles
 * methods over 8,000 bytecode bytes too, which both bytecode compilers (ipvm-jvm's and Chicory's)
 * generate for big Wasm functions — an interpreter's dispatch loop, in the {@code script} workload
 * — and which would otherwise run interpreted. ipvm-jvm sees the flag and keeps such loops in one
 * method (compiler/README.md, "Huge methods"). And with {@code -XX:Tier3DelayOn=100000}: under a
 * long C2 queue HotSpot otherwise compiles a method at C1's tier 2 first, and a huge method that C1
 * cannot compile at tier 3 ("out of virtual registers") then never leaves tier 2 for C2.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g", "-Xss16m", "-XX:-DontCompileHugeMethods", "-XX:Tier3DelayOn=100000"})
@Warmup(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
public class KernelBench extends WorkloadTrial {

  @Param({
    "ipvm",
    "ipvm-adaptive",
    "ipvm-relinkable",
    "chicory-interpreter",
    "chicory-compiler",
    "graalwasm"
  })
  public String engine;

  @Param({
    "fib",
    "matmul",
    "sha256",
    "nbody",
    "mandelbrot",
    "json",
    "image",
    "lz77",
    "hashmap",
    "script"
  })
  public String workload;

  /**
   * Seconds of extra warm-up before JMH's own, in the trial's setup: {@code auto} gives each engine
   * what it needs to reach steady state ({@link Engines#prewarmSeconds}: 15 s for GraalWasm, whose
   * Truffle JIT on 2 cores is still compiling after JMH's 10 s), or a number of seconds for all.
   * {@code scripts/results.py} flags trials whose measured iterations are not flat.
   */
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
