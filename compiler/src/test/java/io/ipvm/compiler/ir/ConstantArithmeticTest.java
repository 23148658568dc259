package io.ipvm.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.types.OpCode;
import io.ipvm.compiler.ir.ConstantFolding.Value;
import io.ipvm.wasm.ValType;
import java.util.function.IntBinaryOperator;
import java.util.function.LongBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The folding arithmetic computes on longs for both widths; each i32 and i64 operator is checked
 * here against Java's own {@code int} and {@code long} operators over edge values (every pair), and
 * the trapping cases give null.
 */
class ConstantArithmeticTest {
  private static final int[] INTS = {
    0, 1, -1, 2, 7, -7, 31, 32, 33, 0x7FFF_FFFF, 0x8000_0000, 0x8000_0001, 0xFFFF_FFFE, 0x1234_5678
  };
  private static final long[] LONGS = {
    0,
    1,
    -1,
    2,
    7,
    -7,
    63,
    64,
    65,
    Long.MAX_VALUE,
    Long.MIN_VALUE,
    Long.MIN_VALUE + 1,
    0xFFFF_FFFFL,
    0x1_0000_0000L,
    0x1234_5678_9ABC_DEF0L
  };

  private static Value i32(int v) {
    return new Value(ValType.I32, v);
  }

  private static Value i64(long v) {
    return new Value(ValType.I64, v);
  }

  private static void checkI32(OpCode op, IntBinaryOperator want) {
    for (int x : INTS) {
      for (int y : INTS) {
        Value r = ConstantArithmetic.binary(op, i32(x), i32(y));
        assertEquals(i32(want.applyAsInt(x, y)), r, op + " " + x + " " + y);
      }
    }
  }

  private static void checkI64(OpCode op, LongBinaryOperator want, boolean comparison) {
    for (long x : LONGS) {
      for (long y : LONGS) {
        Value r = ConstantArithmetic.binary(op, i64(x), i64(y));
        long w = want.applyAsLong(x, y);
        assertEquals(comparison ? i32((int) w) : i64(w), r, op + " " + x + " " + y);
      }
    }
  }

  private static int b(boolean v) {
    return v ? 1 : 0;
  }

  @Test
  void i32OperatorsAsJavaComputesThem() {
    checkI32(OpCode.I32_ADD, (x, y) -> x + y);
    checkI32(OpCode.I32_SUB, (x, y) -> x - y);
    checkI32(OpCode.I32_MUL, (x, y) -> x * y);
    checkI32(OpCode.I32_AND, (x, y) -> x & y);
    checkI32(OpCode.I32_OR, (x, y) -> x | y);
    checkI32(OpCode.I32_XOR, (x, y) -> x ^ y);
    checkI32(OpCode.I32_SHL, (x, y) -> x << y);
    checkI32(OpCode.I32_SHR_S, (x, y) -> x >> y);
    checkI32(OpCode.I32_SHR_U, (x, y) -> x >>> y);
    checkI32(OpCode.I32_ROTL, Integer::rotateLeft);
    checkI32(OpCode.I32_ROTR, Integer::rotateRight);
    checkI32(OpCode.I32_EQ, (x, y) -> b(x == y));
    checkI32(OpCode.I32_NE, (x, y) -> b(x != y));
    checkI32(OpCode.I32_LT_S, (x, y) -> b(x < y));
    checkI32(OpCode.I32_LT_U, (x, y) -> b(Integer.compareUnsigned(x, y) < 0));
    checkI32(OpCode.I32_GT_S, (x, y) -> b(x > y));
    checkI32(OpCode.I32_GT_U, (x, y) -> b(Integer.compareUnsigned(x, y) > 0));
    checkI32(OpCode.I32_LE_S, (x, y) -> b(x <= y));
    checkI32(OpCode.I32_LE_U, (x, y) -> b(Integer.compareUnsigned(x, y) <= 0));
    checkI32(OpCode.I32_GE_S, (x, y) -> b(x >= y));
    checkI32(OpCode.I32_GE_U, (x, y) -> b(Integer.compareUnsigned(x, y) >= 0));
    for (int x : INTS) {
      for (int y : INTS) {
        Value ds = ConstantArithmetic.binary(OpCode.I32_DIV_S, i32(x), i32(y));
        Value du = ConstantArithmetic.binary(OpCode.I32_DIV_U, i32(x), i32(y));
        Value rs = ConstantArithmetic.binary(OpCode.I32_REM_S, i32(x), i32(y));
        Value ru = ConstantArithmetic.binary(OpCode.I32_REM_U, i32(x), i32(y));
        if (y == 0) {
          assertNull(ds);
          assertNull(du);
          assertNull(rs);
          assertNull(ru);
          continue;
        }
        assertEquals(x == Integer.MIN_VALUE && y == -1 ? null : i32(x / y), ds, x + "/" + y);
        assertEquals(i32(Integer.divideUnsigned(x, y)), du);
        assertEquals(i32(x % y), rs);
        assertEquals(i32(Integer.remainderUnsigned(x, y)), ru);
      }
    }
  }

