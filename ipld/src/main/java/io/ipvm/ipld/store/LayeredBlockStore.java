package io.ipvm.ipld.store;

import io.ipvm.ipld.Cid;
import java.util.Optional;

/**
 * A local store in front of a remote one. {@code get} looks in the local store first, then in the
 * remote one; what comes from the remote store is verified against the CID ({@link
 * CorruptBlockException} if it does not match, and nothing is cached) and then kept in the local
 * store. A local block found corrupt is fetched from the remote store again. {@code put} writes to
 * the local store, and also to the remote one if the store was made with {@code writeThrough}.
 */
public final class LayeredBlockStore implements BlockStore {
  private final BlockStore local;
  private final BlockStore remote;
  private final boolean writeThrough;

  /** Puts go to the local store only. */
  public LayeredBlockStore(BlockStore local, BlockStore remote) {
    this(local, remote, false);
  }

  public LayeredBlockStore(BlockStore local, BlockStore remote, boolean writeThrough) {
    this.local = local;
    this.remote = remote;
    this.writeThrough = writeThrough;
  }

  @Override
  public void put(Cid cid, byte[] data) {
    local.put(cid, data);
    if (writeThrough) {
      remote.put(cid, data);
    }
  }

  @Override
  public Optional<byte[]> get(Cid cid) {
    CorruptBlockException localCorrupt = null;
    try {
      Optional<byte[]> found = local.get(cid);
      if (found.isPresent()) {
        return found;
      }
    } catch (CorruptBlockException e) {
      localCorrupt = e;
    }
    Optional<byte[]> fetched = remote.get(cid);
    if (fetched.isEmpty()) {
      if (localCorrupt != null) {
        throw localCorrupt;
      }
      return fetched;
    }
    byte[] data = fetched.get();
    Blocks.checkRead(cid, data, "remote store " + remote);
    local.put(cid, data);
    return Optional.of(data);
  }

  @Override
  public boolean has(Cid cid) {
    return local.has(cid) || remote.has(cid);
  }

  @Override
  public String toString() {
    return "LayeredBlockStore(" + local + " over " + remote + ")";
  }
}
