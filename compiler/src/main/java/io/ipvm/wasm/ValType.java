package io.ipvm.wasm;

/**
 * The value types of WebAssembly 2.0 (without SIMD), and how each is represented on the JVM.
 *
 * <p>Numbers are JVM primitives of the same width; both reference types are {@code Object} (a
 * funcref is a {@code io.ipvm.runtime.WasmFunction} or {@code null}, an externref any host object
 * or {@code null}).
 */
public enum ValType {
  I32('i', "I"),
  I64('j', "J"),
  F32('f', "F"),
  F64('d', "D"),
  FUNCREF('F', "Ljava/lang/Object;"),
  EXTERNREF('E', "Ljava/lang/Object;");

  private final char code;
  private final String descriptor;

  ValType(char code, String descriptor) {
    this.code = code;
    this.descriptor = descriptor;
  }

  /** One character naming this type in signature keys (see {@link FunctionType#key()}). */
  public char code() {
    return code;
  }

  /** The type with this {@link #code()}, or null if no type has it. */
  public static ValType ofCode(char code) {
    for (ValType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }

  /** The JVM field/parameter descriptor used for values of this type. */
  public String descriptor() {
    return descriptor;
  }

  /** Whether this is {@code funcref} or {@code externref}. */
  public boolean isReference() {
    return this == FUNCREF || this == EXTERNREF;
  }

  /** JVM local-variable slots a value of this type takes (2 for i64/f64). */
  public int slots() {
    return this == I64 || this == F64 ? 2 : 1;
  }

  /** The text-format name ({@code i32}, {@code funcref}, ...). */
  public String wasmName() {
    return switch (this) {
      case I32 -> "i32";
      case I64 -> "i64";
      case F32 -> "f32";
      case F64 -> "f64";
      case FUNCREF -> "funcref";
      case EXTERNREF -> "externref";
    };
  }
}
