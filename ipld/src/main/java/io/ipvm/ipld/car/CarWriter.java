package io.ipvm.ipld.car;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.DagCbor;
import io.ipvm.ipld.DagJson;
import io.ipvm.ipld.IpldException;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.Varint;
import io.ipvm.ipld.store.BlockStore;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes CARv1 files: a header {@code varint(len) DAG-CBOR {"roots": [cid, ...], "version": 1}},
 * then every block reachable from the roots as {@code varint(len(cid) + len(data)) cid data}.
 *
 * <p>The DAG is walked depth-first, pre-order (a block, then what its links lead to, in the order
 * the links appear in the block), each block written once (the first time it is reached), roots in
 * the order given — the order of {@code ipfs dag export}. Links are followed in dag-pb ({@code
 * PBNode.Links[].Hash}), dag-cbor (tag 42) and dag-json ({@code {"/": cid}}) blocks; raw and other
 * codecs are leaves. CIDs are written as they are linked (a CIDv0 stays 34 bytes).
 */
public final class CarWriter {
  private CarWriter() {}

  /** Exports the DAG under {@code root}; returns the CIDs written, in order. */
  public static List<Cid> write(Cid root, BlockStore store, OutputStream out) throws IOException {
    return write(List.of(root), store, out);
  }

  /**
   * Exports the DAGs under {@code roots} into one CAR; returns the CIDs written, in order.
   *
   * @throws CarException if a block is missing from the store or cannot be decoded for its links
   */
  public static List<Cid> write(List<Cid> roots, BlockStore store, OutputStream out)
      throws IOException {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(out, "out");
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("a CAR needs at least one root");
    }
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("roots", List.copyOf(roots));
    header.put("version", 1L);
    byte[] h = DagCbor.encode(header);
    out.write(Varint.encode(h.length));
    out.write(h);

    List<Cid> written = new ArrayList<>();
    Set<Cid> seen = new HashSet<>();
    Deque<Cid[]> stack = new ArrayDeque<>(); // {cid, parent}
    for (int i = roots.size() - 1; i >= 0; i--) {
      stack.push(new Cid[] {roots.get(i), null});
    }
    while (!stack.isEmpty()) {
      Cid[] e = stack.pop();
      Cid cid = e[0];
      if (!seen.add(cid.toV1())) {
        continue;
      }
      byte[] data =
          store
              .get(cid)
              .orElseThrow(
                  () ->
                      new CarException(
                          "CAR export: block "
                              + cid
                              + (e[1] == null ? " (a root)" : " (linked from " + e[1] + ")")
                              + " is not in the store"));
      byte[] c = cid.bytes();
      out.write(Varint.encode((long) c.length + data.length));
      out.write(c);
      out.write(data);
      written.add(cid);
      List<Cid> links = links(cid, data);
      for (int i = links.size() - 1; i >= 0; i--) {
        stack.push(new Cid[] {links.get(i), cid});
      }
    }
    return written;
  }

  /** The CIDs {@code data} (the block {@code cid}) links to, in order. */
  public static List<Cid> links(Cid cid, byte[] data) {
    List<Cid> links = new ArrayList<>();
    try {
      long codec = cid.codec();
      if (codec == Multicodec.DAG_PB) {
        DagPbLinks.read(data, links);
      } else if (codec == Multicodec.DAG_CBOR) {
        collect(DagCbor.decode(data), links);
      } else if (codec == Multicodec.DAG_JSON) {
        collect(DagJson.decode(data), links);
      }
    } catch (IpldException | CarException e) {
      throw new CarException(
          "CAR export: cannot read the links of block " + cid + ": " + e.getMessage(), e);
    }
    return links;
  }

  private static void collect(Object v, List<Cid> out) {
    if (v instanceof Cid c) {
      out.add(c);
    } else if (v instanceof List<?> l) {
      for (Object o : l) {
        collect(o, out);
      }
    } else if (v instanceof Map<?, ?> m) {
      for (Object o : m.values()) {
        collect(o, out);
      }
    }
  }
}
