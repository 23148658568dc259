package io.ipvm.compiler.ir;

import com.dylibso.chicory.wasm.types.OpCode;
import io.ipvm.compiler.ir.ConstantFolding.Value;
import io.ipvm.wasm.ValType;

/**
 * Wasm's integer operators computed at compile time, for {@link ConstantFolding}. Each gives
 * exactly what the instruction gives at run time, or null when it would trap (the instruction is
 * then kept, to trap where it stands). Floating-point operators are left to run time: HotSpot folds
 * them, and NaN bits are easy to get wrong.
 */
final class ConstantArithmetic {
  private ConstantArithmetic() {}

  static boolean isUnary(OpCode op) {
    return switch (op) {
      case I32_EQZ,
              I32_CLZ,
              I32_CTZ,
              I32_POPCNT,
              I32_EXTEND_8_S,
              I32_EXTEND_16_S,
              I32_WRAP_I64,
              I64_EQZ,
              I64_CLZ,
              I64_CTZ,
              I64_POPCNT,
              I64_EXTEND_8_S,
              I64_EXTEND_16_S,
              I64_EXTEND_32_S,
              I64_EXTEND_I32_S,
              I64_EXTEND_I32_U ->
          true;
      default -> false;
    };
  }

  static boolean isBinary(OpCode op) {
    return i32Binary(op) || i64Binary(op);
  }

  private static boolean i32Binary(OpCode op) {
    return switch (op) {
      case I32_EQ,
              I32_NE,
              I32_LT_S,
              I32_LT_U,
              I32_GT_S,
              I32_GT_U,
              I32_LE_S,
              I32_LE_U,
              I32_GE_S,
              I32_GE_U,
              I32_ADD,
              I32_SUB,
              I32_MUL,
              I32_DIV_S,
              I32_DIV_U,
              I32_REM_S,
              I32_REM_U,
              I32_AND,
              I32_OR,
              I32_XOR,
              I32_SHL,
              I32_SHR_S,
              I32_SHR_U,
              I32_ROTL,
              I32_ROTR ->
          true;
      default -> false;
    };
  }

  private static boolean i64Binary(OpCode op) {
    return switch (op) {
      case I64_EQ,
              I64_NE,
              I64_LT_S,
              I64_LT_U,
              I64_GT_S,
              I64_GT_U,
              I64_LE_S,
              I64_LE_U,
              I64_GE_S,
              I64_GE_U,
              I64_ADD,
              I64_SUB,
              I64_MUL,
              I64_DIV_S,
              I64_DIV_U,
              I64_REM_S,
              I64_REM_U,
              I64_AND,
              I64_OR,
              I64_XOR,
              I64_SHL,
              I64_SHR_S,
              I64_SHR_U,
              I64_ROTL,
              I64_ROTR ->
          true;
      default -> false;
    };
  }

  /** {@code op} applied to {@code v}, or null if the operand is not of the operator's type. */
  static Value unary(OpCode op, Value v) {
    long x = v.bits();
    int i = (int) x;
    boolean i64Operand =
        switch (op) {
          case I64_EQZ,
                  I64_CLZ,
                  I64_CTZ,
                  I64_POPCNT,
                  I64_EXTEND_8_S,
                  I64_EXTEND_16_S,
                  I64_EXTEND_32_S,
                  I32_WRAP_I64 ->
              true;
          default -> false;
        };
    if (v.type() != (i64Operand ? ValType.I64 : ValType.I32)) {
      return null;
    }
    return switch (op) {
      case I32_EQZ -> i32(i == 0 ? 1 : 0);
      case I32_CLZ -> i32(Integer.numberOfLeadingZeros(i));
      case I32_CTZ -> i32(Integer.numberOfTrailingZeros(i));
      case I32_POPCNT -> i32(Integer.bitCount(i));
      case I32_EXTEND_8_S -> i32((byte) i);
      case I32_EXTEND_16_S -> i32((short) i);
      case I32_WRAP_I64 -> i32((int) x);
      case I64_EQZ -> i32(x == 0 ? 1 : 0);
      case I64_CLZ -> i64(Long.numberOfLeadingZeros(x));
      case I64_CTZ -> i64(Long.numberOfTrailingZeros(x));
      case I64_POPCNT -> i64(Long.bitCount(x));
      case I64_EXTEND_8_S -> i64((byte) x);
      case I64_EXTEND_16_S -> i64((short) x);
      case I64_EXTEND_32_S -> i64((int) x);
      case I64_EXTEND_I32_S -> i64(i);
      case I64_EXTEND_I32_U -> i64(i & 0xFFFF_FFFFL);
      default -> null;
    };
  }

