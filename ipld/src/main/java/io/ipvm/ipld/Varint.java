package io.ipvm.ipld;

import java.io.ByteArrayOutputStream;

/**
 * Unsigned varints as used by multiformats (LEB128, least significant group first). Values are
 * limited to 63 bits (at most 9 bytes), as the multiformats unsigned-varint spec requires, and the
 * encoding must be minimal: a final byte of {@code 0x00} after other bytes is rejected as overlong.
 */
public final class Varint {
  /** Maximum number of bytes a varint may take (multiformats limit). */
  public static final int MAX_BYTES = 9;

  private Varint() {}

  /** A decoded value and the number of bytes it occupied. */
  public record Decoded(long value, int length) {}

  /** Encodes a non-negative value. */
  public static byte[] encode(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(MAX_BYTES);
    write(out, value);
    return out.toByteArray();
  }

  /** Number of bytes {@link #encode} produces for {@code value}. */
  public static int size(long value) {
    checkValue(value);
    int n = 1;
    while ((value >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  /** Appends the encoding of a non-negative value. */
  public static void write(ByteArrayOutputStream out, long value) {
    checkValue(value);
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  private static void checkValue(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("varint value must be non-negative: " + value);
    }
  }

  /** Decodes a varint that must span exactly the whole array. */
  public static long decodeExact(byte[] bytes) {
    Decoded d = decode(bytes, 0);
    if (d.length() != bytes.length) {
      throw new IpldException(
          "trailing bytes after varint (" + (bytes.length - d.length()) + " extra)");
    }
    return d.value();
  }

  /** Decodes the varint starting at {@code offset}. */
  public static Decoded decode(byte[] bytes, int offset) {
    long value = 0;
    for (int i = 0; ; i++) {
      int pos = offset + i;
      if (i >= MAX_BYTES) {
        throw new IpldException("varint longer than " + MAX_BYTES + " bytes");
      }
      if (pos >= bytes.length) {
        throw new IpldException("truncated varint");
      }
      int b = bytes[pos] & 0xFF;
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new IpldException("overlong varint (non-minimal encoding)");
        }
        if (value < 0) {
          throw new IpldException("varint exceeds 63 bits");
        }
        return new Decoded(value, i + 1);
      }
    }
  }
}
