package io.ipvm.compiler;

import io.ipvm.wasm.ValType;

/**
 * Where compiled code finds one global, decided per module at compile time.
 *
 * @param kind how the global is stored
 * @param type its value type
 * @param mutable whether it is mutable
 * @param constant the folded value for {@link Kind#CONSTANT} (Integer, Long, Float, Double, or null
 *     for a null reference); unused otherwise
 * @param field the context field name for {@link Kind#FIELD}; null otherwise
 */
public record GlobalPlan(Kind kind, ValType type, boolean mutable, Object constant, String field) {

  /** The storage kinds. */
  public enum Kind {
    /** Immutable with a constant initializer: folded into the code. */
    CONSTANT,
    /** Private to the instance: a typed field of the generated context. */
    FIELD,
    /** Imported or exported mutable: a shared {@code Global} cell in {@code Context.globals}. */
    CELL
  }
}
