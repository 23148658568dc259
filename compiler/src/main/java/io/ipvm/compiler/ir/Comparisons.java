package io.ipvm.compiler.ir;

import com.dylibso.chicory.wasm.types.OpCode;

/** The comparison instructions: two operands (one for eqz) in, an i32 0 or 1 out. */
public final class Comparisons {
  private Comparisons() {}

  /** Whether {@code op} is a comparison. */
  public static boolean is(OpCode op) {
    return switch (op) {
      case I32_EQZ,
              I32_EQ,
              I32_NE,
              I32_LT_S,
              I32_GT_S,
              I32_LE_S,
              I32_GE_S,
              I32_LT_U,
              I32_GT_U,
              I32_LE_U,
              I32_GE_U,
              I64_EQZ,
              I64_EQ,
              I64_NE,
              I64_LT_S,
              I64_GT_S,
              I64_LE_S,
              I64_GE_S,
              I64_LT_U,
              I64_GT_U,
              I64_LE_U,
              I64_GE_U,
              F32_EQ,
              F32_NE,
              F32_LT,
              F32_GT,
              F32_LE,
              F32_GE,
              F64_EQ,
              F64_NE,
              F64_LT,
              F64_GT,
              F64_LE,
              F64_GE ->
          true;
      default -> false;
    };
  }
}
