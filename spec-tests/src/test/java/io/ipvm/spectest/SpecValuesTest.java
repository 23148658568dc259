package io.ipvm.spectest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Value conversion and comparison rules of the runner. */
class SpecValuesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode v(String type, String value) {
    var node = JSON.createObjectNode().put("type", type);
    if (value != null) {
      node.put("value", value);
    }
    return node;
  }

  @Test
  void integersAreUnsignedDecimal() {
    assertEquals(-1, SpecValues.argument(v("i32", "4294967295")));
    assertEquals(Long.MIN_VALUE, SpecValues.argument(v("i64", "9223372036854775808")));
    assertTrue(SpecValues.matches(v("i32", "4294967295"), -1));
    assertFalse(SpecValues.matches(v("i32", "4294967295"), -1L));
    assertFalse(SpecValues.matches(v("i64", "1"), 1));
  }

  @Test
  void floatsCompareByBits() {
    assertEquals(
        0x7fa00000, Float.floatToRawIntBits((Float) SpecValues.argument(v("f32", "2141192192"))));
    assertTrue(SpecValues.matches(v("f32", "2147483648"), -0.0f));
    assertFalse(SpecValues.matches(v("f32", "0"), -0.0f));
    assertTrue(SpecValues.matches(v("f64", "0"), 0.0));
    assertFalse(SpecValues.matches(v("f64", "9223372036854775808"), 0.0));
    // a NaN payload other than the expected one is a mismatch
    assertFalse(SpecValues.matches(v("f32", "2143289344"), Float.intBitsToFloat(0x7fc00001)));
  }

  @Test
  void nanPatterns() {
    assertTrue(SpecValues.matches(v("f32", "nan:canonical"), Float.intBitsToFloat(0xffc00000)));
    assertFalse(SpecValues.matches(v("f32", "nan:canonical"), Float.intBitsToFloat(0x7fc00001)));
    assertTrue(SpecValues.matches(v("f32", "nan:arithmetic"), Float.intBitsToFloat(0x7fc00001)));
    assertFalse(SpecValues.matches(v("f32", "nan:arithmetic"), Float.intBitsToFloat(0x7f800001)));
    assertFalse(SpecValues.matches(v("f32", "nan:arithmetic"), Float.POSITIVE_INFINITY));
    assertTrue(
        SpecValues.matches(v("f64", "nan:canonical"), Double.longBitsToDouble(0xfff8L << 48)));
    assertFalse(
        SpecValues.matches(
            v("f64", "nan:canonical"), Double.longBitsToDouble(0x7ff8000000000001L)));
    assertTrue(
        SpecValues.matches(
            v("f64", "nan:arithmetic"), Double.longBitsToDouble(0x7ff8000000000001L)));
    assertFalse(
        SpecValues.matches(
            v("f64", "nan:arithmetic"), Double.longBitsToDouble(0x7ff0000000000001L)));
  }

  @Test
  void references() {
    assertNull(SpecValues.argument(v("externref", "null")));
    assertEquals(new SpecValues.HostRef(3), SpecValues.argument(v("externref", "3")));
    assertTrue(SpecValues.matches(v("externref", "3"), new SpecValues.HostRef(3)));
    assertFalse(SpecValues.matches(v("externref", "3"), new SpecValues.HostRef(4)));
    assertTrue(SpecValues.matches(v("externref", "null"), null));
    assertTrue(SpecValues.matches(v("externref", null), new SpecValues.HostRef(0)));
    assertFalse(SpecValues.matches(v("externref", null), null));
    assertTrue(SpecValues.matches(v("funcref", "null"), null));
    assertFalse(SpecValues.matches(v("funcref", null), null));
  }
}
