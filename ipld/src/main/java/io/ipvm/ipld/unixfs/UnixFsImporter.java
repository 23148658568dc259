package io.ipvm.ipld.unixfs;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.store.BlockStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Imports a file as UnixFS the way {@code ipfs add --cid-version=1 --raw-leaves} does (Kubo and
 * js-ipfs, ipfs-unixfs-importer's defaults): fixed-size chunks of 262,144 bytes stored as raw
 * blocks (CIDv1, sha2-256), combined by the balanced layout (at most 174 links per node) into
 * dag-pb File nodes. A file of one chunk (up to 256 KiB, including the empty file) is that raw
 * block itself.
 */
public final class UnixFsImporter {
  public static final int CHUNK_SIZE = 262_144;
  public static final int MAX_LINKS = 174;

  private UnixFsImporter() {}

  /** A node of the tree: its CID, the file bytes under it and the encoded size of its subtree. */
  private record Entry(Cid cid, long fileSize, long tsize) {}

  public static Cid add(Path file, BlockStore store) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return add(in, store);
    }
  }

  public static Cid add(InputStream in, BlockStore store) throws IOException {
    List<Entry> leaves = new ArrayList<>();
    while (true) {
      byte[] chunk = in.readNBytes(CHUNK_SIZE);
      if (chunk.length == 0 && !leaves.isEmpty()) {
        break;
      }
      Cid cid = store.put(Multicodec.RAW, chunk);
      leaves.add(new Entry(cid, chunk.length, chunk.length));
      if (chunk.length < CHUNK_SIZE) {
        break;
      }
    }
    if (leaves.size() == 1) {
      return leaves.get(0).cid();
    }
    List<Entry> level = leaves;
    while (level.size() > 1) {
      List<Entry> parents = new ArrayList<>();
      for (int i = 0; i < level.size(); i += MAX_LINKS) {
        parents.add(parent(level.subList(i, Math.min(level.size(), i + MAX_LINKS)), store));
      }
      level = parents;
    }
    return level.get(0).cid();
  }

  private static Entry parent(List<Entry> children, BlockStore store) {
    List<DagPb.Link> links = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    long fileSize = 0;
    long tsize = 0;
    for (Entry c : children) {
      if (c.fileSize() == 0) {
        continue; // empty leaves are left out, as ipfs-unixfs-importer does
      }
      links.add(new DagPb.Link(c.cid(), "", c.tsize()));
      sizes.add(c.fileSize());
      fileSize += c.fileSize();
      tsize += c.tsize();
    }
    byte[] data = new UnixFsData(UnixFsData.FILE, null, fileSize, sizes).encode();
    byte[] block = DagPb.encode(new DagPb.Node(links, data));
    Cid cid = store.put(Multicodec.DAG_PB, block);
    return new Entry(cid, fileSize, block.length + tsize);
  }
}
