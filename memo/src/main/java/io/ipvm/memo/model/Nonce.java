package io.ipvm.memo.model;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An instruction's nonce ({@code nnc}) in one of the three forms the reference node accepts. The
 * form is kept as given, because it is part of the instruction's CID: a string nonce is written
 * back as the same string, a bytes nonce as bytes.
 *
 * <ul>
 *   <li>{@link Empty}: {@code ""} — no nonce; a missing {@code nnc} reads as this too and is
 *       written as {@code "nnc": ""};
 *   <li>{@link Text}: a base32hex string (RFC 4648 "extended hex" alphabet {@code 0-9a-v}, no
 *       padding) that decodes to 12 bytes (an xid, 20 characters) or 16 bytes (a UUID, 26
 *       characters);
 *   <li>{@link Bytes}: IPLD bytes of length 12 or 16.
 * </ul>
 *
 * <p>Text nonces are accepted in lower case (what the reference node generates) and upper case; the
 * unused low bits of the last character must be zero, so every accepted string is the canonical
 * encoding of its bytes.
 */
public sealed interface Nonce permits Nonce.Empty, Nonce.Text, Nonce.Bytes {
  /** The empty nonce {@code ""}. */
  Nonce EMPTY = new Empty();

  /** The nonce's IPLD value: {@code ""}, the string, or the bytes (a copy). */
  Object toIpld();

  /** The nonce's bytes: empty for {@link Empty}, the decoded bytes of a {@link Text}. */
  byte[] bytes();

  /** The empty nonce {@code ""}. */
  record Empty() implements Nonce {
    @Override
    public Object toIpld() {
      return "";
    }

    @Override
    public byte[] bytes() {
      return new byte[0];
    }
  }

  /** A base32hex string nonce; {@link #of(String)} validates it. */
  record Text(String text) implements Nonce {
    /** Validates {@code text}: see {@link Nonce#fromIpld}. */
    public Text {
      decodeBase32Hex(text, "");
    }

    @Override
    public Object toIpld() {
      return text;
    }

    @Override
    public byte[] bytes() {
      return decodeBase32Hex(text, "");
    }
  }

  /** A 12- or 16-byte nonce held as IPLD bytes. */
  record Bytes(byte[] value) implements Nonce {
    /** Copies and validates {@code value} (12 or 16 bytes). */
    public Bytes {
      if (value.length != 12 && value.length != 16) {
        throw new ModelException("", "nonce bytes must be 12 or 16 bytes, got " + value.length);
      }
      value = value.clone();
    }

    /** A copy of the nonce's bytes. */
    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public Object toIpld() {
      return value.clone();
    }

    @Override
    public byte[] bytes() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Bytes[" + HexFormat.of().formatHex(value) + "]";
    }
  }

  /** A string nonce: {@code ""} gives {@link #EMPTY}, anything else must be valid base32hex. */
  static Nonce of(String text) {
    return fromIpld(text, "");
  }

  /**
   * Reads an {@code nnc} value: {@code null} (a missing field) or {@code ""} → {@link Empty}; a
   * string → {@link Text}; bytes → {@link Bytes}. Errors name {@code path}.
   */
  static Nonce fromIpld(Object v, String path) {
    if (v == null || "".equals(v)) {
      return EMPTY;
    }
    try {
      if (v instanceof String s) {
        return new Text(s);
      }
      if (v instanceof byte[] b) {
        return new Bytes(b);
      }
    } catch (ModelException e) {
      throw new ModelException(path, e.problem());
    }
    throw new ModelException(
        path, "nonce must be \"\", a base32hex string or bytes, got " + IpldValues.kind(v));
  }

  /**
   * Decodes base32hex without padding (either case) and checks the result is 12 or 16 bytes. Errors
   * name {@code path}.
   */
  static byte[] decodeBase32Hex(String s, String path) {
    int n = s.length();
    // characters first: "!!!" is a wrong alphabet, not a wrong length
    for (int i = 0; i < n; i++) {
      if (digit(s.charAt(i)) < 0) {
        throw new ModelException(
            path,
            "base32hex nonce has an invalid character '"
                + s.charAt(i)
                + "' at index "
                + i
                + " (base32hex digits are 0-9 and a-v)");
      }
    }
    if (n != 20 && n != 26) {
      throw new ModelException(
          path,
          "base32hex nonce must be 20 or 26 characters (12 or 16 bytes), got " + n + " characters");
    }
    byte[] out = new byte[n * 5 / 8];
    long buffer = 0;
    int bits = 0;
    int pos = 0;
    for (int i = 0; i < n; i++) {
      int d = digit(s.charAt(i));
      buffer = (buffer << 5) | d;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out[pos++] = (byte) (buffer >>> bits);
        buffer &= (1L << bits) - 1;
      }
    }
    if (buffer != 0) {
      throw new ModelException(
          path, "base32hex nonce is not canonical: the last character's unused bits are not zero");
    }
    return out;
  }

  /** The value of base32hex digit {@code c} (either case), or -1. */
  private static int digit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    } else if (c >= 'a' && c <= 'v') {
      return c - 'a' + 10;
    } else if (c >= 'A' && c <= 'V') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
