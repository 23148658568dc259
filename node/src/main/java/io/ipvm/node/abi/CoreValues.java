package io.ipvm.node.abi;

import io.ipvm.wasm.ValType;
import java.math.BigInteger;

/**
 * IPLD scalars ↔ core Wasm values, directed by the export's core signature (the reference node does
 * the same by the WIT type, ipvm-formats.md §3.3).
 *
 * <p>Arguments ({@link #lower}):
 *
 * <ul>
 *   <li>an IPLD integer ({@code Long}, {@code Integer}, {@code Short}, {@code Byte}, {@code
 *       BigInteger}) goes to an i32 parameter if it lies in [-2<sup>31</sup>, 2<sup>32</sup>-1] and
 *       to an i64 parameter if it lies in [-2<sup>63</sup>, 2<sup>64</sup>-1] — signed or unsigned,
 *       since a core integer has no sign (4294967295 and -1 are the same i32); to an f32/f64
 *       parameter it is cast (rounded to the nearest float), as the reference node does;
 *   <li>an IPLD float ({@code Double}, {@code Float}) goes to f64 exactly and to f32 rounded to
 *       nearest; a finite value beyond the f32 range is an error, as are NaN and infinities (IPLD
 *       floats are finite). A float for an integer parameter is an error (no silent truncation);
 *   <li>a boolean goes to an i32 parameter as 1 or 0.
 * </ul>
 *
 * <p>Results ({@link #lift(Object, ValType, String)}) without a declared type: i32 and i64 as
 * <em>signed</em> integers ({@code Long}) — the reference node's fixtures declare {@code s32} and
 * {@code s64}, and a result meant as unsigned can be declared {@code u32}/{@code u64}; f64 as is;
 * f32 widened through its shortest decimal form (0.1f becomes 0.1, not 0.10000000149011612), as the
 * reference node does through a decimal. A NaN or infinite result is an error: DAG-CBOR, hence a
 * receipt, cannot hold it (the reference node canonicalizes NaNs and then fails to encode them).
 */
public final class CoreValues {
  private CoreValues() {}

