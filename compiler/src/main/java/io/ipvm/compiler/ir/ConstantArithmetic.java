package io.ipvm.compiler.ir;

import com.dylibso.chicory.wasm.types.OpCode;
import io.ipvm.compiler.ir.ConstantFolding.Value;
import io.ipvm.wasm.ValType;
import java.util.EnumMap;
import java.util.Map;

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

  /** The binary operators, named as in both {@code i32.*} and {@code i64.*}. */
  private enum Binary {
    EQ,
    NE,
    LT_S,
    LT_U,
    GT_S,
    GT_U,
    LE_S,
    LE_U,
    GE_S,
    GE_U,
    ADD,
    SUB,
    MUL,
    DIV_S,
    DIV_U,
    REM_S,
    REM_U,
    AND,
    OR,
    XOR,
    SHL,
    SHR_S,
    SHR_U,
    ROTL,
    ROTR;

    boolean isComparison() {
      return ordinal() <= GE_U.ordinal();
    }
  }

  private static final Map<OpCode, Binary> I32_BINARY = new EnumMap<>(OpCode.class);
  private static final Map<OpCode, Binary> I64_BINARY = new EnumMap<>(OpCode.class);

  static {
    for (Binary b : Binary.values()) {
      I32_BINARY.put(OpCode.valueOf("I32_" + b.name()), b);
      I64_BINARY.put(OpCode.valueOf("I64_" + b.name()), b);
    }
  }

  static boolean isBinary(OpCode op) {
    return I32_BINARY.containsKey(op) || I64_BINARY.containsKey(op);
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
   * not of the operator's type. Both widths are computed on longs: an i32 is held sign-extended
   * ({@link Value}), zero-extended for the unsigned operators, and the result wrapped back.
   */
  static Value binary(OpCode op, Value a, Value b) {
    boolean wide = I64_BINARY.containsKey(op);
    Binary o = wide ? I64_BINARY.get(op) : I32_BINARY.get(op);
    ValType t = wide ? ValType.I64 : ValType.I32;
    if (o == null || a.type() != t || b.type() != t) {
      return null;
    }
    long x = a.bits();
    long y = b.bits();
    long ux = wide ? x : x & 0xFFFF_FFFFL;
    long uy = wide ? y : y & 0xFFFF_FFFFL;
    long min = wide ? Long.MIN_VALUE : Integer.MIN_VALUE;
    int count = (int) (y & (wide ? 63 : 31));
    long r;
    switch (o) {
      case EQ -> r = x == y ? 1 : 0;
      case NE -> r = x != y ? 1 : 0;
      case LT_S -> r = x < y ? 1 : 0;
      case LT_U -> r = Long.compareUnsigned(ux, uy) < 0 ? 1 : 0;
      case GT_S -> r = x > y ? 1 : 0;
      case GT_U -> r = Long.compareUnsigned(ux, uy) > 0 ? 1 : 0;
      case LE_S -> r = x <= y ? 1 : 0;
      case LE_U -> r = Long.compareUnsigned(ux, uy) <= 0 ? 1 : 0;
      case GE_S -> r = x >= y ? 1 : 0;
      case GE_U -> r = Long.compareUnsigned(ux, uy) >= 0 ? 1 : 0;
      case ADD -> r = x + y;
      case SUB -> r = x - y;
      case MUL -> r = x * y;
      case DIV_S -> {
        if (y == 0 || (x == min && y == -1)) {
          return null;
        }
        r = x / y;
      }
      case DIV_U -> {
        if (y == 0) {
          return null;
        }
        r = Long.divideUnsigned(ux, uy);
      }
      case REM_S -> {
        if (y == 0) {
          return null;
        }
        r = y == -1 ? 0 : x % y;
      }
      case REM_U -> {
        if (y == 0) {
          return null;
        }
        r = Long.remainderUnsigned(ux, uy);
      }
      case AND -> r = x & y;
      case OR -> r = x | y;
      case XOR -> r = x ^ y;
      case SHL -> r = x << count;
      case SHR_S -> r = x >> count;
      case SHR_U -> r = ux >>> count;
      case ROTL -> r = wide ? Long.rotateLeft(x, count) : Integer.rotateLeft((int) x, count);
      case ROTR -> r = wide ? Long.rotateRight(x, count) : Integer.rotateRight((int) x, count);
      default -> throw new AssertionError(o);
    }
    if (o.isComparison()) {
      return i32((int) r);
    }
    return wide ? i64(r) : i32((int) r);
  }

  /**
   * Whether {@code x op b} is {@code x} for every {@code x}: adding, subtracting, or-ing, xor-ing
   * or shifting by 0, multiplying by 1, and-ing with all ones.
   */
  static boolean isNeutralRight(OpCode op, Value b) {
    boolean wide = I64_BINARY.containsKey(op);
    Binary o = wide ? I64_BINARY.get(op) : I32_BINARY.get(op);
    if (o == null || b.type() != (wide ? ValType.I64 : ValType.I32)) {
      return false;
    }
    long y = b.bits();
    return switch (o) {
      case ADD, SUB, OR, XOR -> y == 0;
      case SHL, SHR_S, SHR_U, ROTL, ROTR -> (y & (wide ? 63 : 31)) == 0;
      case MUL -> y == 1;
      case AND -> y == -1;
      default -> false;
    };
  }

  private static Value i32(int v) {
    return new Value(ValType.I32, v);
  }

  private static Value i64(long v) {
    return new Value(ValType.I64, v);
  }
}
