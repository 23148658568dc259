package io.ipvm.runtime;

/**
 * Turns what can escape compiled code into the embedding API's exceptions. This is the one place
 * where JVM exceptions become traps: the array range check of linear memory
 * (IndexOutOfBoundsException) and a runaway recursion (StackOverflowError).
 */
final class Boundary {
  private Boundary() {}

  static RuntimeException translate(Throwable t) {
    if (t instanceof WasmTrap trap) {
      return trap;
    }
    if (t instanceof StackOverflowError) {
      return new WasmTrap(TrapKind.CALL_STACK_EXHAUSTED);
    }
    if (t instanceof IndexOutOfBoundsException) {
      return new WasmTrap(TrapKind.MEMORY_OUT_OF_BOUNDS);
    }
    if (t instanceof RuntimeException re) {
      return re;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new RuntimeException(t);
  }
}
