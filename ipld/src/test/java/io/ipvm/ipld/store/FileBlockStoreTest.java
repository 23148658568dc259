package io.ipvm.ipld.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.Multihash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlockStoreTest {
  @TempDir Path root;

  @Test
  void layoutIsShardSlashBase32Cid() throws IOException {
    FileBlockStore s = new FileBlockStore(root);
    Cid cid = s.put(Multicodec.RAW, new byte[0]);
    String name = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    Path file = root.resolve("yk").resolve(name); // the two characters before the last
    assertEquals(file, s.path(cid));
    assertTrue(Files.isRegularFile(file));
    assertEquals(0, Files.size(file));
    assertEquals(List.of(file), blockFiles());
  }

  @Test
  void reopenedStoreSeesTheBlocks() {
    Cid cid = new FileBlockStore(root).put(Multicodec.DAG_CBOR, new byte[] {(byte) 0xa0});
    FileBlockStore again = new FileBlockStore(root);
    assertTrue(again.has(cid));
    assertArrayEquals(new byte[] {(byte) 0xa0}, again.get(cid).orElseThrow());
  }

  @Test
  void corruptBlockFileIsDetectedAndQuarantined() throws IOException {
    FileBlockStore s = new FileBlockStore(root);
    byte[] data = "some block content".getBytes(UTF_8);
    Cid cid = s.put(Multicodec.RAW, data);
    Path file = s.path(cid);
    byte[] bytes = Files.readAllBytes(file);
    bytes[5] ^= 0x01; // flip one bit
    Files.write(file, bytes);

    CorruptBlockException e = assertThrows(CorruptBlockException.class, () -> s.get(cid));
    assertEquals(cid, e.cid());
    assertTrue(e.getMessage().startsWith("corrupt block " + cid + ":"), e.getMessage());
    assertTrue(e.getMessage().contains("moved to"), e.getMessage());

    // moved aside: the block is now missing, the bad bytes are kept for inspection
    assertFalse(s.has(cid));
    assertTrue(s.get(cid).isEmpty());
    try (Stream<Path> q = Files.list(root.resolve(FileBlockStore.QUARANTINE))) {
      List<Path> moved = q.toList();
      assertEquals(1, moved.size());
      assertArrayEquals(bytes, Files.readAllBytes(moved.get(0)));
    }
    // and a put repairs it
    s.put(cid, data);
    assertArrayEquals(data, s.get(cid).orElseThrow());
  }

  @Test
  void truncatedBlockFileIsCorrupt() throws IOException {
    FileBlockStore s = new FileBlockStore(root);
    Cid cid = s.put(Multicodec.RAW, new byte[1000]);
    Files.write(s.path(cid), new byte[999]);
    assertThrows(CorruptBlockException.class, () -> s.get(cid));
  }

  @Test
  void tempFilesAreNeverBlocksAndCanBeCleaned() throws IOException {
    FileBlockStore s = new FileBlockStore(root);
    Cid cid = s.put(Multicodec.RAW, "x".getBytes(UTF_8));
    Path shard = s.path(cid).getParent();
    Path stale = shard.resolve(FileBlockStore.TEMP_PREFIX + "dead");
    Files.write(stale, "half a blo".getBytes(UTF_8));
    assertEquals(0, s.cleanTempFiles(Duration.ofHours(1))); // too young
    assertTrue(Files.exists(stale));
    assertEquals(1, s.cleanTempFiles(Duration.ZERO));
    assertFalse(Files.exists(stale));
    assertTrue(s.has(cid));
  }

  @Test
  void noTempFilesAreLeftAfterPuts() throws IOException {
    FileBlockStore s = new FileBlockStore(root);
    Random r = new Random(1);
    for (int i = 0; i < 50; i++) {
      byte[] b = new byte[r.nextInt(5000)];
      r.nextBytes(b);
      s.put(Multicodec.RAW, b);
      s.put(Multicodec.RAW, b);
    }
    try (Stream<Path> all = Files.walk(root)) {
      assertEquals(
          List.of(),
          all.filter(p -> p.getFileName().toString().startsWith(FileBlockStore.TEMP_PREFIX))
              .toList());
    }
    assertEquals(50, blockFiles().size());
  }

  @Test
  void concurrentWritersOfTheSameAndOfDifferentBlocks() throws Exception {
    FileBlockStore s = new FileBlockStore(root);
    int threads = 8;
    int perThread = 60;
    byte[][] shared = new byte[40][];
    Random r = new Random(7);
    for (int i = 0; i < shared.length; i++) {
      shared[i] = new byte[r.nextInt(20_000)];
      r.nextBytes(shared[i]);
    }
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<Cid>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        results.add(
            pool.submit(
                () -> {
                  Random own = new Random(100 + seed);
                  List<Cid> mine = new ArrayList<>();
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    // every thread writes all shared blocks (same order, so they collide) ...
                    byte[] same = shared[i % shared.length];
                    Cid c = s.put(Multicodec.RAW, same);
                    // ... reads them back while others write them ...
                    assertArrayEquals(same, s.get(c).orElseThrow());
                    // ... and writes blocks of its own
                    byte[] b = new byte[own.nextInt(10_000)];
                    own.nextBytes(b);
                    Cid d = s.put(Multicodec.RAW, b);
                    assertArrayEquals(b, s.get(d).orElseThrow());
                    mine.add(d);
                  }
                  return mine;
                }));
      }
      int distinct = shared.length;
      for (Future<List<Cid>> f : results) {
        for (Cid c : f.get()) {
          assertTrue(s.has(c));
          distinct++;
        }
      }
      for (byte[] b : shared) {
        assertArrayEquals(b, s.get(Cid.of(Multicodec.RAW, Multihash.SHA2_256, b)).orElseThrow());
      }
      assertEquals(distinct, blockFiles().size());
      for (Path f : blockFiles()) {
        Cid c = Cid.parse(f.getFileName().toString());
        assertTrue(s.get(c).isPresent());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void readersNeverSeeAPartialBlock() throws Exception {
    FileBlockStore s = new FileBlockStore(root);
    Random r = new Random(3);
    byte[][] blocks = new byte[120][];
    List<Cid> cids = new ArrayList<>();
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] = new byte[50_000 + r.nextInt(200_000)];
      r.nextBytes(blocks[i]);
      cids.add(Cid.of(Multicodec.RAW, Multihash.SHA2_256, blocks[i]));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      AtomicBoolean done = new AtomicBoolean();
      List<Future<Integer>> readers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        readers.add(
            pool.submit(
                () -> {
                  int seen = 0;
                  while (!done.get()) {
                    for (int i = 0; i < cids.size(); i++) {
                      // empty or complete, never torn (a torn file would throw)
                      var got = s.get(cids.get(i));
                      if (got.isPresent()) {
                        assertArrayEquals(blocks[i], got.get());
                        seen++;
                      }
                    }
                  }
                  return seen;
                }));
      }
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        writers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < blocks.length; i++) {
                    byte[] b = blocks[(i + offset * 30) % blocks.length];
                    s.put(Multicodec.RAW, b);
                  }
                  return null;
                }));
      }
      for (Future<?> w : writers) {
        w.get();
      }
      done.set(true);
      for (Future<Integer> f : readers) {
        assertTrue(f.get() >= 0);
      }
      assertFalse(Files.exists(root.resolve(FileBlockStore.QUARANTINE)));
      assertEquals(blocks.length, blockFiles().size());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Every file under the root whose name is a CID. */
  private List<Path> blockFiles() throws IOException {
    return blockFiles(root);
  }

  static List<Path> blockFiles(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(Files::isRegularFile)
          .filter(p -> !p.getParent().getFileName().toString().equals(FileBlockStore.QUARANTINE))
          .filter(p -> isCid(p.getFileName().toString()))
          .sorted()
          .toList();
    }
  }

  static boolean isCid(String name) {
    try {
      Cid.parse(name);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
