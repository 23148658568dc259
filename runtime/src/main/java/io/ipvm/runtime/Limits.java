package io.ipvm.runtime;

import io.ipvm.runtime.internal.Context;
import io.ipvm.runtime.internal.MeteredContext;

/**
 * Resource limits for one instance, given to {@link WasmModule#instantiate(Imports, Limits)}:
 *
 * <ul>
 *   <li><b>fuel</b> — how many Wasm instructions the instance may run (start function included).
 *       Counted only by metered code ({@code WasmModule.compile(bytes, CompileOptions.METERED)}):
 *       each straight-line segment is charged its instruction count on entry, and loop heads and
 *       function entries trap with {@link TrapKind#FUEL_EXHAUSTED} once the fuel is negative. The
 *       count is deterministic (see compiler/README.md, "Fuel"); {@link Instance#fuelConsumed()}
 *       reports it.
 *   <li><b>memory</b> — bytes of linear memory the instance may create: instantiation fails with
 *       {@link ModuleException.LimitExceeded} if the initial memory is bigger, and {@code
 *       memory.grow} beyond it returns -1 (as when the host is out of memory) and is remembered
 *       ({@link Memory#limitReached()}).
 *   <li><b>interruption</b> — {@link #interrupt()}, from any thread (a deadline timer), makes
 *       metered code trap with {@link TrapKind#INTERRUPTED} at its next loop head or function
 *       entry. The JVM cannot stop a thread safely from outside, so plain code cannot be
 *       interrupted.
 * </ul>
 *
 * One {@code Limits} serves one instance.
 */
public final class Limits {
  private final long fuel;
  private final long memoryBytes;
  private volatile boolean interrupted;
  private Context context;

  /** No limits: unlimited fuel and memory (up to the backend's maximum). */
  public static Limits none() {
    return new Limits(Long.MAX_VALUE, Long.MAX_VALUE);
  }

  /**
   * Limits of {@code fuel} instructions and {@code memoryBytes} bytes of linear memory.
   *
   * @throws IllegalArgumentException if either is negative
   */
  public Limits(long fuel, long memoryBytes) {
    if (fuel < 0 || memoryBytes < 0) {
      throw new IllegalArgumentException("limits cannot be negative: " + fuel + ", " + memoryBytes);
    }
    this.fuel = fuel;
    this.memoryBytes = memoryBytes;
  }

  /** The fuel given. */
  public long fuel() {
    return fuel;
  }

  /** The memory limit in bytes. */
  public long memoryBytes() {
    return memoryBytes;
  }

  /** The memory limit in whole 64 KiB pages (what a memory can actually be given). */
  int memoryPages() {
    return (int) Math.min(Integer.MAX_VALUE, memoryBytes / Memory.PAGE_SIZE);
  }

  /** Stops the instance's metered code at its next check; safe from any thread, at any time. */
  public void interrupt() {
    interrupted = true;
    Context c;
    synchronized (this) {
      c = context;
    }
    if (c instanceof MeteredContext m) {
      m.interrupted = true;
    }
  }

  /** Whether {@link #interrupt()} was called. */
  public boolean interrupted() {
    return interrupted;
  }

  /** Gives the fuel to the instance's context (before its start function runs). */
  void attach(Context c) {
    synchronized (this) {
      if (context != null) {
        throw new IllegalStateException("these Limits already serve an instance");
      }
      context = c;
    }
    if (c instanceof MeteredContext m) {
      m.fuel = fuel;
      if (interrupted) {
        m.interrupted = true;
      }
    }
  }
}
