package io.ipvm.runtime.wasi;

/**
 * Thrown by WASI {@code proc_exit}: the guest asked to end with {@code code}. It unwinds the guest
 * code to whoever called into the instance (e.g. {@link Wasi#run}), which turns it into an exit
 * code. Not a trap, and without a stack trace.
 */
public final class WasiExit extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;

  /** An exit with {@code code} (the u32 {@code proc_exit} was called with). */
  public WasiExit(int code) {
    super("proc_exit(" + Integer.toUnsignedString(code) + ")", null, false, false);
    this.code = code;
  }

  /** The exit code passed to {@code proc_exit}. */
  public int code() {
    return code;
  }
}
