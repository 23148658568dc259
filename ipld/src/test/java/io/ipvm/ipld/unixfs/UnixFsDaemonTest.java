package io.ipvm.ipld.unixfs;

import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.ipfs.KuboClient;
import io.ipvm.ipld.ipfs.TestDaemon;
import io.ipvm.ipld.store.MemoryBlockStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * UnixFsImporter against a real js-ipfs 0.66.1 daemon ({@code add --cid-version=1 --raw-leaves}),
 * started the way KuboDaemonTest starts it; the same rule: fail under {@code CI=true} when it
 * cannot start, skip otherwise only when node or the npm package is missing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UnixFsDaemonTest {
  private static Path tmp;
  private static TestDaemon daemon;
  private static String api;
  private static KuboClient ipfs;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = TestDaemon.start("ipvm-ipfs-test");
    tmp = daemon.tmp();
    api = daemon.api();
    ipfs =
        KuboClient.builder()
            .api(api)
            .connectTimeout(Duration.ofSeconds(5))
            .requestTimeout(Duration.ofSeconds(30))
            .build();
  }

  @AfterAll
  static void stopDaemon() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 262_144, 262_145, 20 * 1024 * 1024, 175 * 262_144 + 1})
  void rootCidEqualsTheDaemons(int size) throws IOException {
    byte[] data = random(size, size);
    Path f = tmp.resolve("file-" + size);
    Files.write(f, data);
    MemoryBlockStore store = new MemoryBlockStore();
    Cid mine = UnixFsImporter.add(f, store);
    String theirs = ipfs.add(f, 1, true);
    System.out.println("unixfs " + size + " B: " + mine + " (daemon: " + theirs + ")");
    assertEquals(theirs, mine.toString());
    assertArrayEquals(data, UnixFsReader.readAll(mine, store));
    // and the daemon's blocks, read back through our reader
    MemoryBlockStore fromDaemon = new MemoryBlockStore();
    copy(mine, store, fromDaemon);
    assertArrayEquals(data, UnixFsReader.readAll(mine, fromDaemon));
  }

  /** Copies the DAG under {@code cid}, fetching every block from the daemon (block/get). */
  private static void copy(Cid cid, MemoryBlockStore local, MemoryBlockStore into) {
    byte[] bytes = ipfs.blockGet(cid.toString());
    into.put(cid, bytes);
    if (cid.codec() == io.ipvm.ipld.Multicodec.DAG_PB) {
      for (DagPb.Link l : DagPb.decode(bytes).links()) {
        copy(l.hash(), local, into);
      }
    }
  }
}
