package io.ipvm.fuzz;

import io.ipvm.runtime.TrapKind;
import io.ipvm.wasm.ValType;

/**
 * The text form of trace entries, shared character for character with the Node driver ({@code
 * driver.js}) so that the two engines' traces compare as lists of strings.
 *
 * <ul>
 *   <li>{@code log i32:7} — a call of an imported {@code fuzzing-support.log-*} function;
 *   <li>{@code func_3 -> i64:-1 f32:0x3f800000} — an export's results ({@code void} for none);
 *   <li>{@code func_4 -> trap memory} — an export trapped, with a coarse kind both engines can
 *       name.
 * </ul>
 *
 * Integers print in signed decimal; floats as their exact bit pattern, except that every NaN prints
 * as {@code nan}: the NaN bits arithmetic produces are nondeterministic in the spec, and a NaN
 * crossing into JavaScript keeps no payload.
 */
public final class TraceFormat {
  private TraceFormat() {}

  /** One value of type {@code type} ({@code value} boxed as the runtime boxes it). */
  public static String value(ValType type, Object value) {
    return switch (type) {
      case I32 -> "i32:" + (int) (Integer) value;
      case I64 -> "i64:" + (long) (Long) value;
      case F32 -> {
        float f = (Float) value;
        yield Float.isNaN(f)
            ? "f32:nan"
            : "f32:0x" + String.format("%08x", Float.floatToRawIntBits(f));
      }
      case F64 -> {
        double d = (Double) value;
        yield Double.isNaN(d)
            ? "f64:nan"
            : "f64:0x" + String.format("%016x", Double.doubleToRawLongBits(d));
      }
      case FUNCREF -> "funcref:" + (value == null ? "null" : "ref");
      case EXTERNREF -> "externref:" + (value == null ? "null" : "ref");
    };
  }

  /**
   * The coarse kind of a trap, as the driver derives it from V8's messages. V8 words some traps
   * differently from the spec (one message for a null entry and a signature mismatch, one for every
   * out-of-range table index), so kinds are grouped where V8 cannot tell them apart.
   */
  public static String trapKind(TrapKind kind) {
    return switch (kind) {
      case UNREACHABLE -> "unreachable";
      case MEMORY_OUT_OF_BOUNDS -> "memory";
      case INTEGER_DIVIDE_BY_ZERO -> "div0";
      case INTEGER_OVERFLOW -> "overflow";
      case INVALID_CONVERSION -> "conversion";
      case TABLE_OUT_OF_BOUNDS, UNDEFINED_ELEMENT -> "table";
      case UNINITIALIZED_ELEMENT, INDIRECT_CALL_TYPE_MISMATCH -> "indirect";
      case CALL_STACK_EXHAUSTED -> "stack";
      case FUEL_EXHAUSTED -> "fuel";
      case INTERRUPTED -> "interrupted";
    };
  }

  /**
   * Whether two trace entries agree: equal text, or both the same call ending in a trap where one
   * side's kind is unknown ({@code ?}: a V8 message the driver does not map) or ambiguous ({@code
   * float-to-int}).
   */
  public static boolean agree(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    int ta = a.lastIndexOf(" -> trap ");
    int tb = b.lastIndexOf(" -> trap ");
    if (ta < 0 || tb < 0 || !a.substring(0, ta).equals(b.substring(0, tb))) {
      return false;
    }
    return compatible(a.substring(ta + 9), b.substring(tb + 9))
        || compatible(b.substring(tb + 9), a.substring(ta + 9));
  }

  /**
   * Whether V8's kind {@code v8} can stand for {@code other}: {@code ?} for anything, {@code
   * float-to-int} (V8's one message for float-to-integer traps) for the spec's two kinds.
   */
  private static boolean compatible(String v8, String other) {
    return v8.equals("?")
        || (v8.equals("float-to-int") && (other.equals("overflow") || other.equals("conversion")));
  }
}
