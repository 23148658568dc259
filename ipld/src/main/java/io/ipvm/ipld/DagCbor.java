package io.ipvm.ipld;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DAG-CBOR in its strict canonical form. See {@link Ipld} for the Java data model.
 *
 * <p>Encoding: minimal-length heads, map keys sorted by UTF-8 length then bytewise, every float as
 * 64-bit ({@code 0xfb}), links as tag 42 over bytes {@code 0x00 + CID}. NaN and infinities are
 * rejected.
 *
 * <p>Decoding accepts only what the encoder produces: it rejects non-minimal heads, indefinite
 * lengths, float16/float32, NaN/infinities, tags other than 42, undefined and other simple values,
 * non-string map keys, unsorted or duplicate map keys, invalid UTF-8 and trailing bytes.
 */
public final class DagCbor {
  /** Tag of a CID link. */
  public static final int CID_TAG = 42;

  /** Nesting depth beyond which decoding gives up (guards the stack). */
  public static final int MAX_DEPTH = 512;

  private DagCbor() {}

  // ================================================================ encoding

  /** Encodes a data-model value. */
  public static byte[] encode(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    write(out, value, 0);
    return out.toByteArray();
  }

  /** The CIDv1 (dag-cbor) of the encoding of {@code value}, hashed with {@code multihashCode}. */
  public static Cid cid(Object value, long multihashCode) {
    return Cid.of(Multicodec.DAG_CBOR, multihashCode, encode(value));
  }

