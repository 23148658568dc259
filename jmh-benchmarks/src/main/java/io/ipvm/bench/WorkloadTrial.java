package io.ipvm.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What {@link KernelBench} and {@link SpecializationBench} share: one engine's instance of one
 * workload per trial ({@link WasmRunner#openTrial}, checked and closed by {@link
 * WasmRunner#closeTrial}), and {@code bench()} as the operation. The subclasses hold the JMH
 * parameters (engines and workloads differ) and JMH's settings.
 */
@State(Scope.Benchmark)
public abstract class WorkloadTrial {
  private WasmRunner runner;

  /** The engine of this trial (a {@code @Param} of the subclass). */
  protected abstract String engine();

  /** The workload of this trial (a {@code @Param} of the subclass). */
  protected abstract String workload();

  /** The extra warm-up setting of this trial (see {@link KernelBench#prewarm}). */
  protected abstract String prewarm();

  @Setup(Level.Trial)
  public void setup() throws Throwable {
    runner = WasmRunner.openTrial(engine(), workload(), prewarm());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Throwable {
    WasmRunner r = runner;
    runner = null;
    WasmRunner.closeTrial(r, engine(), workload());
  }

  @Benchmark
  public long bench() throws Throwable {
    return runner.bench();
  }
}