  @Test
  void i64OperatorsAsJavaComputesThem() {
    checkI64(OpCode.I64_ADD, (x, y) -> x + y, false);
    checkI64(OpCode.I64_SUB, (x, y) -> x - y, false);
    checkI64(OpCode.I64_MUL, (x, y) -> x * y, false);
    checkI64(OpCode.I64_AND, (x, y) -> x & y, false);
    checkI64(OpCode.I64_OR, (x, y) -> x | y, false);
    checkI64(OpCode.I64_XOR, (x, y) -> x ^ y, false);
    checkI64(OpCode.I64_SHL, (x, y) -> x << y, false);
    checkI64(OpCode.I64_SHR_S, (x, y) -> x >> y, false);
    checkI64(OpCode.I64_SHR_U, (x, y) -> x >>> y, false);
    checkI64(OpCode.I64_ROTL, (x, y) -> Long.rotateLeft(x, (int) y), false);
    checkI64(OpCode.I64_ROTR, (x, y) -> Long.rotateRight(x, (int) y), false);
    checkI64(OpCode.I64_LT_U, (x, y) -> b(Long.compareUnsigned(x, y) < 0), true);
    checkI64(OpCode.I64_GE_S, (x, y) -> b(x >= y), true);
    for (long x : LONGS) {
      for (long y : LONGS) {
        Value ds = ConstantArithmetic.binary(OpCode.I64_DIV_S, i64(x), i64(y));
        Value ru = ConstantArithmetic.binary(OpCode.I64_REM_U, i64(x), i64(y));
        if (y == 0) {
          assertNull(ds);
          assertNull(ru);
          continue;
        }
        assertEquals(x == Long.MIN_VALUE && y == -1 ? null : i64(x / y), ds);
        assertEquals(i64(Long.remainderUnsigned(x, y)), ru);
      }
    }
  }

  @Test
  void operandsOfTheWrongTypeAreNotFolded() {
    assertNull(ConstantArithmetic.binary(OpCode.I32_ADD, i64(1), i64(2)));
    assertNull(ConstantArithmetic.binary(OpCode.I64_ADD, i32(1), i32(2)));
    assertNull(ConstantArithmetic.unary(OpCode.I64_EXTEND_I32_S, i64(1)));
    assertEquals(i64(0xFFFF_FFFFL), ConstantArithmetic.unary(OpCode.I64_EXTEND_I32_U, i32(-1)));
    assertEquals(i32(-1), ConstantArithmetic.unary(OpCode.I32_WRAP_I64, i64(0xFFFF_FFFFL)));
  }

  @Test
  void neutralRightOperands() {
    assertTrue(ConstantArithmetic.isNeutralRight(OpCode.I32_SHL, i32(32)));
    assertFalse(ConstantArithmetic.isNeutralRight(OpCode.I64_SHL, i64(32)));
    assertTrue(ConstantArithmetic.isNeutralRight(OpCode.I64_SHL, i64(64)));
    assertTrue(ConstantArithmetic.isNeutralRight(OpCode.I32_AND, i32(-1)));
    assertFalse(ConstantArithmetic.isNeutralRight(OpCode.I32_AND, i32(0x7FFF_FFFF)));
    assertTrue(ConstantArithmetic.isNeutralRight(OpCode.I64_MUL, i64(1)));
    assertFalse(ConstantArithmetic.isNeutralRight(OpCode.I32_SUB, i32(1)));
  }
}
