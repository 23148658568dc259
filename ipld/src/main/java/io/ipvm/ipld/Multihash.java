package io.ipvm.ipld;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.bouncycastle.crypto.digests.SHA3Digest;

/**
 * A multihash: {@code varint(code) varint(length) digest}. Immutable (the digest is copied in and
 * out). Decoding accepts any hash function code, but checks the digest length of the known ones;
 * {@link #digest} computes only the supported functions: identity, sha2-256, sha3-256 and blake3
 * (32-byte output).
 */
public final class Multihash {
  public static final int IDENTITY = 0x00;
  public static final int SHA2_256 = 0x12;
  public static final int SHA3_256 = 0x16;
  public static final int BLAKE3 = 0x1e;

  /** Largest digest accepted when decoding (guards against absurd length prefixes). */
  public static final int MAX_DIGEST_LENGTH = 1 << 16;

  private final long code;
  private final byte[] digest;

  private Multihash(long code, byte[] digest) {
    this.code = code;
    this.digest = digest;
  }

  /** A multihash from a code and an already computed digest. */
  public static Multihash of(long code, byte[] digest) {
    if (code < 0) {
      throw new IllegalArgumentException("negative multihash code");
    }
    checkLength(code, digest.length);
    return new Multihash(code, digest.clone());
  }

  /** Hashes {@code data} with the function {@code code}. */
  public static Multihash digest(long code, byte[] data) {
    byte[] d;
    if (code == IDENTITY) {
      d = data.clone();
    } else if (code == SHA2_256) {
      try {
        d = MessageDigest.getInstance("SHA-256").digest(data);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    } else if (code == SHA3_256) {
      SHA3Digest sha3 = new SHA3Digest(256);
      sha3.update(data, 0, data.length);
      d = new byte[32];
      sha3.doFinal(d, 0);
    } else if (code == BLAKE3) {
      Blake3Digest b3 = new Blake3Digest(256);
      b3.update(data, 0, data.length);
      d = new byte[32];
      b3.doFinal(d, 0);
    } else {
      throw new IpldException("unsupported multihash function 0x" + Long.toHexString(code));
    }
    return new Multihash(code, d);
  }

  /** Digest length of a known function, or -1 (identity and unknown functions). */
  static int knownLength(long code) {
    return code == SHA2_256 || code == SHA3_256 || code == BLAKE3 ? 32 : -1;
  }

  private static void checkLength(long code, int length) {
    int known = knownLength(code);
    if (known >= 0 && known != length) {
      throw new IpldException(
          "wrong digest length for " + name(code) + ": " + length + " bytes, expected " + known);
    }
  }

  /** A readable name of a hash function code. */
  public static String name(long code) {
    if (code == IDENTITY) return "identity";
    if (code == SHA2_256) return "sha2-256";
    if (code == SHA3_256) return "sha3-256";
    if (code == BLAKE3) return "blake3";
    return "0x" + Long.toHexString(code);
  }

  /** A decoded multihash and how many bytes it took. */
  public record Read(Multihash multihash, int length) {}

  /** Decodes a multihash spanning the whole array. */
  public static Multihash decode(byte[] bytes) {
    Read r = read(bytes, 0);
    if (r.length() != bytes.length) {
      throw new IpldException(
          "trailing bytes after multihash (" + (bytes.length - r.length()) + " extra)");
    }
    return r.multihash();
  }

  /** Decodes the multihash starting at {@code offset}; bytes after it are left alone. */
  public static Read read(byte[] bytes, int offset) {
    Varint.Decoded code;
    Varint.Decoded len;
    try {
      code = Varint.decode(bytes, offset);
      len = Varint.decode(bytes, offset + code.length());
    } catch (IpldException e) {
      throw new IpldException("truncated or malformed multihash header: " + e.getMessage(), e);
    }
    if (len.value() > MAX_DIGEST_LENGTH) {
      throw new IpldException("multihash digest length " + len.value() + " is too large");
    }
    int start = offset + code.length() + len.length();
    int n = (int) len.value();
    if (bytes.length - start < n) {
      throw new IpldException(
          "truncated multihash: digest needs " + n + " bytes, " + (bytes.length - start) + " left");
    }
    checkLength(code.value(), n);
    byte[] d = Arrays.copyOfRange(bytes, start, start + n);
    return new Read(new Multihash(code.value(), d), start + n - offset);
  }

  public long code() {
    return code;
  }

  /** A copy of the digest. */
  public byte[] digest() {
    return digest.clone();
  }

  int digestLength() {
    return digest.length;
  }

  /** The binary multihash. */
  public byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(digest.length + 4);
    write(out);
    return out.toByteArray();
  }

  void write(ByteArrayOutputStream out) {
    Varint.write(out, code);
    Varint.write(out, digest.length);
    out.writeBytes(digest);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Multihash m && m.code == code && Arrays.equals(m.digest, digest);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(code) * 31 + Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return name(code) + ":" + HexFormat.of().formatHex(digest);
  }
}
