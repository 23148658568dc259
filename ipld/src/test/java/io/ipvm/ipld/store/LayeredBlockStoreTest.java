package io.ipvm.ipld.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.Multihash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayeredBlockStoreTest {
  @TempDir Path root;

  /** A remote store that counts its gets. */
  static final class CountingStore implements BlockStore {
    final MemoryBlockStore inner = new MemoryBlockStore();
    final AtomicInteger gets = new AtomicInteger();

    @Override
    public void put(Cid cid, byte[] data) {
      inner.put(cid, data);
    }

    @Override
    public Optional<byte[]> get(Cid cid) {
      gets.incrementAndGet();
      return inner.get(cid);
    }

    @Override
    public boolean has(Cid cid) {
      return inner.has(cid);
    }
  }

  @Test
  void remoteBlocksAreFetchedOnceAndCachedLocally() {
    MemoryBlockStore local = new MemoryBlockStore();
    CountingStore remote = new CountingStore();
    byte[] data = "remote block".getBytes(UTF_8);
    Cid cid = remote.inner.put(Multicodec.RAW, data);
    LayeredBlockStore s = new LayeredBlockStore(local, remote);

    assertTrue(s.has(cid));
    assertFalse(local.has(cid));
    assertArrayEquals(data, s.get(cid).orElseThrow());
    assertTrue(local.has(cid));
    assertArrayEquals(data, s.get(cid).orElseThrow());
    assertEquals(1, remote.gets.get());
  }

  @Test
  void localFirst() {
    MemoryBlockStore local = new MemoryBlockStore();
    CountingStore remote = new CountingStore();
    Cid cid = local.put(Multicodec.RAW, "l".getBytes(UTF_8));
    assertArrayEquals(
        "l".getBytes(UTF_8), new LayeredBlockStore(local, remote).get(cid).orElseThrow());
    assertEquals(0, remote.gets.get());
  }

  @Test
  void missingEverywhere() {
    LayeredBlockStore s = new LayeredBlockStore(new MemoryBlockStore(), new MemoryBlockStore());
    Cid cid = Cid.of(Multicodec.RAW, Multihash.SHA2_256, new byte[] {9});
    assertFalse(s.has(cid));
    assertTrue(s.get(cid).isEmpty());
  }

  @Test
  void wrongBytesFromRemoteAreRejectedAndNotCached() {
    byte[] right = "right".getBytes(UTF_8);
    Cid cid = Cid.of(Multicodec.RAW, Multihash.SHA2_256, right);
    BlockStore lyingRemote =
        new BlockStore() {
          @Override
          public void put(Cid c, byte[] data) {}

          @Override
          public Optional<byte[]> get(Cid c) {
            return Optional.of("wrong".getBytes(UTF_8));
          }

          @Override
          public boolean has(Cid c) {
            return true;
          }

          @Override
          public String toString() {
            return "liar";
          }
        };
    MemoryBlockStore local = new MemoryBlockStore();
    LayeredBlockStore s = new LayeredBlockStore(local, lyingRemote);
    CorruptBlockException e = assertThrows(CorruptBlockException.class, () -> s.get(cid));
    assertEquals(cid, e.cid());
    assertTrue(e.getMessage().contains(cid.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("remote store liar"), e.getMessage());
    assertEquals(0, local.size());
    assertFalse(local.has(cid));
  }

  @Test
  void putGoesLocalOnlyUnlessWriteThrough() {
    MemoryBlockStore local = new MemoryBlockStore();
    MemoryBlockStore remote = new MemoryBlockStore();
    Cid a = new LayeredBlockStore(local, remote).put(Multicodec.RAW, "a".getBytes(UTF_8));
    assertTrue(local.has(a));
    assertFalse(remote.has(a));
    Cid b = new LayeredBlockStore(local, remote, true).put(Multicodec.RAW, "b".getBytes(UTF_8));
    assertTrue(local.has(b));
    assertTrue(remote.has(b));
  }

  @Test
  void corruptLocalFileIsRepairedFromRemote() throws Exception {
    FileBlockStore local = new FileBlockStore(root);
    MemoryBlockStore remote = new MemoryBlockStore();
    byte[] data = "precious".getBytes(UTF_8);
    Cid cid = local.put(Multicodec.RAW, data);
    remote.put(cid, data);
    Files.write(local.path(cid), "garbage!".getBytes(UTF_8));

    LayeredBlockStore s = new LayeredBlockStore(local, remote);
    assertArrayEquals(data, s.get(cid).orElseThrow());
    assertArrayEquals(data, local.get(cid).orElseThrow()); // rewritten locally
  }

  @Test
  void corruptLocalFileWithoutRemoteCopyIsReported() throws Exception {
    FileBlockStore local = new FileBlockStore(root);
    Cid cid = local.put(Multicodec.RAW, "only here".getBytes(UTF_8));
    Files.write(local.path(cid), "garbage!".getBytes(UTF_8));
    LayeredBlockStore s = new LayeredBlockStore(local, new MemoryBlockStore());
    assertThrows(CorruptBlockException.class, () -> s.get(cid));
  }
}
