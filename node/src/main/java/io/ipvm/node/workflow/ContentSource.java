package io.ipvm.node.workflow;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.IpldException;
import io.ipvm.ipld.store.BlockStore;
import io.ipvm.ipld.store.BlockStoreException;
import io.ipvm.ipld.unixfs.UnixFsReader;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a workflow's modules ({@code rsc}) and content arguments (top-level {@code {"/": cid}})
 * come from: by default the block store, read as UnixFS or a raw block with every block checked
 * against its CID ({@link UnixFsReader}). Tests and embedders may put modules under other names
 * ({@link #withModule}), e.g. to run the reference fixtures, whose module we do not have, with a
 * module of ours that behaves the same.
 */
public final class ContentSource {
  /** The content named by a CID or a resource is not available. */
  public static final class NotFound extends Exception {
    private static final long serialVersionUID = 1L;

    /** With a message naming what is missing and where it was looked for. */
    public NotFound(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  private final BlockStore store;
  private final Map<String, byte[]> modules;

  private ContentSource(BlockStore store, Map<String, byte[]> modules) {
    this.store = Objects.requireNonNull(store, "store");
    this.modules = modules;
  }

  /** Modules and content from {@code store}. */
  public static ContentSource of(BlockStore store) {
    return new ContentSource(store, Map.of());
  }

  /** The block store content is read from. */
  public BlockStore store() {
    return store;
  }

  /** This source, with {@code rsc} answered by {@code wasm} instead of the store. */
  public ContentSource withModule(String rsc, byte[] wasm) {
    Map<String, byte[]> m = new ConcurrentHashMap<>(modules);
    m.put(rsc, wasm.clone());
    return new ContentSource(store, Map.copyOf(m));
  }

  /**
   * The module bytes for a resource: {@code ipfs://CID}, a gateway path {@code …/ipfs/CID}, or a
   * bare CID.
   *
   * @throws NotFound when the rsc names no CID, or the store lacks a block of it
   */
  public byte[] module(String rsc) throws NotFound {
    byte[] given = modules.get(rsc);
    if (given != null) {
      return given;
    }
    Cid cid = cidOf(rsc);
    if (cid == null) {
      throw new NotFound(
          "the resource \""
              + rsc
              + "\" names no CID (expected ipfs://CID); this node fetches modules from its block"
              + " store only",
          null);
    }
    return read(cid, "the module " + rsc);
  }

  /**
   * The bytes of the file (UnixFS) or raw block {@code cid}.
   *
   * @throws NotFound when the store lacks a block of it or a block is corrupt
   */
  public byte[] content(Cid cid) throws NotFound {
    return read(cid, "the content " + cid);
  }

  private byte[] read(Cid cid, String what) throws NotFound {
    try {
      if (!store.has(cid)) {
        throw new NotFound(what + " is not in the block store", null);
      }
      return UnixFsReader.readAll(cid, store);
    } catch (IOException | IpldException | BlockStoreException e) {
      throw new NotFound("cannot read " + what + ": " + e.getMessage(), e);
    }
  }

  /** The CID a resource names, or null. */
  static Cid cidOf(String rsc) {
    String t = rsc;
    if (t.startsWith("ipfs://")) {
      t = t.substring("ipfs://".length());
    } else {
      int at = t.indexOf("/ipfs/");
      if (at >= 0) {
        t = t.substring(at + "/ipfs/".length());
      }
    }
    while (t.endsWith("/")) {
      t = t.substring(0, t.length() - 1);
    }
    if (t.isEmpty() || t.contains("/")) {
      return null;
    }
    try {
      return Cid.parse(t);
    } catch (IpldException | IllegalArgumentException e) {
      return null;
    }
  }
}
