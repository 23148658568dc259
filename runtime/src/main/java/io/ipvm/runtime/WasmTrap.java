package io.ipvm.runtime;

/**
 * A WebAssembly trap. One exception type for every trap, told apart by {@link #kind()}. Created
 * without a stack trace: traps are ordinary control flow for a guest (and the spec suite triggers
 * thousands), and the JVM frames of generated code say nothing useful to a user.
 */
public final class WasmTrap extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final TrapKind kind;

  /** A trap of the given kind, with the kind's standard message. */
  public WasmTrap(TrapKind kind) {
    this(kind, kind.message());
  }

  /** A trap of the given kind with a more specific message. */
  public WasmTrap(TrapKind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  /** Why the guest trapped. */
  public TrapKind kind() {
    return kind;
  }
}
