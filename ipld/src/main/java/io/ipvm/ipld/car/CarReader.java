package io.ipvm.ipld.car;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.DagCbor;
import io.ipvm.ipld.IpldException;
import io.ipvm.ipld.Multihash;
import io.ipvm.ipld.store.BlockStore;
import io.ipvm.ipld.store.BlockStoreException;
import io.ipvm.ipld.store.Blocks;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads CARv1 files into a {@link BlockStore}. The header must be exactly the DAG-CBOR map {@code
 * {"roots": [cid, ...], "version": 1}} with at least one root; every block is verified against its
 * CID before it is stored (so nothing from a CAR with a bad block after it is lost, but no bad
 * block is ever stored). Errors are {@link CarException}s naming the block (index, CID) and byte
 * offset: a bad header, truncated input, a block that does not hash to its CID, a hash function
 * that cannot be verified here, a section longer than {@link #MAX_SECTION}.
 */
public final class CarReader {
  /** The largest header or block section accepted (go-car's default limit: 32 MiB). */
  public static final int MAX_SECTION = 32 << 20;

  private final InputStream in;
  private long offset;

  private CarReader(InputStream in) {
    this.in = in;
  }

  /**
   * Reads the CAR from {@code in} (to its end), puts every block into {@code store}, returns the
   * roots.
   */
  public static List<Cid> read(InputStream in, BlockStore store) throws IOException {
    Objects.requireNonNull(store, "store");
    CarReader r = new CarReader(Objects.requireNonNull(in, "in"));
    List<Cid> roots = r.header();
    for (int index = 0; ; index++) {
      long start = r.offset;
      Long len = r.varint(true, "block " + index);
      if (len == null) {
        return roots;
      }
      byte[] section = r.section(len, "block " + index + " at offset " + start);
      Cid.Read cr;
      try {
        cr = Cid.read(section, 0);
      } catch (IpldException e) {
        throw new CarException(
            "bad CAR: block " + index + " at offset " + start + ": invalid CID: " + e.getMessage(),
            e);
      }
      Cid cid = cr.cid();
      byte[] data = java.util.Arrays.copyOfRange(section, cr.length(), section.length);
      boolean ok;
      try {
        ok = Blocks.matches(cid, data);
      } catch (BlockStoreException e) {
        throw new CarException(
            "CAR block "
                + index
                + " ("
                + cid
                + ") at offset "
                + start
                + ": hash "
                + Multihash.name(cid.multihash().code())
                + " cannot be verified here",
            e);
      }
      if (!ok) {
        throw new CarException(
            "corrupt CAR: block "
                + index
                + " ("
                + cid
                + ") at offset "
                + start
                + ": its "
                + data.length
                + " bytes do not hash to the CID");
      }
      store.put(cid, data);
    }
  }

  private List<Cid> header() throws IOException {
    Long len = varint(true, "header");
    if (len == null) {
      throw new CarException("bad CAR: empty input (no header)");
    }
    byte[] h = section(len, "header");
    Object v;
    try {
      v = DagCbor.decode(h);
    } catch (IpldException e) {
      throw new CarException("bad CAR header: not DAG-CBOR: " + e.getMessage(), e);
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw new CarException("bad CAR header: not a map");
    }
    Object version = m.get("version");
    if (!(version instanceof Long l) || l != 1) {
      throw new CarException(
          "bad CAR header: version is "
              + version
              + (Long.valueOf(2).equals(version) ? " (CARv2 is not supported)" : ", not 1"));
    }
    if (!(m.get("roots") instanceof List<?> rl)) {
      throw new CarException("bad CAR header: no \"roots\" list");
    }
    if (m.size() != 2) {
      throw new CarException("bad CAR header: unexpected keys " + m.keySet());
    }
    if (rl.isEmpty()) {
      throw new CarException("bad CAR header: no roots");
    }
    List<Cid> roots = new ArrayList<>();
    for (Object o : rl) {
      if (!(o instanceof Cid c)) {
        throw new CarException("bad CAR header: a root is not a CID: " + o);
      }
      roots.add(c);
    }
    return List.copyOf(roots);
  }

  private byte[] section(long len, String what) throws IOException {
    if (len == 0) {
      throw new CarException("bad CAR: " + what + " has length 0");
    }
    if (len > MAX_SECTION) {
      throw new CarException(
          "bad CAR: " + what + " claims " + len + " bytes (more than " + MAX_SECTION + ")");
    }
    byte[] b = in.readNBytes((int) len);
    offset += b.length;
    if (b.length < len) {
      throw new CarException(
          "truncated CAR: " + what + " needs " + len + " bytes, only " + b.length + " left");
    }
    return b;
  }

  /** A varint; null at a clean end of input if {@code eofOk}. */
  private Long varint(boolean eofOk, String what) throws IOException {
    long v = 0;
    long start = offset;
    for (int i = 0; i < 9; i++) {
      int x = in.read();
      if (x < 0) {
        if (i == 0 && eofOk) {
          return null;
        }
        throw new CarException(
            "truncated CAR: the length of " + what + " at offset " + start + " is cut off");
      }
      offset++;
      if (i > 0 && x == 0) {
        throw new CarException(
            "bad CAR: non-minimal varint length of " + what + " at offset " + start);
      }
      v |= (long) (x & 0x7f) << (7 * i);
      if (x < 0x80) {
        return v;
      }
    }
    throw new CarException(
        "bad CAR: varint length of " + what + " at offset " + start + " is too long");
  }
}
