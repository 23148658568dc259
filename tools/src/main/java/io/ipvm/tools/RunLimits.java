package io.ipvm.tools;

import io.ipvm.runtime.Instance;
import io.ipvm.runtime.Limits;
import io.ipvm.runtime.Memory;
import io.ipvm.runtime.ModuleException;
import io.ipvm.runtime.TrapKind;
import io.ipvm.runtime.WasmTrap;

/**
 * {@code ipvm run}'s {@code --fuel}, {@code --timeout} and {@code --max-memory} for one run: the
 * runtime {@link Limits}, the deadline timer, and the message and exit status of a run that a limit
 * ended.
 *
 * <p>Fuel and the deadline need the metered compile variant ({@link #metered()}): plain code counts
 * nothing and cannot be interrupted. The deadline interrupts the guest at its next loop head or
 * function entry; for a guest blocked in a host call (a WASI read of standard input), {@link Main}
 * gives up waiting a second later ({@link Main#HARD_DEADLINE_GRACE}).
 */
final class RunLimits implements AutoCloseable {
  private final Main.Options options;
  private final Limits limits;
  private Thread timer;

  RunLimits(Main.Options options) {
    this.options = options;
    this.limits =
        new Limits(
            options.fuel < 0 ? Long.MAX_VALUE : options.fuel,
            options.maxMemoryBytes < 0 ? Long.MAX_VALUE : options.maxMemoryBytes);
  }

  /** Whether the module must be compiled metered (fuel counted, interruptible). */
  boolean metered() {
    return options.fuel >= 0 || options.timeoutMillis >= 0;
  }

  /** The limits to instantiate with; starts the deadline's clock if it is not running yet. */
  Limits start() {
    if (options.timeoutMillis >= 0 && timer == null) {
      long millis = options.timeoutMillis;
      timer =
          Thread.ofPlatform()
              .daemon()
              .name("ipvm-timeout")
              .start(
                  () -> {
                    try {
                      Thread.sleep(millis);
                      limits.interrupt();
                    } catch (InterruptedException e) {
                      // the run ended first
                    }
                  });
    }
    return limits;
  }

  /** Stops the deadline's clock. */
  @Override
  public void close() {
    if (timer != null) {
      timer.interrupt();
    }
  }

  /** The failure for a trap a limit caused, or null when the trap has nothing to do with them. */
  Main.Failure trapped(WasmTrap trap, Instance instance) {
    if (trap.kind() == TrapKind.FUEL_EXHAUSTED) {
      return new Main.Failure(
          Main.EXIT_FUEL,
          "error: fuel exhausted: the run used all of its --fuel "
              + options.fuel
              + " (Wasm instructions; consumed "
              + (instance == null ? options.fuel : instance.fuelConsumed())
              + ")",
          trap);
    }
    if (trap.kind() == TrapKind.INTERRUPTED && limits.interrupted()) {
      return new Main.Failure(
          Main.EXIT_TIMEOUT,
          "error: time limit exceeded: the run was stopped after --timeout " + options.timeout,
          trap);
    }
    return memoryFailure(instance, "then: trap: " + trap.getMessage());
  }

  /** The failure for a WASI exit with a non-zero code after a refused memory.grow, or null. */
  Main.Failure exited(int code, Instance instance) {
    return code == 0 ? null : memoryFailure(instance, "then the program exited with code " + code);
  }

  /** The failure for an initial memory above --max-memory. */
  Main.Failure refused(ModuleException.LimitExceeded e) {
    return new Main.Failure(
        Main.EXIT_MEMORY,
        "error: memory limit exceeded: "
            + e.getMessage()
            + " (--max-memory "
            + options.maxMemory
            + ", whole 64 KiB pages count)",
        e);
  }

  /**
   * A note for standard error when a run succeeded although {@code memory.grow} was refused at the
   * limit (the guest coped, e.g. malloc returned NULL and it freed something), or null.
   */
  String note(Instance instance) {
    Memory memory = instance == null ? null : instance.memory();
    if (memory == null || !memory.limitReached()) {
      return null;
    }
    return "ipvm: note: memory.grow was refused at "
        + memory.pages() * (long) Memory.PAGE_SIZE
        + " bytes by --max-memory "
        + options.maxMemory;
  }

  private Main.Failure memoryFailure(Instance instance, String then) {
    Memory memory = instance == null ? null : instance.memory();
    if (memory == null || !memory.limitReached()) {
      return null;
    }
    return new Main.Failure(
        Main.EXIT_MEMORY,
        "error: memory limit exceeded: memory.grow was refused at "
            + memory.pages() * (long) Memory.PAGE_SIZE
            + " bytes by --max-memory "
            + options.maxMemory
            + "; "
            + then,
        null);
  }
}
