package io.ipvm.runtime;

import io.ipvm.wasm.ValType;

/** Checks and converts boxed values at the host boundary. */
final class Values {
  private Values() {}

  static Object coerce(ValType type, Object value, int position) {
    switch (type) {
      case I32 -> {
        if (value instanceof Integer) {
          return value;
        }
      }
      case I64 -> {
        if (value instanceof Long) {
          return value;
        }
        if (value instanceof Integer i) {
          return (long) i;
        }
      }
      case F32 -> {
        if (value instanceof Float) {
          return value;
        }
      }
      case F64 -> {
        if (value instanceof Double) {
          return value;
        }
        if (value instanceof Float f) {
          return (double) f;
        }
      }
      case FUNCREF -> {
        if (value == null || value instanceof WasmFunction) {
          return value;
        }
      }
      case EXTERNREF -> {
        return value;
      }
    }
    throw new IllegalArgumentException(
        "argument "
            + position
            + ": expected "
            + type.wasmName()
            + ", got "
            + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
  }
}