  /**
   * {@code a op b}, or null when it would trap (division by zero, signed overflow) or an operand is
   * not of the operator's type.
   */
  static Value binary(OpCode op, Value a, Value b) {
    if (i32Binary(op)) {
      if (a.type() != ValType.I32 || b.type() != ValType.I32) {
        return null;
      }
      int x = (int) a.bits();
      int y = (int) b.bits();
      return switch (op) {
        case I32_EQ -> bool(x == y);
        case I32_NE -> bool(x != y);
        case I32_LT_S -> bool(x < y);
        case I32_LT_U -> bool(Integer.compareUnsigned(x, y) < 0);
        case I32_GT_S -> bool(x > y);
        case I32_GT_U -> bool(Integer.compareUnsigned(x, y) > 0);
        case I32_LE_S -> bool(x <= y);
        case I32_LE_U -> bool(Integer.compareUnsigned(x, y) <= 0);
        case I32_GE_S -> bool(x >= y);
        case I32_GE_U -> bool(Integer.compareUnsigned(x, y) >= 0);
        case I32_ADD -> i32(x + y);
        case I32_SUB -> i32(x - y);
        case I32_MUL -> i32(x * y);
        case I32_DIV_S -> y == 0 || (x == Integer.MIN_VALUE && y == -1) ? null : i32(x / y);
        case I32_DIV_U -> y == 0 ? null : i32(Integer.divideUnsigned(x, y));
        case I32_REM_S -> y == 0 ? null : i32(y == -1 ? 0 : x % y);
        case I32_REM_U -> y == 0 ? null : i32(Integer.remainderUnsigned(x, y));
        case I32_AND -> i32(x & y);
        case I32_OR -> i32(x | y);
        case I32_XOR -> i32(x ^ y);
        case I32_SHL -> i32(x << y);
        case I32_SHR_S -> i32(x >> y);
        case I32_SHR_U -> i32(x >>> y);
        case I32_ROTL -> i32(Integer.rotateLeft(x, y));
        case I32_ROTR -> i32(Integer.rotateRight(x, y));
        default -> null;
      };
    }
    if (a.type() != ValType.I64 || b.type() != ValType.I64) {
      return null;
    }
    long x = a.bits();
    long y = b.bits();
    return switch (op) {
      case I64_EQ -> bool(x == y);
      case I64_NE -> bool(x != y);
      case I64_LT_S -> bool(x < y);
      case I64_LT_U -> bool(Long.compareUnsigned(x, y) < 0);
      case I64_GT_S -> bool(x > y);
      case I64_GT_U -> bool(Long.compareUnsigned(x, y) > 0);
      case I64_LE_S -> bool(x <= y);
      case I64_LE_U -> bool(Long.compareUnsigned(x, y) <= 0);
      case I64_GE_S -> bool(x >= y);
      case I64_GE_U -> bool(Long.compareUnsigned(x, y) >= 0);
      case I64_ADD -> i64(x + y);
      case I64_SUB -> i64(x - y);
      case I64_MUL -> i64(x * y);
      case I64_DIV_S -> y == 0 || (x == Long.MIN_VALUE && y == -1) ? null : i64(x / y);
      case I64_DIV_U -> y == 0 ? null : i64(Long.divideUnsigned(x, y));
      case I64_REM_S -> y == 0 ? null : i64(y == -1 ? 0 : x % y);
      case I64_REM_U -> y == 0 ? null : i64(Long.remainderUnsigned(x, y));
      case I64_AND -> i64(x & y);
      case I64_OR -> i64(x | y);
      case I64_XOR -> i64(x ^ y);
      case I64_SHL -> i64(x << y);
      case I64_SHR_S -> i64(x >> y);
      case I64_SHR_U -> i64(x >>> y);
      case I64_ROTL -> i64(Long.rotateLeft(x, (int) y));
      case I64_ROTR -> i64(Long.rotateRight(x, (int) y));
      default -> null;
    };
  }

  /**
   * Whether {@code x op b} is {@code x} for every {@code x}: adding, subtracting, or-ing, xor-ing
   * or shifting by 0, multiplying by 1, and-ing with all ones.
   */
  static boolean isNeutralRight(OpCode op, Value b) {
    long y = b.bits();
    if (i32Binary(op) && b.type() == ValType.I32) {
      int v = (int) y;
      return switch (op) {
        case I32_ADD, I32_SUB, I32_OR, I32_XOR -> v == 0;
        case I32_SHL, I32_SHR_S, I32_SHR_U, I32_ROTL, I32_ROTR -> (v & 31) == 0;
        case I32_MUL -> v == 1;
        case I32_AND -> v == -1;
        default -> false;
      };
    }
    if (i64Binary(op) && b.type() == ValType.I64) {
      return switch (op) {
        case I64_ADD, I64_SUB, I64_OR, I64_XOR -> y == 0;
        case I64_SHL, I64_SHR_S, I64_SHR_U, I64_ROTL, I64_ROTR -> (y & 63) == 0;
        case I64_MUL -> y == 1;
        case I64_AND -> y == -1;
        default -> false;
      };
    }
    return false;
  }

  private static Value i32(int v) {
    return new Value(ValType.I32, v);
  }

  private static Value i64(long v) {
    return new Value(ValType.I64, v);
  }

  private static Value bool(boolean b) {
    return i32(b ? 1 : 0);
  }
}
