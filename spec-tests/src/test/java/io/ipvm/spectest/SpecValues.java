package io.ipvm.spectest;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipvm.runtime.WasmFunction;

/** Converts wast2json values to the embedding API's boxed values, compares and describes them. */
final class SpecValues {
  private SpecValues() {}

  /** The host object an {@code externref} argument {@code (ref.extern n)} stands for. */
  record HostRef(long n) {
    @Override
    public String toString() {
      return "ref.extern " + n;
    }
  }

  /** An argument: {@code {"type": "i32", "value": "<unsigned decimal>"}} etc. */
  static Object argument(JsonNode v) {
    String type = v.path("type").asText();
    JsonNode valueNode = v.get("value");
    String value = valueNode == null ? null : valueNode.asText();
    return switch (type) {
      case "i32" -> Integer.parseUnsignedInt(value);
      case "i64" -> Long.parseUnsignedLong(value);
      case "f32" -> Float.intBitsToFloat(Integer.parseUnsignedInt(value));
      case "f64" -> Double.longBitsToDouble(Long.parseUnsignedLong(value));
      case "externref" ->
          value == null || value.equals("null") ? null : new HostRef(Long.parseLong(value));
      case "funcref" -> {
        if (value == null || value.equals("null")) {
          yield null;
        }
        throw new IllegalArgumentException("non-null funcref argument is not supported: " + v);
      }
      default -> throw new IllegalArgumentException("unsupported argument type: " + v);
    };
  }

  /** Whether {@code actual} (a result of a call or global get) matches the expected value. */
  static boolean matches(JsonNode expected, Object actual) {
    String type = expected.path("type").asText();
    JsonNode valueNode = expected.get("value");
    String value = valueNode == null ? null : valueNode.asText();
    switch (type) {
      case "i32":
        return actual instanceof Integer i && i == Integer.parseUnsignedInt(value);
      case "i64":
        return actual instanceof Long l && l == Long.parseUnsignedLong(value);
      case "f32":
        {
          if (!(actual instanceof Float f)) {
            return false;
          }
          int bits = Float.floatToRawIntBits(f);
          return switch (value) {
            case "nan:canonical" -> (bits & 0x7fffffff) == 0x7fc00000;
            case "nan:arithmetic" -> (bits & 0x7fc00000) == 0x7fc00000;
            default -> bits == Integer.parseUnsignedInt(value);
          };
        }
      case "f64":
        {
          if (!(actual instanceof Double d)) {
            return false;
          }
          long bits = Double.doubleToRawLongBits(d);
          return switch (value) {
            case "nan:canonical" -> (bits & 0x7fffffffffffffffL) == 0x7ff8000000000000L;
            case "nan:arithmetic" -> (bits & 0x7ff8000000000000L) == 0x7ff8000000000000L;
            default -> bits == Long.parseUnsignedLong(value);
          };
        }
      case "externref":
        if (value == null) {
          return actual != null; // (ref.extern): any non-null reference
        }
        if (value.equals("null")) {
          return actual == null;
        }
        return new HostRef(Long.parseLong(value)).equals(actual);
      case "funcref":
        if (value != null && value.equals("null")) {
          return actual == null;
        }
        return actual instanceof WasmFunction; // (ref.func): any non-null function reference
      default:
        return false; // v128 etc.: not supported here
    }
  }

  /** An expected value in readable form, e.g. {@code i32 -1}, {@code f32 nan:canonical}. */
  static String describeExpected(JsonNode expected) {
    String type = expected.path("type").asText();
    JsonNode valueNode = expected.get("value");
    String value = valueNode == null ? null : valueNode.asText();
    try {
      return switch (type) {
        case "i32", "i64", "f32", "f64" ->
            value.startsWith("nan:") ? type + " " + value : describe(argument(expected));
        case "externref" -> value == null ? "(ref.extern)" : describe(argument(expected));
        case "funcref" -> value == null || !value.equals("null") ? "(ref.func)" : "ref.null func";
        default -> expected.toString();
      };
    } catch (RuntimeException e) {
      return expected.toString();
    }
  }

  /** A runtime value in readable form, with float bit patterns. */
  static String describe(Object v) {
    if (v == null) {
      return "ref.null";
    } else if (v instanceof Integer i) {
      return "i32 " + i + (i < 0 || i > 9 ? " (0x" + Integer.toHexString(i) + ")" : "");
    } else if (v instanceof Long l) {
      return "i64 " + l + (l < 0 || l > 9 ? " (0x" + Long.toHexString(l) + ")" : "");
    } else if (v instanceof Float f) {
      return "f32 " + f + " (0x" + Integer.toHexString(Float.floatToRawIntBits(f)) + ")";
    } else if (v instanceof Double d) {
      return "f64 " + d + " (0x" + Long.toHexString(Double.doubleToRawLongBits(d)) + ")";
    } else if (v instanceof HostRef r) {
      return r.toString();
    } else if (v instanceof WasmFunction f) {
      return "funcref " + f;
    }
    return v.getClass().getName() + " " + v;
  }

  /** Several values, comma-separated. */
  static String describeAll(Object[] values) {
    if (values == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(describe(values[i]));
    }
    return sb.append(']').toString();
  }

  /** Expected values, comma-separated. */
  static String describeExpectedAll(JsonNode expected) {
    StringBuilder sb = new StringBuilder("[");
    int i = 0;
    for (JsonNode e : expected) {
      sb.append(i++ == 0 ? "" : ", ").append(describeExpected(e));
    }
    return sb.append(']').toString();
  }
}
