package io.ipvm.ipld;

import java.io.ByteArrayOutputStream;
import java.util.Objects;

/**
 * A content identifier. CIDv0 is a bare sha2-256 multihash of dag-pb content, written in base58btc
 * without multibase prefix ("Qm…"). CIDv1 is {@code varint(1) varint(codec) multihash}, written in
 * any supported multibase (base32 lower by default, "b…").
 *
 * <p>Any codec and hash function code is accepted when parsing (CIDs name content this node may not
 * understand); {@link Multicodec} and {@link Multihash} name the ones this module knows.
 */
public final class Cid {
  private final int version;
  private final long codec;
  private final Multihash multihash;

  private Cid(int version, long codec, Multihash multihash) {
    this.version = version;
    this.codec = codec;
    this.multihash = Objects.requireNonNull(multihash, "multihash");
  }

  /** A CIDv0: the multihash must be sha2-256 (32 bytes); the codec is dag-pb. */
  public static Cid v0(Multihash multihash) {
    if (multihash.code() != Multihash.SHA2_256 || multihash.digestLength() != 32) {
      throw new IpldException("CIDv0 needs a 32-byte sha2-256 multihash, got " + multihash);
    }
    return new Cid(0, Multicodec.DAG_PB, multihash);
  }

  /** A CIDv1. */
  public static Cid v1(long codec, Multihash multihash) {
    if (codec < 0) {
      throw new IllegalArgumentException("negative codec");
    }
    return new Cid(1, codec, multihash);
  }

  /** The CIDv1 of {@code data} with the given codec, hashed with {@code multihashCode}. */
  public static Cid of(long codec, long multihashCode, byte[] data) {
    return v1(codec, Multihash.digest(multihashCode, data));
  }

  /** Parses a CID string: CIDv0 ("Qm…", 46 characters) or a multibase-encoded CIDv1. */
  public static Cid parse(String text) {
    if (text.length() == 46 && text.startsWith("Qm")) {
      byte[] bytes = Multibase.base58Decode(text);
      return fromBytes(bytes);
    }
    if (text.isEmpty()) {
      throw new IpldException("empty CID string");
    }
    byte[] bytes = Multibase.decode(text);
    if (bytes.length > 0 && bytes[0] == 0x12) {
      throw new IpldException("a CIDv0 must not carry a multibase prefix: " + text);
    }
    return fromBytes(bytes);
  }

  /** Decodes a binary CID that spans the whole array. */
  public static Cid fromBytes(byte[] bytes) {
    Read r = read(bytes, 0);
    if (r.length() != bytes.length) {
      throw new IpldException(
          "trailing bytes after CID (" + (bytes.length - r.length()) + " extra)");
    }
    return r.cid();
  }

  /** A decoded CID and how many bytes it took. */
  public record Read(Cid cid, int length) {}

  /** Decodes the binary CID starting at {@code offset}. */
  public static Read read(byte[] bytes, int offset) {
    if (offset >= bytes.length) {
      throw new IpldException("empty CID");
    }
    if (bytes.length - offset >= 2 && bytes[offset] == 0x12 && bytes[offset + 1] == 0x20) {
      Multihash.Read mh = Multihash.read(bytes, offset);
      return new Read(v0(mh.multihash()), mh.length());
    }
    Varint.Decoded version = Varint.decode(bytes, offset);
    if (version.value() != 1) {
      throw new IpldException("unsupported CID version " + version.value());
    }
    int pos = offset + version.length();
    Varint.Decoded codec;
    try {
      codec = Varint.decode(bytes, pos);
    } catch (IpldException e) {
      throw new IpldException("truncated CID: bad codec (" + e.getMessage() + ")", e);
    }
    pos += codec.length();
    if (pos >= bytes.length) {
      throw new IpldException("truncated CID: no multihash");
    }
    Multihash.Read mh = Multihash.read(bytes, pos);
    return new Read(new Cid(1, codec.value(), mh.multihash()), pos + mh.length() - offset);
  }

  public int version() {
    return version;
  }

  public long codec() {
    return codec;
  }

  public Multihash multihash() {
    return multihash;
  }

  /** The binary CID (for CIDv0: the bare multihash). */
  public byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(40);
    if (version == 1) {
      Varint.write(out, 1);
      Varint.write(out, codec);
    }
    multihash.write(out);
    return out.toByteArray();
  }

  /** This CID as CIDv1 (itself if already v1). */
  public Cid toV1() {
    return version == 1 ? this : new Cid(1, codec, multihash);
  }

  /** The string form: base58btc for CIDv0, base32 lower for CIDv1. */
  @Override
  public String toString() {
    return version == 0
        ? Multibase.base58Encode(bytes())
        : Multibase.encode(Multibase.Base.BASE32, bytes());
  }

  /** The string form of a CIDv1 in the given multibase. */
  public String toString(Multibase.Base base) {
    if (version == 0) {
      if (base == Multibase.Base.BASE58BTC) {
        return toString();
      }
      throw new IpldException("a CIDv0 can only be written in base58btc (without prefix)");
    }
    return Multibase.encode(base, bytes());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cid c
        && c.version == version
        && c.codec == codec
        && c.multihash.equals(multihash);
  }

  @Override
  public int hashCode() {
    return (version * 31 + Long.hashCode(codec)) * 31 + multihash.hashCode();
  }
}
