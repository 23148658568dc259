package io.ipvm.bench.realworld;

import io.ipvm.runtime.Instance;
import io.ipvm.runtime.WasmModule;
import io.ipvm.runtime.wasi.Wasi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** Runs a RealWorldBench run's WASI command on ipvm-jvm, in this JVM, as {@code ipvm run} does. */
public final class IpvmWasi {

  /** The stack of the thread guest code runs on: {@code ipvm run}'s 256 MiB. */
  public static final long STACK_SIZE = 256L << 20;

  private IpvmWasi() {}

  /**
   * A fresh instance of {@code module} with WASI for {@code run} (its argv and preopened
   * directories, no environment, empty standard input); {@code _start} called on a big-stack
   * thread.
   *
   * @return the exit status
   */
  public static int run(
      WasmModule module,
      RealWorldRuns runs,
      RealWorldRuns.Run run,
      OutputStream out,
      OutputStream err) {
    return onBigStack("realworld-" + run.name(), () -> runHere(module, runs, run, out, err));
  }

  /** Work that returns an exit status and may throw anything. */
  @FunctionalInterface
  public interface Command {
    /** Runs it; returns the exit status. */
    int run() throws Exception;
  }

  /**
   * Runs {@code command} on a new thread with a {@link #STACK_SIZE} stack (guests recurse deeply)
   * and returns its exit status; what it throws is rethrown here (a checked exception wrapped).
   */
  public static int onBigStack(String threadName, Command command) {
    AtomicReference<Object> result = new AtomicReference<>();
    Thread thread =
        new Thread(
            null,
            () -> {
              try {
                result.set(command.run());
              } catch (Throwable t) {
                result.set(t);
              }
            },
            threadName,
            STACK_SIZE);
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    Object r = result.get();
    if (r instanceof Integer status) {
      return status;
    }
    if (r instanceof RuntimeException e) {
      throw e;
    }
    if (r instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException((Throwable) r);
  }

  /** As {@link #run} on the calling thread (which needs a big enough stack). */
  public static int runHere(
      WasmModule module,
      RealWorldRuns runs,
      RealWorldRuns.Run run,
      OutputStream out,
      OutputStream err) {
    Wasi.Builder builder =
        Wasi.builder()
            .args(run.argv())
            .stdin(InputStream.nullInputStream())
            .stdout(out)
            .stderr(err);
    for (Map.Entry<Path, String> dir : run.preopens(runs).entrySet()) {
      builder.preopen(dir.getKey(), dir.getValue());
    }
    try (Wasi wasi = builder.build()) {
      Instance instance = module.instantiate(wasi.imports());
      return wasi.run(instance);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
