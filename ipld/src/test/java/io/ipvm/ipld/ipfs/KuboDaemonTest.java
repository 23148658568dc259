package io.ipvm.ipld.ipfs;

import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.DagCbor;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.Multihash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * KuboClient against a real js-ipfs 0.66.1 daemon, started on loopback with free ports by {@code
 * ipfs-node/ipfs-node.sh} (installed by {@code ipfs-node.sh install}, which {@code .ci/run} runs).
 * If the daemon cannot start, the tests fail with its log. Only when not under {@code CI=true} and
 * node or the npm package is missing are they skipped, with a message.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KuboDaemonTest {
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

  private static String rawCid(byte[] data) {
    return Cid.of(Multicodec.RAW, Multihash.SHA2_256, data).toString();
  }

  @Test
  @Order(1)
  void versionAndId() {
    assertEquals("0.18.1", ipfs.version().version());
    KuboClient.Id id = ipfs.id();
    assertTrue(id.agentVersion().startsWith("js-ipfs/"), id.agentVersion());
    assertFalse(id.id().isEmpty());
    for (String a : id.addresses()) {
      assertTrue(a.startsWith("/ip4/127.0.0.1/"), a);
    }
  }

  @Test
  @Order(2)
  void blockPutGetRawMatchesLocalCid() {
    byte[] data = random(100 * 1024, 1);
    String cid = ipfs.blockPut(data, "raw", "sha2-256");
    assertEquals(rawCid(data), cid);
    assertArrayEquals(data, ipfs.blockGet(cid));
  }

  @Test
  @Order(3)
  void blockPutDagCbor() {
    Map<String, Object> v = Map.of("hello", "world");
    byte[] bytes = DagCbor.encode(v);
    String cid = ipfs.blockPut(bytes, "dag-cbor", "sha2-256");
    assertEquals(DagCbor.cid(v, Multihash.SHA2_256).toString(), cid);
    assertArrayEquals(bytes, ipfs.blockGet(cid));
  }

  @Test
  @Order(4)
  void dagPutAndGetWithLinks() {
    byte[] leaf = "leaf".getBytes(StandardCharsets.UTF_8);
    String leafCid = ipfs.blockPut(leaf);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("link", Cid.parse(leafCid));
    v.put("n", 1L);
    v.put("bytes", new byte[] {1, 2, 3});
    v.put("list", List.of("a", 2L, true));
    byte[] bytes = DagCbor.encode(v);
    String cid = ipfs.dagPut(bytes);
    assertEquals(DagCbor.cid(v, Multihash.SHA2_256).toString(), cid);
    assertArrayEquals(bytes, ipfs.blockGet(cid));
    // dag/get needs patch-dag-get.mjs (ipfs-node.sh install applies it)
    assertArrayEquals(bytes, ipfs.dagGet(cid));
    assertArrayEquals(DagCbor.encode(1L), ipfs.dagGet(cid + "/n"));
    // a path through the link reaches the raw block, whose value (bytes) comes back as DAG-CBOR
    assertArrayEquals(DagCbor.encode(leaf), ipfs.dagGet(cid + "/link"));
  }

  @Test
  @Order(5)
  void addRawLeavesMatchesLocalCidForSingleBlocks() {
    for (int size : new int[] {1, 1000, 65_536, 100_000, 256 * 1024}) {
      byte[] data = random(size, size);
      String cid = ipfs.add(data);
      assertEquals(rawCid(data), cid, "add of " + size + " bytes");
      assertArrayEquals(data, ipfs.cat(cid), "cat of " + size + " bytes");
    }
  }

  @Test
  @Order(6)
  void addFileAndMultiChunkFile() throws IOException {
    byte[] small = random(12_345, 6);
    Path f = Files.createTempFile(tmp, "add", ".bin");
    Files.write(f, small);
    assertEquals(rawCid(small), ipfs.add(f));

    byte[] big = random(700 * 1024, 7); // three 256 KiB chunks: a dag-pb root over raw leaves
    Files.write(f, big);
    String cid = ipfs.add(f);
    Cid parsed = Cid.parse(cid);
    assertEquals(1, parsed.version());
    assertEquals(Multicodec.DAG_PB, parsed.codec());
    assertEquals(cid, ipfs.add(big));
    assertArrayEquals(big, ipfs.cat(cid));
    assertArrayEquals(big, ipfs.cat("/ipfs/" + cid));

    String v0 = ipfs.add(small, 0, false);
    assertTrue(v0.startsWith("Qm"), v0);
    assertArrayEquals(small, ipfs.cat(v0));
    assertEquals(List.of(v0), ipfs.pinAdd(v0));
  }

  @Test
  @Order(7)
  void pinAdd() {
    String cid = ipfs.add(random(4096, 8));
    assertEquals(List.of(cid), ipfs.pinAdd(cid));
  }

  @Test
  @Order(8)
  void errorsFromTheDaemon() {
    IpfsException e = assertThrows(IpfsException.class, () -> ipfs.blockGet("not-a-cid"));
    assertEquals(
        "IPFS daemon at " + api + ": block/get failed (HTTP 400): Invalid request query input",
        e.getMessage());
    e = assertThrows(IpfsException.class, () -> ipfs.blockPut(new byte[1], "raw", "blake3"));
    assertEquals(500, e.status());
    assertTrue(e.getMessage().contains("No hasher found for \"blake3\""), e.getMessage());

    // a block nobody has: the daemon would wait on bitswap forever; the client gives up
    KuboClient impatient =
        KuboClient.builder().api(api).requestTimeout(Duration.ofSeconds(1)).build();
    String missing = rawCid(random(32, 9));
    e = assertThrows(IpfsException.class, () -> impatient.blockGet(missing));
    assertEquals("IPFS daemon at " + api + " did not answer block/get within 1 s", e.getMessage());
    // and the daemon is still fine afterwards
    assertEquals("0.18.1", ipfs.version().version());
  }

  @Test
  @Order(100)
  void daemonDownIsAClearMessage() throws Exception {
    daemon.stop();
    KuboClient c = KuboClient.builder().api(api).requestTimeout(Duration.ofSeconds(5)).build();
    IpfsException e = assertThrows(IpfsException.class, c::version);
    assertEquals("IPFS daemon not reachable at " + api + ": connection refused", e.getMessage());
    e = assertThrows(IpfsException.class, () -> c.add(new byte[10]));
    assertEquals("IPFS daemon not reachable at " + api + ": connection refused", e.getMessage());
    // the long-lived client, whose pooled keep-alive connections the daemon closed
    e = assertThrows(IpfsException.class, () -> ipfs.blockGet(rawCid(new byte[1])));
    assertEquals("IPFS daemon not reachable at " + api + ": connection refused", e.getMessage());
  }
}
