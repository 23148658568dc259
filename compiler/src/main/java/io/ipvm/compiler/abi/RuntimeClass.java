package io.ipvm.compiler.abi;

/**
 * The runtime classes generated code names. The compiler does not link against the runtime (the
 * runtime depends on the compiler), so their names are spelled here, once; {@code
 * runtime/src/test/.../AbiTest} loads every one of them, so a rename breaks a test.
 */
public enum RuntimeClass {
  /** Base class of every generated per-module context. */
  CONTEXT("io/ipvm/runtime/internal/Context"),
  /**
   * Base class of the context of metered code (a subclass of {@link #CONTEXT}): fields {@code fuel}
   * and {@code interrupted}.
   */
  METERED_CONTEXT("io/ipvm/runtime/internal/MeteredContext"),
  /** Static helpers: division, conversions, NaN rules, bulk memory and table operations. */
  OPS("io/ipvm/runtime/internal/Ops"),
  /** Bootstrap methods of the call sites that link calls between functions. */
  LINKER("io/ipvm/runtime/internal/Linker"),
  /** Linear memory. */
  MEMORY("io/ipvm/runtime/Memory"),
  /** Shared global cell. */
  GLOBAL("io/ipvm/runtime/Global"),
  /** The trap exception. */
  TRAP("io/ipvm/runtime/WasmTrap"),
  /** Function value stored in tables and {@code ctx.functions}. */
  WASM_FUNCTION("io/ipvm/runtime/WasmFunction");

  private final String internalName;

  RuntimeClass(String internalName) {
    this.internalName = internalName;
  }

  /** The internal name, e.g. {@code io/ipvm/runtime/internal/Ops}. */
  public String internalName() {
    return internalName;
  }

  /** The field descriptor, e.g. {@code Lio/ipvm/runtime/internal/Ops;}. */
  public String descriptor() {
    return "L" + internalName + ";";
  }

  /** The binary name, e.g. {@code io.ipvm.runtime.internal.Ops}. */
  public String binaryName() {
    return internalName.replace('/', '.');
  }
}
