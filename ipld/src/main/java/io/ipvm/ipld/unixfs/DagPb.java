package io.ipvm.ipld.unixfs;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.IpldException;
import io.ipvm.ipld.Varint;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * dag-pb (codec 0x70) in the canonical form of the dag-pb spec: the PBNode's Links (field 2) are
 * written before its Data (field 1); in each PBLink, Hash (1), Name (2), Tsize (3), in that order,
 * each only when present.
 */
public final class DagPb {
  private DagPb() {}

  /** A PBLink. {@code name} and {@code tsize} may be null (absent). */
  public record Link(Cid hash, String name, Long tsize) {}

  /** A PBNode. {@code data} may be null (absent). */
  public record Node(List<Link> links, byte[] data) {}

  public static byte[] encode(Node node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Link link : node.links()) {
      byte[] l = encodeLink(link);
      out.write(0x12);
      Varint.write(out, l.length);
      out.writeBytes(l);
    }
    if (node.data() != null) {
      out.write(0x0a);
      Varint.write(out, node.data().length);
      out.writeBytes(node.data());
    }
    return out.toByteArray();
  }

  private static byte[] encodeLink(Link link) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] hash = link.hash().bytes();
    out.write(0x0a);
    Varint.write(out, hash.length);
    out.writeBytes(hash);
    if (link.name() != null) {
      byte[] name = link.name().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.write(0x12);
      Varint.write(out, name.length);
      out.writeBytes(name);
    }
    if (link.tsize() != null) {
      out.write(0x18);
      Varint.write(out, link.tsize());
    }
    return out.toByteArray();
  }

  /** Decodes a dag-pb block (fields in any order are accepted; unknown fields are errors). */
  public static Node decode(byte[] bytes) {
    List<Link> links = new ArrayList<>();
    byte[] data = null;
    Proto p = new Proto(bytes, 0, bytes.length);
    while (p.more()) {
      int key = (int) p.varint();
      if (key == 0x12) {
        links.add(decodeLink(p.bytes()));
      } else if (key == 0x0a && data == null) {
        data = p.bytes();
      } else {
        throw new IpldException("dag-pb: unexpected field key 0x" + Integer.toHexString(key));
      }
    }
    return new Node(List.copyOf(links), data);
  }

  private static Link decodeLink(byte[] bytes) {
    Cid hash = null;
    String name = null;
    Long tsize = null;
    Proto p = new Proto(bytes, 0, bytes.length);
    while (p.more()) {
      int key = (int) p.varint();
      if (key == 0x0a && hash == null) {
        hash = Cid.fromBytes(p.bytes());
      } else if (key == 0x12 && name == null) {
        name = new String(p.bytes(), java.nio.charset.StandardCharsets.UTF_8);
      } else if (key == 0x18 && tsize == null) {
        tsize = p.varint();
      } else {
        throw new IpldException("dag-pb link: unexpected field key 0x" + Integer.toHexString(key));
      }
    }
    if (hash == null) {
      throw new IpldException("dag-pb link without Hash");
    }
    return new Link(hash, name, tsize);
  }

  /** Minimal protobuf reader. */
  static final class Proto {
    private final byte[] b;
    private int pos;
    private final int end;

    Proto(byte[] b, int pos, int end) {
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    boolean more() {
      return pos < end;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw new IpldException("protobuf: truncated varint");
        }
        int x = b[pos++] & 0xff;
        v |= (long) (x & 0x7f) << shift;
        if (x < 0x80) {
          return v;
        }
      }
      throw new IpldException("protobuf: varint too long");
    }

    byte[] bytes() {
      long len = varint();
      if (len < 0 || len > end - pos) {
        throw new IpldException("protobuf: truncated length-delimited field");
      }
      byte[] r = java.util.Arrays.copyOfRange(b, pos, pos + (int) len);
      pos += (int) len;
      return r;
    }

    void skip(int wireType) {
      switch (wireType) {
        case 0 -> varint();
        case 2 -> bytes();
        case 1 -> pos += 8;
        case 5 -> pos += 4;
        default -> throw new IpldException("protobuf: unsupported wire type " + wireType);
      }
      if (pos > end) {
        throw new IpldException("protobuf: truncated field");
      }
    }
  }
}
