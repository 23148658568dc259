package io.ipvm.ipld;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Multibase: a one-character prefix naming the base, then the data in that base. Supported: base32
 * lower ({@code 'b'}, RFC 4648 alphabet, no padding), base58btc ({@code 'z'}) and base64url ({@code
 * 'u'}, RFC 4648 §5, no padding). Decoding is strict: wrong case, padding, characters outside the
 * alphabet and non-zero trailing bits are errors.
 */
public final class Multibase {
  private Multibase() {}

  /** The supported bases. */
  public enum Base {
    BASE32('b'),
    BASE58BTC('z'),
    BASE64URL('u');

    private final char prefix;

    Base(char prefix) {
      this.prefix = prefix;
    }

    public char prefix() {
      return prefix;
    }

    /** The base for a multibase prefix character. */
    public static Base forPrefix(char prefix) {
      for (Base b : values()) {
        if (b.prefix == prefix) {
          return b;
        }
      }
      throw new IpldException("unknown multibase prefix '" + prefix + "'");
    }

    /** The data in this base, without prefix. */
    public String encodeRaw(byte[] data) {
      return switch (this) {
        case BASE32 -> Multibase.base32Encode(data);
        case BASE58BTC -> Multibase.base58Encode(data);
        case BASE64URL -> Multibase.base64UrlEncode(data);
      };
    }

    /** Decodes data in this base, given without prefix. */
    public byte[] decodeRaw(String text) {
      return switch (this) {
        case BASE32 -> Multibase.base32Decode(text);
        case BASE58BTC -> Multibase.base58Decode(text);
        case BASE64URL -> Multibase.base64UrlDecode(text);
      };
    }
  }

  /** Prefix + encoded data. */
  public static String encode(Base base, byte[] data) {
    return base.prefix() + base.encodeRaw(data);
  }

  /** Decodes a prefixed multibase string. */
  public static byte[] decode(String text) {
    if (text.isEmpty()) {
      throw new IpldException("empty multibase string");
    }
    return Base.forPrefix(text.charAt(0)).decodeRaw(text.substring(1));
  }

  /** The base a prefixed multibase string uses. */
  public static Base baseOf(String text) {
    if (text.isEmpty()) {
      throw new IpldException("empty multibase string");
    }
    return Base.forPrefix(text.charAt(0));
  }

  // ---------------------------------------------------------------- base32 (RFC 4648, lower case)

  private static final char[] B32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  static String base32Encode(byte[] data) {
    StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xFF);
      bits += 8;
      while (bits >= 5) {
        sb.append(B32[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(B32[(buffer << (5 - bits)) & 31]);
    }
    return sb.toString();
  }

  static byte[] base32Decode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int v;
      if (c >= 'a' && c <= 'z') {
        v = c - 'a';
      } else if (c >= '2' && c <= '7') {
        v = c - '2' + 26;
      } else if (c == '=') {
        throw new IpldException("base32: padding is not allowed");
      } else {
        throw new IpldException("base32: invalid character '" + c + "' at " + i);
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >>> (bits - 8)) & 0xFF);
        bits -= 8;
      }
    }
    int rem = text.length() % 8;
    if (rem == 1 || rem == 3 || rem == 6) {
      throw new IpldException("invalid base32 length " + text.length());
    }
    if ((buffer & ((1 << bits) - 1)) != 0) {
      throw new IpldException("base32: non-zero trailing bits");
    }
    return out.toByteArray();
  }

  // ---------------------------------------------------------------- base58btc

  private static final String B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final BigInteger FIFTY_EIGHT = BigInteger.valueOf(58);

  static String base58Encode(byte[] data) {
    int zeros = 0;
    while (zeros < data.length && data[zeros] == 0) {
      zeros++;
    }
    StringBuilder sb = new StringBuilder();
    BigInteger n = new BigInteger(1, data);
    while (n.signum() > 0) {
      BigInteger[] qr = n.divideAndRemainder(FIFTY_EIGHT);
      sb.append(B58.charAt(qr[1].intValue()));
      n = qr[0];
    }
    sb.append("1".repeat(zeros));
    return sb.reverse().toString();
  }

  static byte[] base58Decode(String text) {
    int zeros = 0;
    while (zeros < text.length() && text.charAt(zeros) == '1') {
      zeros++;
    }
    BigInteger n = BigInteger.ZERO;
    for (int i = zeros; i < text.length(); i++) {
      char c = text.charAt(i);
      int v = B58.indexOf(c);
      if (v < 0) {
        throw new IpldException("base58btc: invalid character '" + c + "' at " + i);
      }
      n = n.multiply(FIFTY_EIGHT).add(BigInteger.valueOf(v));
    }
    byte[] mag = n.signum() == 0 ? new byte[0] : n.toByteArray();
    if (mag.length > 0 && mag[0] == 0) {
      mag = Arrays.copyOfRange(mag, 1, mag.length);
    }
    byte[] out = new byte[zeros + mag.length];
    System.arraycopy(mag, 0, out, zeros, mag.length);
    return out;
  }

  // ---------------------------------------------------------------- base64url (no padding)

  static String base64UrlEncode(byte[] data) {
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(data);
  }

  static byte[] base64UrlDecode(String text) {
    return base64Decode(text, true, "base64url");
  }

  /**
   * Strict unpadded base64 decoding (standard or URL alphabet): no padding, no whitespace, no
   * characters of the other alphabet, zero trailing bits.
   */
  static byte[] base64Decode(String text, boolean url, String name) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || (url ? (c == '-' || c == '_') : (c == '+' || c == '/'));
      if (!ok) {
        if (c == '=') {
          throw new IpldException(name + ": padding is not allowed");
        }
        throw new IpldException(name + ": invalid character '" + c + "' at " + i);
      }
    }
    if (text.length() % 4 == 1) {
      throw new IpldException(name + ": invalid length " + text.length());
    }
    int rem = text.length() % 4;
    if (rem != 0) {
      char last = text.charAt(text.length() - 1);
      int v = base64Value(last);
      int unusedBits = rem == 2 ? 4 : 2;
      if ((v & ((1 << unusedBits) - 1)) != 0) {
        throw new IpldException(name + ": non-zero trailing bits");
      }
    }
    java.util.Base64.Decoder d =
        url ? java.util.Base64.getUrlDecoder() : java.util.Base64.getDecoder();
    return d.decode(text);
  }

  private static int base64Value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    return c == '+' || c == '-' ? 62 : 63;
  }
}
