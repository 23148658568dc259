package io.ipvm.node.abi;

import io.ipvm.runtime.TrapKind;
import io.ipvm.runtime.WasmTrap;
import java.util.List;

/**
 * Why calling a Wasm export with IPLD values failed. The message is meant for a person (it ends up
 * in an error receipt); the subclasses carry the details as fields for programs.
 *
 * <ul>
 *   <li>{@link NoSuchFunction}: no export matches the requested name under any of its variants;
 *   <li>{@link BadArguments}: the IPLD arguments do not fit the function (count, kind, range);
 *   <li>{@link Trapped}: the guest trapped, in the function itself, in {@code cabi_realloc} or in
 *       {@code cabi_post_*};
 *   <li>{@link AbiViolation}: the guest broke the canonical ABI (no {@code cabi_realloc} or memory
 *       where one is needed, a pointer outside memory, invalid UTF-8, a result IPLD cannot hold).
 * </ul>
 */
public abstract sealed class WasmCallException extends RuntimeException
    permits WasmCallException.NoSuchFunction,
        WasmCallException.BadArguments,
        WasmCallException.Trapped,
        WasmCallException.AbiViolation {
  private static final long serialVersionUID = 1L;

  private WasmCallException(String message, Throwable cause) {
    // No stack trace: these are ordinary outcomes of running a guest, reported to users.
    super(message, cause, false, false);
  }

  /** No exported function answers to the name. */
  public static final class NoSuchFunction extends WasmCallException {
    private static final long serialVersionUID = 1L;
    private final String requested;
    private final List<String> tried;
    private final List<String> available;

    NoSuchFunction(String requested, List<String> tried, List<String> available) {
      super(
          "no exported function \""
              + requested
              + "\" (tried "
              + quoted(tried)
              + "); the module exports "
              + (available.isEmpty() ? "no functions" : "the functions " + quoted(available)),
          null);
      this.requested = requested;
      this.tried = List.copyOf(tried);
      this.available = List.copyOf(available);
    }

    /** The name as the caller gave it. */
    public String requested() {
      return requested;
    }

    /** Every name looked up, in order. */
    public List<String> tried() {
      return tried;
    }

    /** The exported functions (without the canonical ABI's helper exports). */
    public List<String> available() {
      return available;
    }
  }

  /** The arguments do not fit the function's signature. */
  public static final class BadArguments extends WasmCallException {
    private static final long serialVersionUID = 1L;
    private final String function;
    private final int argumentIndex;

    BadArguments(String function, int argumentIndex, String message) {
      super(
          (argumentIndex >= 0 ? "argument " + argumentIndex + " of " : "arguments of ")
              + "\""
              + function
              + "\": "
              + message,
          null);
      this.function = function;
      this.argumentIndex = argumentIndex;
    }

    /** The export called. */
    public String function() {
      return function;
    }

    /** The offending argument (0-based), or -1 when the problem is the argument list as a whole. */
    public int argumentIndex() {
      return argumentIndex;
    }
  }

  /** The guest trapped. */
  public static final class Trapped extends WasmCallException {
    private static final long serialVersionUID = 1L;
    private final String function;
    private final TrapKind kind;
    private final String phase;

    Trapped(String function, String phase, WasmTrap trap) {
      super(
          "\""
              + function
              + "\" trapped"
              + (phase.equals(function) ? "" : " in " + phase)
              + ": "
              + trap.getMessage(),
          trap);
      this.function = function;
      this.kind = trap.kind();
      this.phase = phase;
    }

    /** The export called. */
    public String function() {
      return function;
    }

    /** The runtime's trap kind. */
    public TrapKind kind() {
      return kind;
    }

    /**
     * Which guest function trapped: the export itself, {@code cabi_realloc} (while passing an
     * argument) or {@code cabi_post_<name>} (after the result was read).
     */
    public String phase() {
      return phase;
    }
  }

  /** The guest does not follow the canonical ABI, or returned something IPLD cannot represent. */
  public static final class AbiViolation extends WasmCallException {
    private static final long serialVersionUID = 1L;
    private final String function;

    AbiViolation(String function, String message) {
      super("\"" + function + "\": " + message, null);
      this.function = function;
    }

    /** The export called. */
    public String function() {
      return function;
    }
  }

  static String quoted(List<String> names) {
    StringBuilder b = new StringBuilder();
    for (String n : names) {
      if (!b.isEmpty()) b.append(", ");
      b.append('"').append(n).append('"');
    }
    return b.toString();
  }
}
