package io.ipvm.bench.realworld;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Real programs (realworld/runs.txt: Lua, QuickJS, zlib, SQLite, bzip2, yosys) as WASI commands,
 * steady state in one JVM. One operation = one whole run of the command: a fresh instance with
 * fresh WASI state, {@code _start} to completion, output discarded; the module is compiled once per
 * trial. Before the first warm-up iteration and after the last measured one the run's output and
 * exit status are compared with the native build's ({@code build/expected/}); a mismatch fails the
 * trial. Every operation's exit status is checked too.
 *
 * <p>Runs take 0.1 s to minutes, so iterations are single operations ({@code SingleShotTime}) with
 * a long warm-up: the interpreters' dispatch functions are huge methods that HotSpot takes a long
 * time to compile. Check the flatness of the measured iterations in the JMH output (or with {@code
 * realworld/jmh-cv.py}) before believing a number.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g", "-Xss16m", "-XX:-DontCompileHugeMethods", "-XX:Tier3DelayOn=100000"})
@Warmup(iterations = 15, batchSize = 1)
@Measurement(iterations = 10, batchSize = 1)
public class RealWorldBench {

  @Param({"ipvm", "ipvm-adaptive", "chicory-compiler", "graalwasm"})
  public String engine;

  @Param({"lua", "qjs-fib", "qjs-mixed", "zlib", "sqlite", "bzip2", "yosys-version", "yosys-synth"})
  public String run;

  private WasiEngines runner;
  private int wantStatus;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    RealWorldRuns runs = RealWorldRuns.load();
    RealWorldRuns.Run r = runs.get(run);
    runner = WasiEngines.create(engine, runs, r);
    runner.verify(engine, "before the benchmark");
    wantStatus = Integer.parseInt(java.nio.file.Files.readString(r.expectedExit(runs)).strip());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    try {
      if (runner != null) {
        runner.verify(engine, "after the benchmark");
      }
    } finally {
      if (runner != null) {
        runner.close();
        runner = null;
      }
    }
  }

  @Benchmark
  public long command() {
    WasiEngines.Sink out = new WasiEngines.Sink();
    WasiEngines.Sink err = new WasiEngines.Sink();
    int status = runner.runOnce(out, err);
    if (status != wantStatus) {
      throw new IllegalStateException(run + " on " + engine + ": exit status " + status);
    }
    return out.bytes;
  }
}
