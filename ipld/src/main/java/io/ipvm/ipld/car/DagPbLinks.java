package io.ipvm.ipld.car;

import io.ipvm.ipld.Cid;
import java.util.List;

/** Just enough protobuf to read the link hashes of a dag-pb {@code PBNode}. */
final class DagPbLinks {
  private DagPbLinks() {}

  /** Appends the {@code Hash} of every {@code PBNode.Links} entry (field 2) of {@code node}. */
  static void read(byte[] node, List<Cid> out) {
    int[] pos = {0};
    while (pos[0] < node.length) {
      long key = varint(node, pos);
      int field = (int) (key >>> 3);
      int wire = (int) (key & 7);
      if (wire != 2) {
        throw new CarException("dag-pb: unexpected wire type " + wire + " for field " + field);
      }
      int len = length(node, pos);
      if (field == 2) {
        Cid hash = linkHash(node, pos[0], pos[0] + len);
        if (hash == null) {
          throw new CarException("dag-pb: a link without Hash");
        }
        out.add(hash);
      } else if (field != 1) {
        throw new CarException("dag-pb: unexpected field " + field + " in PBNode");
      }
      pos[0] += len;
    }
  }

  private static Cid linkHash(byte[] b, int start, int end) {
    int[] pos = {start};
    Cid hash = null;
    while (pos[0] < end) {
      long key = varint(b, pos);
      int field = (int) (key >>> 3);
      int wire = (int) (key & 7);
      if (wire == 0) {
        varint(b, pos);
      } else if (wire == 2) {
        int len = length(b, pos);
        if (pos[0] + len > end) {
          throw new CarException("dag-pb: truncated PBLink");
        }
        if (field == 1) {
          byte[] h = java.util.Arrays.copyOfRange(b, pos[0], pos[0] + len);
          hash = Cid.fromBytes(h);
        }
        pos[0] += len;
      } else {
        throw new CarException("dag-pb: unexpected wire type " + wire + " in PBLink");
      }
    }
    return hash;
  }

  private static int length(byte[] b, int[] pos) {
    long len = varint(b, pos);
    if (len > b.length - pos[0]) {
      throw new CarException(
          "dag-pb: truncated (length " + len + ", " + (b.length - pos[0]) + " bytes left)");
    }
    return (int) len;
  }

  private static long varint(byte[] b, int[] pos) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos[0] >= b.length) {
        throw new CarException("dag-pb: truncated varint");
      }
      int x = b[pos[0]++] & 0xff;
      v |= (long) (x & 0x7f) << shift;
      if (x < 0x80) {
        return v;
      }
    }
    throw new CarException("dag-pb: varint too long");
  }
}
