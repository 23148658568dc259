package io.ipvm.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.runtime.TrapKind;
import io.ipvm.wasm.ValType;
import org.junit.jupiter.api.Test;

class TraceFormatTest {
  @Test
  void integersAreSignedDecimal() {
    assertEquals("i32:-1", TraceFormat.value(ValType.I32, 0xffffffff));
    assertEquals("i64:-9223372036854775808", TraceFormat.value(ValType.I64, Long.MIN_VALUE));
  }

  @Test
  void floatsAreExactBitsAndEveryNanIsNan() {
    assertEquals("f32:0x3f800000", TraceFormat.value(ValType.F32, 1.0f));
    assertEquals("f32:0x80000000", TraceFormat.value(ValType.F32, -0.0f));
    assertEquals("f64:0x8000000000000000", TraceFormat.value(ValType.F64, -0.0));
    assertEquals("f32:nan", TraceFormat.value(ValType.F32, Float.intBitsToFloat(0xffc00001)));
    assertEquals(
        "f64:nan", TraceFormat.value(ValType.F64, Double.longBitsToDouble(0x7ff0000000000001L)));
  }

  @Test
  void trapKindsAgreeOnlyWhereV8CannotTellThemApart() {
    assertTrue(TraceFormat.agree("f -> trap memory", "f -> trap memory"));
    assertFalse(TraceFormat.agree("f -> trap memory", "f -> trap div0"));
    assertTrue(TraceFormat.agree("f -> trap float-to-int", "f -> trap overflow"));
    assertTrue(TraceFormat.agree("f -> trap conversion", "f -> trap float-to-int"));
    assertFalse(TraceFormat.agree("f -> trap float-to-int", "f -> trap div0"));
    assertTrue(TraceFormat.agree("f -> trap ?", "f -> trap stack"));
    assertFalse(TraceFormat.agree("f -> trap ?", "g -> trap stack"));
    assertFalse(TraceFormat.agree("f -> trap ?", "f -> i32:0"));
    assertEquals("indirect", TraceFormat.trapKind(TrapKind.INDIRECT_CALL_TYPE_MISMATCH));
  }
}
