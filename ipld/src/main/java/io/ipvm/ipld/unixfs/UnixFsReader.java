package io.ipvm.ipld.unixfs;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.IpldException;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.store.BlockStore;
import io.ipvm.ipld.store.BlockStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads a UnixFS file back: a raw block, or a dag-pb node of type File (or Raw) whose data is its
 * own {@code Data} followed by its children's, depth first. Blocks are fetched as the stream is
 * read; a missing block is a {@link BlockStoreException}.
 */
public final class UnixFsReader {
  private UnixFsReader() {}

  /** Streams the file named by {@code cid}. */
  public static InputStream cat(Cid cid, BlockStore store) {
    return new CatStream(cid, store);
  }

  /** Reads the whole file. */
  public static byte[] readAll(Cid cid, BlockStore store) throws IOException {
    try (InputStream in = cat(cid, store)) {
      return in.readAllBytes();
    }
  }

  /** Copies the file to {@code out}; returns the byte count. */
  public static long cat(Cid cid, BlockStore store, OutputStream out) throws IOException {
    try (InputStream in = cat(cid, store)) {
      return in.transferTo(out);
    }
  }

  private static byte[] block(Cid cid, BlockStore store) {
    return store
        .get(cid)
        .orElseThrow(() -> new BlockStoreException(cid, "block not found: " + cid));
  }

  private static final class CatStream extends InputStream {
    private final BlockStore store;
    private final Deque<Cid> pending = new ArrayDeque<>();
    private byte[] buf = new byte[0];
    private int pos;

    CatStream(Cid root, BlockStore store) {
      this.store = store;
      pending.push(root);
    }

    /** Makes buf hold unread bytes; false at the end. */
    private boolean fill() {
      while (pos >= buf.length) {
        if (pending.isEmpty()) {
          return false;
        }
        Cid cid = pending.pop();
        byte[] bytes = block(cid, store);
        if (cid.codec() == Multicodec.RAW) {
          buf = bytes;
          pos = 0;
        } else if (cid.codec() == Multicodec.DAG_PB) {
          DagPb.Node node = DagPb.decode(bytes);
          if (node.data() == null) {
            throw new IpldException("not a UnixFS node (no Data): " + cid);
          }
          UnixFsData d = UnixFsData.decode(node.data());
          if (d.type() != UnixFsData.FILE && d.type() != UnixFsData.RAW) {
            throw new IpldException(
                "not a UnixFS file: " + cid + " has UnixFS type " + typeName(d.type()));
          }
          for (int i = node.links().size() - 1; i >= 0; i--) {
            pending.push(node.links().get(i).hash());
          }
          buf = d.data() == null ? new byte[0] : d.data();
          pos = 0;
        } else {
          throw new IpldException(
              "not a UnixFS file: " + cid + " has codec " + Multicodec.name(cid.codec()));
        }
      }
      return true;
    }

    @Override
    public int read() {
      return fill() ? buf[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int n = Math.min(len, buf.length - pos);
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  static String typeName(int type) {
    return switch (type) {
      case UnixFsData.RAW -> "Raw";
      case UnixFsData.DIRECTORY -> "Directory";
      case UnixFsData.FILE -> "File";
      case UnixFsData.METADATA -> "Metadata";
      case UnixFsData.SYMLINK -> "Symlink";
      case UnixFsData.HAMT_SHARD -> "HAMTShard";
      default -> String.valueOf(type);
    };
  }
}
