package io.ipvm.bench;

/**
 * One instantiated workload module on one engine: the exported {@code bench: () -> i64} and {@code
 * expected: () -> i64}.
 */
public interface WasmRunner extends AutoCloseable {

  /** Runs one unit of work from scratch; returns its checksum. */
  long bench() throws Throwable;

  /** The checksum a correct {@link #bench()} returns. */
  long expected() throws Throwable;

  @Override
  default void close() {}

  /**
   * A trial's runner, as {@link KernelBench} and {@link SpecializationBench} set one up: {@code
   * workload} instantiated on {@code engine}, checked once, then pre-warmed as {@code prewarm} says
   * ({@link Engines#prewarmSeconds}).
   */
  static WasmRunner openTrial(String engine, String workload, String prewarm) throws Throwable {
    WasmRunner runner = Engines.instantiate(engine, workload, Workloads.load(workload));
    verify(runner, engine, workload, "before the benchmark");
    prewarm(runner, Engines.prewarmSeconds(engine, prewarm));
    return runner;
  }

  /** Ends a trial opened by {@link #openTrial}: checks the checksum once more and closes. */
  static void closeTrial(WasmRunner runner, String engine, String workload) throws Throwable {
    if (runner == null) {
      return;
    }
    try {
      verify(runner, engine, workload, "after the benchmark");
    } finally {
      runner.close();
    }
  }

  /**
   * Calls {@code bench()} for {@code seconds} (at least once when {@code seconds > 0}), so that the
   * engine's JIT is done before JMH's own warm-up; every result is checked against {@code
   * expected()}.
   */
  static void prewarm(WasmRunner runner, double seconds) throws Throwable {
    if (seconds <= 0) {
      return;
    }
    long want = runner.expected();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    do {
      long got = runner.bench();
      if (got != want) {
        throw new IllegalStateException(
            "during pre-warm-up: bench() = " + got + ", expected() = " + want);
      }
    } while (System.nanoTime() < end);
  }

  /**
   * Calls {@code bench()} once and checks it against {@code expected()}: a wrong engine must not
   * look fast.
   *
   * @throws IllegalStateException when they differ
   */
  static void verify(WasmRunner runner, String engine, String workload, String when)
      throws Throwable {
    long want = runner.expected();
    long got = runner.bench();
    if (got != want) {
      throw new IllegalStateException(
          String.format(
              "%s: engine %s computed a wrong checksum for workload %s: bench() = %d (0x%x),"
                  + " expected() = %d (0x%x)",
              when, engine, workload, got, got, want, want));
    }
  }
}