  private static void write(ByteArrayOutputStream out, Object v, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IpldException("value nested deeper than " + MAX_DEPTH);
    }
    switch (v) {
      case null -> out.write(0xf6);
      case Boolean b -> out.write(b ? 0xf5 : 0xf4);
      case Long l -> writeInteger(out, l);
      case Integer i -> writeInteger(out, i);
      case Short s -> writeInteger(out, s);
      case Byte b -> writeInteger(out, b);
      case BigInteger b -> {
        if (b.compareTo(Ipld.MIN_INTEGER) < 0 || b.compareTo(Ipld.MAX_INTEGER) > 0) {
          throw new IpldException("integer " + b + " does not fit in 64-bit CBOR");
        }
        if (b.signum() >= 0) {
          head(out, 0, b.longValue());
        } else {
          head(out, 1, b.negate().subtract(BigInteger.ONE).longValue());
        }
      }
      case Double d -> writeDouble(out, d);
      case Float f -> writeDouble(out, f.doubleValue());
      case String s -> {
        byte[] u = Ipld.utf8(s);
        head(out, 3, u.length);
        out.writeBytes(u);
      }
      case byte[] bytes -> {
        head(out, 2, bytes.length);
        out.writeBytes(bytes);
      }
      case Cid cid -> {
        byte[] c = cid.bytes();
        head(out, 6, CID_TAG);
        head(out, 2, c.length + 1);
        out.write(0);
        out.writeBytes(c);
      }
      case List<?> list -> {
        head(out, 4, list.size());
        for (Object e : list) {
          write(out, e, depth + 1);
        }
      }
      case Map<?, ?> map -> {
        List<Map.Entry<byte[], Object>> entries = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
          if (!(e.getKey() instanceof String k)) {
            throw new IpldException(
                "map key must be a string, got "
                    + (e.getKey() == null ? "null" : e.getKey().getClass().getSimpleName()));
          }
          entries.add(Map.entry(Ipld.utf8(k), e.getValue() == null ? NULL : e.getValue()));
        }
        entries.sort((a, b) -> Ipld.LENGTH_FIRST.compare(a.getKey(), b.getKey()));
        head(out, 5, entries.size());
        for (Map.Entry<byte[], Object> e : entries) {
          head(out, 3, e.getKey().length);
          out.writeBytes(e.getKey());
          write(out, e.getValue() == NULL ? null : e.getValue(), depth + 1);
        }
      }
      default ->
          throw new IpldException(
              "not an IPLD data-model value: " + v.getClass().getName() + " (see Ipld)");
    }
  }

  /** Stand-in for null map values (Map.entry does not take null). */
  private static final Object NULL = new Object();

  private static void writeInteger(ByteArrayOutputStream out, long v) {
    if (v >= 0) {
      head(out, 0, v);
    } else {
      head(out, 1, -1 - v);
    }
  }

  private static void writeDouble(ByteArrayOutputStream out, double d) {
    if (!Double.isFinite(d)) {
      throw new IpldException("DAG-CBOR cannot encode " + d);
    }
    long bits = Double.doubleToRawLongBits(d);
    out.write(0xfb);
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (bits >>> shift));
    }
  }

  /** Writes a head with the minimal argument length; {@code arg} is read as unsigned. */
  private static void head(ByteArrayOutputStream out, int major, long arg) {
    int mt = major << 5;
    if (arg >= 0 && arg < 24) {
      out.write(mt | (int) arg);
    } else if (arg >= 0 && arg <= 0xFF) {
      out.write(mt | 24);
      out.write((int) arg);
    } else if (arg >= 0 && arg <= 0xFFFF) {
      out.write(mt | 25);
      out.write((int) (arg >>> 8));
      out.write((int) arg);
    } else if (arg >= 0 && arg <= 0xFFFF_FFFFL) {
      out.write(mt | 26);
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.write((int) (arg >>> shift));
      }
    } else {
      out.write(mt | 27);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (arg >>> shift));
      }
    }
  }

  // ================================================================ decoding

  /** Decodes one value that must span the whole array. */
  public static Object decode(byte[] bytes) {
    Decoder d = new Decoder(bytes);
    Object v = d.value(0);
    if (d.pos != bytes.length) {
      throw new IpldException(
          "DAG-CBOR at offset "
              + d.pos
              + ": trailing bytes after the top-level value ("
              + (bytes.length - d.pos)
              + " extra)");
    }
    return v;
  }

  private static final class Decoder {
    final byte[] b;
    int pos;

    Decoder(byte[] b) {
      this.b = b;
    }

    IpldException error(int at, String what) {
      return new IpldException("DAG-CBOR at offset " + at + ": " + what);
    }

    int u8() {
      if (pos >= b.length) {
        throw error(pos, "truncated input");
      }
      return b[pos++] & 0xFF;
    }

    long be(int n) {
      if (b.length - pos < n) {
        throw error(pos, "truncated input (need " + n + " bytes, " + (b.length - pos) + " left)");
      }
      long v = 0;
      for (int i = 0; i < n; i++) {
        v = (v << 8) | (b[pos++] & 0xFF);
      }
      return v;
    }

    /** Reads a head's argument for additional info {@code ai}; returns it as unsigned 64-bit. */
    long argument(int start, int ai) {
      return switch (ai) {
        case 24 -> {
          long v = be(1);
          if (v < 24)
            throw error(start, "non-minimal integer/length encoding (1 byte for " + v + ")");
          yield v;
        }
        case 25 -> {
          long v = be(2);
          if (v <= 0xFF)
            throw error(start, "non-minimal integer/length encoding (2 bytes for " + v + ")");
          yield v;
        }
        case 26 -> {
          long v = be(4);
          if (v <= 0xFFFF)
            throw error(start, "non-minimal integer/length encoding (4 bytes for " + v + ")");
          yield v;
        }
        case 27 -> {
          long v = be(8);
          if (Long.compareUnsigned(v, 0xFFFF_FFFFL) <= 0) {
            throw error(start, "non-minimal integer/length encoding (8 bytes for " + v + ")");
          }
          yield v;
        }
        case 28, 29, 30 -> throw error(start, "reserved additional information " + ai);
        case 31 -> throw error(start, "indefinite-length items are not allowed");
        default -> ai;
      };
    }

    int length(int start, long arg) {
      if (arg < 0 || arg > b.length - pos) {
        throw error(
            start,
            "truncated input (length "
                + Long.toUnsignedString(arg)
                + ", "
                + (b.length - pos)
                + " bytes left)");
      }
      return (int) arg;
    }

    Object value(int depth) {
      if (depth > MAX_DEPTH) {
        throw error(pos, "nesting deeper than " + MAX_DEPTH);
      }
      int start = pos;
      int ib = u8();
      int major = ib >>> 5;
      int ai = ib & 31;
      if (major == 7) {
        return simple(start, ai);
      }
      long arg = argument(start, ai);
      switch (major) {
        case 0:
          return arg >= 0 ? (Object) arg : new BigInteger(Long.toUnsignedString(arg));
        case 1:
          return arg >= 0
              ? (Object) (-1 - arg)
              : new BigInteger(Long.toUnsignedString(arg)).add(BigInteger.ONE).negate();
        case 2:
          {
            int n = length(start, arg);
            byte[] out = Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
          }
        case 3:
          return string(start, length(start, arg));
        case 4:
          {
            int n = length(start, arg); // each element takes at least one byte
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
              list.add(value(depth + 1));
            }
            return Collections.unmodifiableList(list);
          }
        case 5:
          {
            int n = length(start, arg); // each entry takes at least two bytes
            Map<String, Object> map = new LinkedHashMap<>(Math.max(4, n * 2));
            byte[] prev = null;
            for (int i = 0; i < n; i++) {
              int keyStart = pos;
              int kb = u8();
              if (kb >>> 5 != 3) {
                throw error(keyStart, "map key must be a string (major type " + (kb >>> 5) + ")");
              }
              int klen = length(keyStart, argument(keyStart, kb & 31));
              byte[] key = Arrays.copyOfRange(b, pos, pos + klen);
              String k = string(keyStart, klen);
              if (prev != null) {
                int c = Ipld.LENGTH_FIRST.compare(prev, key);
                if (c == 0) throw error(keyStart, "duplicate map key \"" + k + "\"");
                if (c > 0) {
                  throw error(
                      keyStart,
                      "map keys not in canonical order (length-first, then bytewise): \""
                          + k
                          + "\" after \""
                          + new String(prev, StandardCharsets.UTF_8)
                          + "\"");
                }
              }
              prev = key;
              map.put(k, value(depth + 1));
            }
            return Collections.unmodifiableMap(map);
          }
        case 6:
          {
            if (arg != CID_TAG) {
              throw error(start, "tag " + Long.toUnsignedString(arg) + " is not allowed (only 42)");
            }
            int bs = pos;
            int bb = u8();
            if (bb >>> 5 != 2) {
              throw error(bs, "tag 42 must wrap a byte string");
            }
            int n = length(bs, argument(bs, bb & 31));
            if (n == 0 || b[pos] != 0) {
              throw error(bs, "CID bytes in tag 42 must start with the 0x00 multibase prefix");
            }
            byte[] cidBytes = Arrays.copyOfRange(b, pos + 1, pos + n);
            pos += n;
            try {
              return Cid.fromBytes(cidBytes);
            } catch (IpldException e) {
              throw new IpldException(
                  "DAG-CBOR at offset " + bs + ": invalid CID in tag 42: " + e.getMessage(), e);
            }
          }
        default:
          throw new AssertionError(major);
      }
    }

    Object simple(int start, int ai) {
      switch (ai) {
        case 20:
          return Boolean.FALSE;
        case 21:
          return Boolean.TRUE;
        case 22:
          return null;
        case 23:
          throw error(start, "undefined is not allowed");
        case 25:
          throw error(start, "float16 is not allowed (floats must be 64-bit)");
        case 26:
          throw error(start, "float32 is not allowed (floats must be 64-bit)");
        case 27:
          {
            double d = Double.longBitsToDouble(be(8));
            if (!Double.isFinite(d)) {
              throw error(start, "NaN and infinities are not allowed");
            }
            return d;
          }
        case 31:
          throw error(start, "unexpected break (indefinite-length items are not allowed)");
        default:
          throw error(start, "simple value " + ai + " is not allowed");
      }
    }

    String string(int start, int n) {
      try {
        String s =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(b, pos, n))
                .toString();
        pos += n;
        return s;
      } catch (CharacterCodingException e) {
        throw error(start, "string is not valid UTF-8");
      }
    }
  }
}
