package io.ipvm.node.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.wasm.ValType;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class CoreValuesTest {
  @Test
  void integersToI32AcceptSignedAndUnsignedRange() {
    assertEquals(42, CoreValues.lower(42L, ValType.I32));
    assertEquals(42, CoreValues.lower(42, ValType.I32));
    assertEquals(Integer.MIN_VALUE, CoreValues.lower(-2147483648L, ValType.I32));
    assertEquals(-1, CoreValues.lower(4294967295L, ValType.I32)); // the same 32 bits as -1
    assertEquals(-1, CoreValues.lower(-1L, ValType.I32));
    assertEquals(7, CoreValues.lower(BigInteger.valueOf(7), ValType.I32));
  }

  @Test
  void integersOutOfI32RangeAreRefused() {
    var high =
        assertThrows(
            IllegalArgumentException.class, () -> CoreValues.lower(4294967296L, ValType.I32));
    assertEquals(
        "integer 4294967296 does not fit an i32 (-2147483648 to 4294967295)", high.getMessage());
    var low =
        assertThrows(
            IllegalArgumentException.class, () -> CoreValues.lower(-2147483649L, ValType.I32));
    assertTrue(
        low.getMessage().startsWith("integer -2147483649 does not fit an i32"), low.getMessage());
  }

  @Test
  void integersToI64UpToU64Max() {
    assertEquals(Long.MIN_VALUE, CoreValues.lower(Long.MIN_VALUE, ValType.I64));
    assertEquals(5L, CoreValues.lower(5, ValType.I64));
    BigInteger u64max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    assertEquals(-1L, CoreValues.lower(u64max, ValType.I64));
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CoreValues.lower(u64max.add(BigInteger.ONE), ValType.I64));
    assertTrue(e.getMessage().contains("does not fit an i64"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            CoreValues.lower(
                BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE), ValType.I64));
  }

  @Test
  void integersToFloatParametersAreCast() {
    assertEquals(3.0f, CoreValues.lower(3L, ValType.F32));
    assertEquals(-3.0, CoreValues.lower(-3L, ValType.F64));
    // 2^53 + 1 has no double: rounded to nearest, as the reference node's cast does.
    assertEquals(9007199254740992.0, CoreValues.lower(9007199254740993L, ValType.F64));
  }

  @Test
  void floats() {
    assertEquals(1.5, CoreValues.lower(1.5, ValType.F64));
    assertEquals(0.1f, CoreValues.lower(0.1, ValType.F32));
    assertEquals(2.5f, CoreValues.lower(2.5f, ValType.F32));
    var big =
        assertThrows(IllegalArgumentException.class, () -> CoreValues.lower(1e39, ValType.F32));
    assertEquals("float 1.0E39 is beyond the f32 range", big.getMessage());
    var nan =
        assertThrows(
            IllegalArgumentException.class, () -> CoreValues.lower(Double.NaN, ValType.F64));
    assertTrue(nan.getMessage().contains("IPLD floats are finite"), nan.getMessage());
    var trunc =
        assertThrows(IllegalArgumentException.class, () -> CoreValues.lower(1.5, ValType.I32));
    assertEquals(
        "expected an integer for the i32 parameter, got the float 1.5 (floats are not truncated)",
        trunc.getMessage());
  }

  @Test
  void booleansAreI32OneOrZero() {
    assertEquals(1, CoreValues.lower(true, ValType.I32));
    assertEquals(0, CoreValues.lower(false, ValType.I32));
    assertThrows(IllegalArgumentException.class, () -> CoreValues.lower(true, ValType.I64));
  }

  @Test
  void otherKindsAreRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> CoreValues.lower("x", ValType.I32));
    assertEquals(
        "expected a number or boolean for the i32 parameter, got a string", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CoreValues.lower(null, ValType.I64));
  }

  @Test
  void resultsByCoreType() {
    assertEquals(-1L, CoreValues.lift(-1, ValType.I32, "r")); // i32 results are signed
    assertEquals(Long.MIN_VALUE, CoreValues.lift(Long.MIN_VALUE, ValType.I64, "r"));
    assertEquals(1.25, CoreValues.lift(1.25, ValType.F64, "r"));
    // f32 widened through its shortest decimal: 0.1f reads as 0.1, not 0.10000000149011612.
    assertEquals(0.1, CoreValues.lift(0.1f, ValType.F32, "r"));
    assertEquals(3.4028235E38, CoreValues.lift(Float.MAX_VALUE, ValType.F32, "r"));
    assertEquals(1.4E-45, CoreValues.lift(Float.MIN_VALUE, ValType.F32, "r"));
    assertEquals(-0.0, CoreValues.lift(-0.0f, ValType.F32, "r"));
  }

  @Test
  void nonFiniteResultsAreRefused() {
    var nan =
        assertThrows(
            IllegalArgumentException.class,
            () -> CoreValues.lift(Double.NaN, ValType.F64, "the result"));
    assertEquals("the result is NaN, which IPLD cannot represent", nan.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> CoreValues.lift(Float.POSITIVE_INFINITY, ValType.F32, "r"));
  }

  @Test
  void resultsByDeclaredWitType() {
    assertEquals(4294967295L, CoreValues.lift(-1, WitType.U32, "r"));
    assertEquals(-1L, CoreValues.lift(-1, WitType.S32, "r"));
    assertEquals(new BigInteger("18446744073709551615"), CoreValues.lift(-1L, WitType.U64, "r"));
    assertEquals(5L, CoreValues.lift(5L, WitType.U64, "r"));
    assertEquals(-1L, CoreValues.lift(0xff, WitType.S8, "r"));
    assertEquals(255L, CoreValues.lift(-1, WitType.U8, "r"));
    assertEquals(-1L, CoreValues.lift(0xffff, WitType.S16, "r"));
    assertEquals(65535L, CoreValues.lift(-1, WitType.U16, "r"));
    assertEquals(true, CoreValues.lift(2, WitType.BOOL, "r"));
    assertEquals(false, CoreValues.lift(0, WitType.BOOL, "r"));
    assertEquals("🦀", CoreValues.lift(0x1F980, WitType.CHAR, "r"));
    assertThrows(IllegalArgumentException.class, () -> CoreValues.lift(0xD800, WitType.CHAR, "r"));
  }

  @Test
  void witTypeNames() {
    assertEquals(WitType.BYTES, WitType.parse("list<u8>"));
    assertEquals(WitType.BYTES, WitType.parse("list< u8 >"));
    assertEquals(WitType.BYTES, WitType.parse("bytes"));
    assertEquals(WitType.F32, WitType.parse("float32"));
    assertEquals(WitType.STRING, WitType.parse("string"));
    assertEquals(WitType.U32, WitType.parse("u32"));
    var e = assertThrows(IllegalArgumentException.class, () -> WitType.parse("list<s32>"));
    assertTrue(
        e.getMessage().startsWith("unknown result type \"list<s32>\"; known: bool, s8"),
        e.getMessage());
  }
}
