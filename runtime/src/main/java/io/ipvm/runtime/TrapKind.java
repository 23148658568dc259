package io.ipvm.runtime;

/** Why a WebAssembly computation trapped. The messages are the ones the spec test suite uses. */
public enum TrapKind {
  UNREACHABLE("unreachable"),
  MEMORY_OUT_OF_BOUNDS("out of bounds memory access"),
  TABLE_OUT_OF_BOUNDS("out of bounds table access"),
  INTEGER_DIVIDE_BY_ZERO("integer divide by zero"),
  INTEGER_OVERFLOW("integer overflow"),
  INVALID_CONVERSION("invalid conversion to integer"),
  INDIRECT_CALL_TYPE_MISMATCH("indirect call type mismatch"),
  UNDEFINED_ELEMENT("undefined element"),
  UNINITIALIZED_ELEMENT("uninitialized element"),
  CALL_STACK_EXHAUSTED("call stack exhausted"),
  /** Metered code used up the fuel it was given ({@link Instance#setFuel}). */
  FUEL_EXHAUSTED("all fuel consumed"),
  /** Metered code was stopped by {@link Instance#interrupt} (a time limit). */
  INTERRUPTED("interrupted: time limit exceeded");

  private final String message;

  TrapKind(String message) {
    this.message = message;
  }

  /** The human-readable reason, as the spec suite phrases it. */
  public String message() {
    return message;
  }
}
