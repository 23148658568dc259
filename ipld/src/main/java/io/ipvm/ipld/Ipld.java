package io.ipvm.ipld;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The IPLD data model as plain Java values, shared by {@link DagCbor} and {@link DagJson}.
 *
 * <table>
 *   <caption>IPLD kinds and their Java types</caption>
 *   <tr><th>kind</th><th>decoders produce</th><th>encoders also accept</th></tr>
 *   <tr><td>null</td><td>{@code null}</td><td></td></tr>
 *   <tr><td>boolean</td><td>{@link Boolean}</td><td></td></tr>
 *   <tr><td>integer</td><td>{@link Long}; {@link BigInteger} only outside the long range (up to
 *       ±2<sup>64</sup>)</td><td>{@link Integer}, {@link Short}, {@link Byte}, any
 *       {@link BigInteger} in [-2<sup>64</sup>, 2<sup>64</sup>-1]</td></tr>
 *   <tr><td>float</td><td>{@link Double} (finite)</td><td>{@link Float}</td></tr>
 *   <tr><td>string</td><td>{@link String}</td><td></td></tr>
 *   <tr><td>bytes</td><td>{@code byte[]}</td><td></td></tr>
 *   <tr><td>list</td><td>{@link List} (unmodifiable)</td><td>any {@link List}</td></tr>
 *   <tr><td>map</td><td>{@link Map}{@code <String, ?>} (unmodifiable, keys in the codec's
 *       canonical order)</td><td>any {@link Map} with {@link String} keys</td></tr>
 *   <tr><td>link</td><td>{@link Cid}</td><td></td></tr>
 * </table>
 */
public final class Ipld {
  private Ipld() {}

  /** Smallest integer DAG-CBOR can hold: -2^64. */
  public static final BigInteger MIN_INTEGER = BigInteger.ONE.shiftLeft(64).negate();

  /** Largest integer DAG-CBOR can hold: 2^64 - 1. */
  public static final BigInteger MAX_INTEGER =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  /** DAG-CBOR's map key order: shorter UTF-8 encoding first, then bytewise. */
  public static final Comparator<byte[]> LENGTH_FIRST =
      (a, b) ->
          a.length != b.length ? Integer.compare(a.length, b.length) : Arrays.compareUnsigned(a, b);

  /** DAG-JSON's map key order: bytewise over the UTF-8 encoding. */
  public static final Comparator<byte[]> BYTEWISE = Arrays::compareUnsigned;

  static byte[] utf8(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          throw new IpldException("string contains an unpaired surrogate at index " + i);
        }
      }
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Deep equality of two data-model values: byte arrays by content, integers by value whatever
   * their Java type, floats by bits ({@code Float} widened), lists element-wise, maps entry-wise
   * regardless of order.
   */
  public static boolean equals(Object a, Object b) {
    if (a == b) return true;
    if (a == null || b == null) return false;
    if (isInteger(a) && isInteger(b)) return toBigInteger(a).equals(toBigInteger(b));
    if ((a instanceof Double || a instanceof Float)
        && (b instanceof Double || b instanceof Float)) {
      return Double.doubleToLongBits(((Number) a).doubleValue())
          == Double.doubleToLongBits(((Number) b).doubleValue());
    }
    if (a instanceof byte[] x && b instanceof byte[] y) return Arrays.equals(x, y);
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) return false;
      Iterator<?> i = x.iterator();
      Iterator<?> j = y.iterator();
      while (i.hasNext()) {
        if (!equals(i.next(), j.next())) return false;
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) return false;
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !equals(e.getValue(), y.get(e.getKey()))) return false;
      }
      return true;
    }
    return a.equals(b);
  }

  static boolean isInteger(Object o) {
    return o instanceof Long
        || o instanceof Integer
        || o instanceof Short
        || o instanceof Byte
        || o instanceof BigInteger;
  }

  static BigInteger toBigInteger(Object o) {
    return o instanceof BigInteger b ? b : BigInteger.valueOf(((Number) o).longValue());
  }

  /** Normalizes a decoded integer: {@link Long} when it fits, else {@link BigInteger}. */
  static Object integer(BigInteger v) {
    return v.bitLength() < 64 ? (Object) v.longValue() : v;
  }
}