  private static final BigInteger MIN_I64 = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX_U64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  /** Thrown by the conversions; {@link WasmCall} adds the function and argument index. */
  static final class ConversionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    ConversionException(String message) {
      super(message);
    }
  }

  /**
   * Converts one IPLD scalar for a core parameter of type {@code type}, boxed as {@link
   * io.ipvm.runtime.WasmFunction#call} takes it ({@code Integer}, {@code Long}, {@code Float},
   * {@code Double}).
   *
   * @throws IllegalArgumentException with a message naming the value and the type
   */
  public static Object lower(Object ipld, ValType type) {
    if (isInteger(ipld)) {
      BigInteger v = toBigInteger(ipld);
      return switch (type) {
        case I32 -> {
          // bitLength excludes the sign: -2^31 needs 31 bits, 2^32-1 (read unsigned) needs 32.
          if (v.bitLength() > (v.signum() < 0 ? 31 : 32)) {
            throw new ConversionException(
                "integer " + v + " does not fit an i32 (-2147483648 to 4294967295)");
          }
          yield v.intValue();
        }
        case I64 -> {
          if (v.compareTo(MIN_I64) < 0 || v.compareTo(MAX_U64) > 0) {
            throw new ConversionException(
                "integer "
                    + v
                    + " does not fit an i64 (-9223372036854775808 to 18446744073709551615)");
          }
          yield v.longValue();
        }
        case F32 -> v.floatValue();
        case F64 -> v.doubleValue();
        default -> throw unsupported(type);
      };
    }
    if (ipld instanceof Double || ipld instanceof Float) {
      double d = ((Number) ipld).doubleValue();
      if (!Double.isFinite(d)) {
        throw new ConversionException(d + " is not an IPLD float (IPLD floats are finite)");
      }
      return switch (type) {
        case F64 -> d;
        case F32 -> {
          float f = (float) d;
          if (Float.isInfinite(f)) {
            throw new ConversionException("float " + d + " is beyond the f32 range");
          }
          yield f;
        }
        case I32, I64 ->
            throw new ConversionException(
                "expected an integer for the "
                    + type.wasmName()
                    + " parameter, got the float "
                    + d
                    + " (floats are not truncated)");
        default -> throw unsupported(type);
      };
    }
    if (ipld instanceof Boolean b) {
      if (type != ValType.I32) {
        throw new ConversionException(
            "a boolean is passed as an i32 (1 or 0), but the parameter is " + type.wasmName());
      }
      return b ? 1 : 0;
    }
    throw new ConversionException(
        "expected a number or boolean for the "
            + type.wasmName()
            + " parameter, got "
            + kind(ipld));
  }

  /**
   * Converts one core result to IPLD by its core type (see the class comment): {@code Long} for i32
   * and i64 (signed), {@code Double} for f32 and f64. {@code what} names the value in messages
   * (e.g. "result 0 of \"f\"").
   *
   * @throws IllegalArgumentException for NaN and infinities, which IPLD cannot hold
   */
  public static Object lift(Object core, ValType type, String what) {
    return switch (type) {
      case I32 -> (long) (Integer) core;
      case I64 -> (Long) core;
      case F32 -> widen((Float) core, what);
      case F64 -> finite((Double) core, what);
      default -> throw unsupported(type);
    };
  }

  /**
   * Converts a core result by a declared scalar WIT type, as the canonical ABI lifts it: {@code
   * Boolean} for bool, {@code Long} for the integers ({@code BigInteger} for a u64 above
   * 2<sup>63</sup>-1), {@code Double} for the floats, a one-code-point {@code String} for char.
   *
   * @throws IllegalArgumentException for a non-finite float or an invalid char
   */
  public static Object lift(Object core, WitType type, String what) {
    return switch (type) {
      case BOOL -> (Integer) core != 0;
      // The canonical ABI lifts the small integers by wrapping to their width.
      case S8 -> (long) (byte) (int) (Integer) core;
      case U8 -> (long) ((Integer) core & 0xff);
      case S16 -> (long) (short) (int) (Integer) core;
      case U16 -> (long) ((Integer) core & 0xffff);
      case S32 -> (long) (Integer) core;
      case U32 -> Integer.toUnsignedLong((Integer) core);
      case S64 -> (Long) core;
      case U64 -> {
        long v = (Long) core;
        yield v >= 0 ? (Object) v : new BigInteger(Long.toUnsignedString(v));
      }
      case F32 -> widen((Float) core, what);
      case F64 -> finite((Double) core, what);
      case CHAR -> {
        int c = (Integer) core;
        if (c < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
          throw new ConversionException(
              what + " is 0x" + Integer.toHexString(c) + ", not a Unicode scalar value (char)");
        }
        yield Character.toString(c);
      }
      case STRING, BYTES -> throw new IllegalStateException("buffers are lifted by CanonicalAbi");
    };
  }

  private static Object widen(float f, String what) {
    if (!Float.isFinite(f)) {
      throw new ConversionException(what + " is " + f + ", which IPLD cannot represent");
    }
    // Float.toString is the shortest decimal that reads back as this float; reading it as a double
    // gives the double nearest that decimal, the value a person reading the f32 means.
    return Double.parseDouble(Float.toString(f));
  }

  private static Object finite(double d, String what) {
    if (!Double.isFinite(d)) {
      throw new ConversionException(what + " is " + d + ", which IPLD cannot represent");
    }
    return d;
  }

  private static ConversionException unsupported(ValType type) {
    return new ConversionException(
        type.wasmName() + " values have no IPLD form (only i32, i64, f32 and f64 do)");
  }

  static boolean isInteger(Object o) {
    return o instanceof Long
        || o instanceof Integer
        || o instanceof Short
        || o instanceof Byte
        || o instanceof BigInteger;
  }

  private static BigInteger toBigInteger(Object o) {
    return o instanceof BigInteger b ? b : BigInteger.valueOf(((Number) o).longValue());
  }

  /** The IPLD kind of a value, for messages. */
  static String kind(Object ipld) {
    if (ipld == null) return "null";
    if (isInteger(ipld)) return "the integer " + ipld;
    if (ipld instanceof Double || ipld instanceof Float) return "the float " + ipld;
    if (ipld instanceof Boolean) return "the boolean " + ipld;
    if (ipld instanceof String) return "a string";
    if (ipld instanceof byte[]) return "bytes";
    if (ipld instanceof java.util.List) return "a list";
    if (ipld instanceof java.util.Map) return "a map";
    if (ipld instanceof io.ipvm.ipld.Cid) return "a link";
    return "a " + ipld.getClass().getName() + " (not an IPLD value)";
  }
}
