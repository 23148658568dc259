package io.ipvm.ipld.store;

import io.ipvm.ipld.Cid;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link BlockStore} in a concurrent hash map, for tests and as a cache. Nothing is evicted. */
public final class MemoryBlockStore implements BlockStore {
  private final ConcurrentHashMap<Cid, byte[]> blocks = new ConcurrentHashMap<>();

  @Override
  public void put(Cid cid, byte[] data) {
    Blocks.checkPut(cid, data);
    blocks.putIfAbsent(cid.toV1(), data.clone());
  }

  @Override
  public Optional<byte[]> get(Cid cid) {
    byte[] data = blocks.get(cid.toV1());
    return data == null ? Optional.empty() : Optional.of(data.clone());
  }

  @Override
  public boolean has(Cid cid) {
    return blocks.containsKey(cid.toV1());
  }

  /** How many blocks are stored. */
  public int size() {
    return blocks.size();
  }
}
