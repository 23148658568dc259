package io.ipvm.tools;

import io.ipvm.wasm.ValType;
import java.util.regex.Pattern;

/**
 * Command-line text to WebAssembly values and back.
 *
 * <p>Input: {@code i32} and {@code i64} in decimal, signed or unsigned ({@code -1} and {@code
 * 4294967295} are the same i32), or in hex with {@code 0x} (an optional sign before it); {@code
 * f32} and {@code f64} in decimal ({@code 1.5}, {@code -2e10}), as hex floats ({@code 0x1.8p3}, the
 * {@code p} exponent optional), {@code inf}, {@code -inf}, {@code nan}, {@code -nan} or {@code
 * nan:0xPAYLOAD}; reference parameters only as {@code null}.
 *
 * <p>Output: integers in signed decimal; finite floats as Java's {@link Float#toString} / {@link
 * Double#toString} (the shortest decimal that reads back as the same value: {@code 1.5}, {@code
 * 1.0E10}, {@code -0.0}); infinities as {@code inf} / {@code -inf}; NaNs as in the WebAssembly text
 * format: {@code nan} for the canonical NaN, {@code -nan} with the sign bit set, {@code nan:0x...}
 * (with its sign) for any other payload. Every output reads back as the same bits.
 */
final class WasmValues {
  private WasmValues() {}

  /** Why a text is not a value of the wanted type (the message says what is accepted). */
  static final class BadValue extends Exception {
    private static final long serialVersionUID = 1L;

    BadValue(String message) {
      super(message, null, false, false);
    }
  }

  /** Parses {@code text} as a value of {@code type}, boxed as {@code WasmFunction.call} wants. */
  static Object parse(ValType type, String text) throws BadValue {
    return switch (type) {
      case I32 -> (int) parseInteger(text, 32);
      case I64 -> parseInteger(text, 64);
      case F32 -> parseF32(text);
      case F64 -> parseF64(text);
      case FUNCREF, EXTERNREF -> {
        if (text.equals("null")) {
          yield null;
        }
        throw new BadValue("a " + type.wasmName() + " can only be given as null");
      }
    };
  }

  // ---- integers ----------------------------------------------------------------------------

  private static long parseInteger(String text, int bits) throws BadValue {
    int i = 0;
    boolean negative = false;
    if (!text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
      negative = text.charAt(0) == '-';
      i = 1;
    }
    int radix = 10;
    if (text.startsWith("0x", i) || text.startsWith("0X", i)) {
      radix = 16;
      i += 2;
    }
    String digits = text.substring(i);
    if (digits.isEmpty() || !allDigits(digits, radix)) {
      throw new BadValue(
          "not an integer (give decimal such as 42 or -7, or hex such as 0x2a)"
              + (looksLikeFloat(text) ? "; a float is not accepted for an integer parameter" : ""));
    }
    long magnitude;
    try {
      magnitude = Long.parseUnsignedLong(digits, radix);
    } catch (NumberFormatException e) {
      throw outOfRange(bits);
    }
    if (bits == 32) {
      long limit = negative ? 1L << 31 : 0xFFFF_FFFFL;
      if (Long.compareUnsigned(magnitude, limit) > 0) {
        throw outOfRange(bits);
      }
    } else if (negative && Long.compareUnsigned(magnitude, 1L << 63) > 0) {
      throw outOfRange(bits);
    }
    return negative ? -magnitude : magnitude;
  }

  private static BadValue outOfRange(int bits) {
    return new BadValue(
        bits == 32
            ? "out of range for i32 (accepted: -2147483648 to 4294967295)"
            : "out of range for i64 (accepted: -9223372036854775808 to 18446744073709551615)");
  }

