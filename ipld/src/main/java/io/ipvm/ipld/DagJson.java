package io.ipvm.ipld;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * DAG-JSON. See {@link Ipld} for the Java data model.
 *
 * <p>Encoding: no whitespace; map keys sorted bytewise over their UTF-8 encoding; links as {@code
 * {"/": "<cid>"}} (CIDv1 in base32, CIDv0 in base58btc); bytes as {@code {"/": {"bytes": "<base64,
 * standard alphabet, no padding>"}}}; integers in decimal; floats in Java's shortest round-tripping
 * form, which always has a {@code .} or an exponent (so they read back as floats); strings with
 * only {@code "}, {@code \} and control characters escaped. NaN and infinities are rejected, as are
 * maps that would read back as a link or bytes (single key {@code "/"} whose value is a string or a
 * map of the single string entry {@code "bytes"}).
 *
 * <p>Decoding (Jackson's streaming JSON parser): any whitespace and key order are accepted
 * (re-encoding canonicalizes); duplicate keys, invalid links or base64, unpaired surrogates, floats
 * that overflow to infinity and trailing content are errors. Integers read as {@link Long}, or
 * {@link BigInteger} beyond the long range; how integers beyond DAG-CBOR's 64-bit range are treated
 * is chosen with {@link Numbers}.
 */
public final class DagJson {
  private DagJson() {}

  /** How integers that do not fit DAG-CBOR's 64-bit range are read. */
  public enum Numbers {
    /** Integers outside [-2^64, 2^64-1] are an error. */
    STRICT,
    /**
     * As serde_json (and so Homestar / libipld) reads JSON: integers outside both the i64 and the
     * u64 range become a {@link Double}. Needed to reproduce Homestar's CIDs, whose fixtures hold
     * {@code "fuel": 18446744073709552000}.
     */
    SERDE_JSON
  }

  private static final JsonFactory FACTORY = JsonFactory.builder().build();
  private static final BigInteger U64_MAX = Ipld.MAX_INTEGER;
  private static final BigInteger I64_MIN = BigInteger.valueOf(Long.MIN_VALUE);

  // ================================================================ encoding

  /** Encodes a data-model value as UTF-8 DAG-JSON. */
  public static byte[] encode(Object value) {
    return encodeToString(value).getBytes(StandardCharsets.UTF_8);
  }

  /** Encodes a data-model value as a DAG-JSON string. */
  public static String encodeToString(Object value) {
    StringBuilder sb = new StringBuilder(64);
    write(sb, value, 0);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v, int depth) {
    if (depth > DagCbor.MAX_DEPTH) {
      throw new IpldException("value nested deeper than " + DagCbor.MAX_DEPTH);
    }
    switch (v) {
      case null -> sb.append("null");
      case Boolean b -> sb.append(b);
      case Long l -> sb.append(l);
      case Integer i -> sb.append(i);
      case Short s -> sb.append(s);
      case Byte b -> sb.append(b);
      case BigInteger b -> {
        if (b.compareTo(Ipld.MIN_INTEGER) < 0 || b.compareTo(Ipld.MAX_INTEGER) > 0) {
          throw new IpldException("integer " + b + " is outside the IPLD 64-bit range");
        }
        sb.append(b);
      }
      case Double d -> writeDouble(sb, d);
      case Float f -> writeDouble(sb, f.doubleValue());
      case String s -> writeString(sb, s);
      case byte[] bytes ->
          sb.append("{\"/\":{\"bytes\":\"")
              .append(Base64.getEncoder().withoutPadding().encodeToString(bytes))
              .append("\"}}");
      case Cid cid -> sb.append("{\"/\":\"").append(cid).append("\"}");
      case List<?> list -> {
        sb.append('[');
        boolean first = true;
        for (Object e : list) {
          if (!first) sb.append(',');
          first = false;
          write(sb, e, depth + 1);
        }
        sb.append(']');
      }
      case Map<?, ?> map -> {
        TreeMap<byte[], Map.Entry<String, Object>> sorted = new TreeMap<>(Ipld.BYTEWISE);
        for (Map.Entry<?, ?> e : map.entrySet()) {
          if (!(e.getKey() instanceof String k)) {
            throw new IpldException(
                "map key must be a string, got "
                    + (e.getKey() == null ? "null" : e.getKey().getClass().getSimpleName()));
          }
          sorted.put(Ipld.utf8(k), new java.util.AbstractMap.SimpleEntry<>(k, e.getValue()));
        }
        if (sorted.size() == 1 && map.containsKey("/") && looksReserved(map.get("/"))) {
          throw new IpldException(
              "a map with the single key \"/\" holding a string or {\"bytes\": string} cannot be"
                  + " encoded in DAG-JSON (it would read back as a link or bytes)");
        }
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : sorted.values()) {
          if (!first) sb.append(',');
          first = false;
          writeString(sb, e.getKey());
          sb.append(':');
          write(sb, e.getValue(), depth + 1);
        }
        sb.append('}');
      }
      default ->
          throw new IpldException(
              "not an IPLD data-model value: " + v.getClass().getName() + " (see Ipld)");
    }
  }

  private static boolean looksReserved(Object slash) {
    return slash instanceof String
        || (slash instanceof Map<?, ?> m
            && m.size() == 1
            && m.containsKey("bytes")
            && m.get("bytes") instanceof String);
  }

  private static void writeDouble(StringBuilder sb, double d) {
    if (!Double.isFinite(d)) {
      throw new IpldException("DAG-JSON cannot encode " + d);
    }
    sb.append(formatDouble(d));
  }

  /**
   * A float as @ipld/dag-json writes it: ECMAScript's {@code Number.prototype.toString} (shortest
   * round-tripping digits; plain notation for decimal exponents from -6 to 21, otherwise {@code
   * 1.5e+21} / {@code 1e-7}), with {@code .0} appended when that looks like an integer. Java's
   * {@link Double#toString} supplies the same shortest digits (JDK 19+); only the layout differs.
   */
  static String formatDouble(double d) {
    if (d == 0) {
      return (Double.doubleToRawLongBits(d) < 0 ? "-" : "") + "0.0";
    }
    java.math.BigDecimal bd = new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros();
    if (bd.precision() == 2) {
      // Java prints two digits where one would do if the two-digit decimal is closer (4.9E-324);
      // ECMAScript takes the shortest.
      for (java.math.RoundingMode mode :
          new java.math.RoundingMode[] {
            java.math.RoundingMode.HALF_EVEN, java.math.RoundingMode.UP, java.math.RoundingMode.DOWN
          }) {
        java.math.BigDecimal one = bd.round(new java.math.MathContext(1, mode));
        if (Double.parseDouble(one.toString()) == d) {
          bd = one.stripTrailingZeros();
          break;
        }
      }
    }
    String digits = bd.unscaledValue().abs().toString();
    int k = digits.length();
    int n = k - bd.scale(); // value = 0.digits * 10^n
    StringBuilder sb = new StringBuilder(k + 8);
    if (d < 0) sb.append('-');
    if (k <= n && n <= 21) {
      sb.append(digits).append("0".repeat(n - k)).append(".0");
    } else if (0 < n && n <= 21) {
      sb.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      sb.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      sb.append(digits.charAt(0));
      if (k > 1) sb.append('.').append(digits, 1, k);
      sb.append('e').append(n - 1 >= 0 ? "+" : "-").append(Math.abs(n - 1));
    }
    return sb.toString();
  }

  private static void writeString(StringBuilder sb, String s) {
    Ipld.utf8(s); // rejects unpaired surrogates
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  // ================================================================ decoding

  /** Decodes UTF-8 DAG-JSON ({@link Numbers#STRICT}). */
  public static Object decode(byte[] json) {
    return decode(json, Numbers.STRICT);
  }

  /** Decodes a DAG-JSON string ({@link Numbers#STRICT}). */
  public static Object decode(String json) {
    return decode(json.getBytes(StandardCharsets.UTF_8), Numbers.STRICT);
  }

  /** Decodes UTF-8 DAG-JSON. */
  public static Object decode(byte[] json, Numbers numbers) {
    try (JsonParser p = FACTORY.createParser(json)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new IpldException("DAG-JSON: empty input");
      }
      Object v = value(p, t, numbers);
      if (p.nextToken() != null) {
        throw new IpldException(
            "DAG-JSON: trailing content after the top-level value at "
                + p.currentTokenLocation().getCharOffset());
      }
      return v;
    } catch (JsonProcessingException e) {
      throw new IpldException("DAG-JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IpldException("DAG-JSON: " + e.getMessage(), e);
    }
  }

  private static Object value(JsonParser p, JsonToken t, Numbers numbers) throws IOException {
    switch (t) {
      case VALUE_NULL:
        return null;
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_STRING:
        return string(p);
      case VALUE_NUMBER_INT:
        {
          if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return p.getLongValue();
          }
          BigInteger b = p.getBigIntegerValue();
          boolean fitsCbor = b.compareTo(Ipld.MIN_INTEGER) >= 0 && b.compareTo(U64_MAX) <= 0;
          if (numbers == Numbers.SERDE_JSON) {
            if (b.compareTo(I64_MIN) < 0 || b.compareTo(U64_MAX) > 0) {
              return finite(p, b.doubleValue());
            }
            return Ipld.integer(b);
          }
          if (!fitsCbor) {
            throw error(p, "integer " + b + " is outside the IPLD 64-bit range");
          }
          return Ipld.integer(b);
        }
      case VALUE_NUMBER_FLOAT:
        return finite(p, p.getDoubleValue());
      case START_ARRAY:
        {
          List<Object> list = new ArrayList<>();
          JsonToken e;
          while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            list.add(value(p, e, numbers));
          }
          return Collections.unmodifiableList(list);
        }
      case START_OBJECT:
        {
          Map<String, Object> map = new LinkedHashMap<>();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            Ipld.utf8(k);
            if (map.containsKey(k)) {
              throw error(p, "duplicate map key \"" + k + "\"");
            }
            map.put(k, value(p, p.nextToken(), numbers));
          }
          if (map.size() == 1 && map.containsKey("/")) {
            Object slash = map.get("/");
            if (slash instanceof String s) {
              try {
                return Cid.parse(s);
              } catch (IpldException e) {
                throw new IpldException(
                    "DAG-JSON: invalid link \"" + s + "\": " + e.getMessage(), e);
              }
            }
            if (slash instanceof Map<?, ?> m
                && m.size() == 1
                && m.get("bytes") instanceof String b64) {
              return Multibase.base64Decode(b64, false, "DAG-JSON bytes (base64)");
            }
          }
          return Collections.unmodifiableMap(sortedCopy(map));
        }
      default:
        throw error(p, "unexpected token " + t);
    }
  }

  /** Keys in DAG-JSON order, so that decoded maps iterate canonically. */
  private static Map<String, Object> sortedCopy(Map<String, Object> map) {
    List<String> keys = new ArrayList<>(map.keySet());
    keys.sort((a, b) -> Ipld.BYTEWISE.compare(Ipld.utf8(a), Ipld.utf8(b)));
    Map<String, Object> out = new LinkedHashMap<>(map.size() * 2);
    for (String k : keys) {
      out.put(k, map.get(k));
    }
    return out;
  }

  private static String string(JsonParser p) throws IOException {
    String s = p.getText();
    try {
      Ipld.utf8(s);
    } catch (IpldException e) {
      throw error(p, e.getMessage());
    }
    return s;
  }

  private static Double finite(JsonParser p, double d) {
    if (!Double.isFinite(d)) {
      throw error(p, "number does not fit a 64-bit float");
    }
    return d;
  }

  private static IpldException error(JsonParser p, String what) {
    return new IpldException(
        "DAG-JSON at offset " + p.currentTokenLocation().getCharOffset() + ": " + what);
  }
}
