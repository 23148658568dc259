package io.ipvm.ipld.unixfs;

import io.ipvm.ipld.IpldException;
import io.ipvm.ipld.Varint;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The UnixFS {@code Data} protobuf (proto2): Type (1), Data (2), filesize (3), blocksizes (4,
 * repeated, not packed); other fields (hashType, fanout, mode, mtime) are skipped when reading.
 */
public record UnixFsData(int type, byte[] data, Long filesize, List<Long> blocksizes) {
  public static final int RAW = 0;
  public static final int DIRECTORY = 1;
  public static final int FILE = 2;
  public static final int METADATA = 3;
  public static final int SYMLINK = 4;
  public static final int HAMT_SHARD = 5;

  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x08);
    Varint.write(out, type);
    if (data != null) {
      out.write(0x12);
      Varint.write(out, data.length);
      out.writeBytes(data);
    }
    if (filesize != null) {
      out.write(0x18);
      Varint.write(out, filesize);
    }
    for (long s : blocksizes) {
      out.write(0x20);
      Varint.write(out, s);
    }
    return out.toByteArray();
  }

  public static UnixFsData decode(byte[] bytes) {
    Integer type = null;
    byte[] data = null;
    Long filesize = null;
    List<Long> sizes = new ArrayList<>();
    DagPb.Proto p = new DagPb.Proto(bytes, 0, bytes.length);
    while (p.more()) {
      long key = p.varint();
      int field = (int) (key >>> 3);
      int wire = (int) (key & 7);
      if (field == 1 && wire == 0) {
        type = (int) p.varint();
      } else if (field == 2 && wire == 2) {
        data = p.bytes();
      } else if (field == 3 && wire == 0) {
        filesize = p.varint();
      } else if (field == 4 && wire == 0) {
        sizes.add(p.varint());
      } else if (field == 4 && wire == 2) {
        byte[] packed = p.bytes();
        DagPb.Proto q = new DagPb.Proto(packed, 0, packed.length);
        while (q.more()) {
          sizes.add(q.varint());
        }
      } else {
        p.skip(wire);
      }
    }
    if (type == null) {
      throw new IpldException("UnixFS Data without Type");
    }
    return new UnixFsData(type, data, filesize, List.copyOf(sizes));
  }
}