  private static boolean allDigits(String s, int radix) {
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      boolean ok =
          (c >= '0' && c <= '9')
              || (radix == 16 && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean looksLikeFloat(String text) {
    String body = unsigned(text).toLowerCase(java.util.Locale.ROOT);
    return body.equals("inf") || body.startsWith("nan") || Floats.DECIMAL.matcher(body).matches();
  }

  // ---- floats ------------------------------------------------------------------------------

  /** Regular expressions for float syntax, compiled only when a float is parsed. */
  private static final class Floats {
    static final Pattern DECIMAL =
        Pattern.compile("(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    static final Pattern HEX =
        Pattern.compile(
            "0[xX](?:[0-9a-fA-F]+(?:\\.[0-9a-fA-F]*)?|\\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?");
  }

  private static final String FLOAT_SYNTAX =
      "not a float (give decimal such as 1.5 or -2e10, hex such as 0x1.8p3, inf, -inf, nan or"
          + " nan:0x1)";

  private static float parseF32(String text) throws BadValue {
    boolean negative = text.startsWith("-");
    String body = unsigned(text).toLowerCase(java.util.Locale.ROOT);
    if (body.equals("inf") || body.equals("infinity")) {
      return negative ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
    }
    if (body.startsWith("nan")) {
      int payload = (int) nanPayload(body, 23);
      return Float.intBitsToFloat((negative ? 0x8000_0000 : 0) | 0x7f80_0000 | payload);
    }
    float f = Float.parseFloat(javaSyntax(text));
    if (Float.isInfinite(f)) {
      throw new BadValue("out of range for f32 (largest finite: 3.4028235E38)");
    }
    return f;
  }

  private static double parseF64(String text) throws BadValue {
    boolean negative = text.startsWith("-");
    String body = unsigned(text).toLowerCase(java.util.Locale.ROOT);
    if (body.equals("inf") || body.equals("infinity")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (body.startsWith("nan")) {
      long payload = nanPayload(body, 52);
      return Double.longBitsToDouble(
          (negative ? 0x8000_0000_0000_0000L : 0) | 0x7ff0_0000_0000_0000L | payload);
    }
    double d = Double.parseDouble(javaSyntax(text));
    if (Double.isInfinite(d)) {
      throw new BadValue("out of range for f64 (largest finite: 1.7976931348623157E308)");
    }
    return d;
  }

  /** The payload of {@code nan} (canonical: top mantissa bit) or {@code nan:0xHEX}. */
  private static long nanPayload(String body, int mantissaBits) throws BadValue {
    long canonical = 1L << (mantissaBits - 1);
    if (body.equals("nan")) {
      return canonical;
    }
    String max = "0x" + Long.toHexString((1L << mantissaBits) - 1);
    if (!body.startsWith("nan:0x") || !allDigits(body.substring(6), 16) || body.length() == 6) {
      throw new BadValue(
          "not a NaN (give nan, -nan or nan:0xPAYLOAD with 0x1 <= PAYLOAD <= " + max + ")");
    }
    long payload;
    try {
      payload = Long.parseUnsignedLong(body.substring(6), 16);
    } catch (NumberFormatException e) {
      payload = -1;
    }
    if (payload <= 0 || payload >= 1L << mantissaBits) {
      throw new BadValue("NaN payload out of range (accepted: 0x1 to " + max + ")");
    }
    return payload;
  }

  /** Checks the syntax of a finite float and returns it in a form Java's parsers read exactly. */
  private static String javaSyntax(String text) throws BadValue {
    String body = unsigned(text);
    if (Floats.DECIMAL.matcher(body).matches()) {
      return text;
    }
    if (Floats.HEX.matcher(body).matches()) {
      // Java needs the binary exponent that WebAssembly's text format lets one leave out.
      return body.indexOf('p') < 0 && body.indexOf('P') < 0 ? text + "p0" : text;
    }
    throw new BadValue(FLOAT_SYNTAX);
  }

  private static String unsigned(String text) {
    return text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
  }

  // ---- output ------------------------------------------------------------------------------

  /** The text of a result (see the class comment for the rules). */
  static String format(ValType type, Object value) {
    return switch (type) {
      case I32, I64 -> value.toString();
      case F32 -> formatF32((Float) value);
      case F64 -> formatF64((Double) value);
      case FUNCREF, EXTERNREF -> value == null ? "null" : "<" + type.wasmName() + ">";
    };
  }

  /** A result as a JSON value: a number where JSON has one, else the string {@link #format}. */
  static String json(ValType type, Object value) {
    return switch (type) {
      case I32, I64 -> value.toString();
      case F32 -> {
        float f = (Float) value;
        yield Float.isFinite(f) ? Float.toString(f) : Json.quote(formatF32(f));
      }
      case F64 -> {
        double d = (Double) value;
        yield Double.isFinite(d) ? Double.toString(d) : Json.quote(formatF64(d));
      }
      case FUNCREF, EXTERNREF -> value == null ? "null" : Json.quote(format(type, value));
    };
  }

  static String formatF32(float f) {
    if (Float.isNaN(f)) {
      int bits = Float.floatToRawIntBits(f);
      return nan(bits < 0, bits & 0x7f_ffff, 1 << 22);
    }
    if (Float.isInfinite(f)) {
      return f > 0 ? "inf" : "-inf";
    }
    return Float.toString(f);
  }

  static String formatF64(double d) {
    if (Double.isNaN(d)) {
      long bits = Double.doubleToRawLongBits(d);
      return nan(bits < 0, bits & 0xf_ffff_ffff_ffffL, 1L << 51);
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    return Double.toString(d);
  }

  private static String nan(boolean negative, long payload, long canonical) {
    String sign = negative ? "-" : "";
    return payload == canonical ? sign + "nan" : sign + "nan:0x" + Long.toHexString(payload);
  }
}
