package io.ipvm.ipld.store;

import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.DagCbor;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.Multihash;
import io.ipvm.ipld.car.CarReader;
import io.ipvm.ipld.car.CarWriter;
import io.ipvm.ipld.ipfs.KuboClient;
import io.ipvm.ipld.ipfs.TestDaemon;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * IpfsBlockStore against a real js-ipfs 0.66.1 daemon started with {@code ipfs-node/ipfs-node.sh}
 * (same approach as {@code KuboDaemonTest}): fails under {@code CI=true} if it cannot start,
 * skipped otherwise only when node or the npm package is missing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IpfsBlockStoreDaemonTest {
  static Path tmp;
  private static TestDaemon daemon;
  static String api;
  static KuboClient ipfs;
  static IpfsBlockStore store;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = TestDaemon.start("ipvm-ipfs-store-test");
    tmp = daemon.tmp();
    api = daemon.api();
    ipfs = KuboClient.builder().api(api).requestTimeout(Duration.ofSeconds(30)).build();
    store = new IpfsBlockStore(ipfs);
  }

  @AfterAll
  static void stopDaemon() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void rawBlockRoundTrip() {
    byte[] data = random(50_000, 1);
    Cid cid = store.put(Multicodec.RAW, data);
    assertEquals(Cid.of(Multicodec.RAW, Multihash.SHA2_256, data), cid);
    assertArrayEquals(data, store.get(cid).orElseThrow());
    assertTrue(store.has(cid));
    // the daemon really has it
    assertArrayEquals(data, ipfs.blockGet(cid.toString()));
  }

  @Test
  void dagCborBlockRoundTrip() {
    Cid leaf = Cid.of(Multicodec.RAW, Multihash.SHA2_256, new byte[] {1, 2, 3});
    byte[] node = DagCbor.encode(Map.of("name", "x", "link", leaf));
    Cid cid = store.put(Multicodec.DAG_CBOR, node);
    assertEquals(Multicodec.DAG_CBOR, cid.codec());
    assertArrayEquals(node, store.get(cid).orElseThrow());
    // readable through the DAG API too
    assertArrayEquals(node, ipfs.dagGet(cid.toString()));
  }

  @Test
  void emptyBlockAndIdentity() {
    Cid empty = store.put(Multicodec.RAW, new byte[0]);
    assertArrayEquals(new byte[0], store.get(empty).orElseThrow());
    Cid id = Cid.v1(Multicodec.RAW, Multihash.digest(Multihash.IDENTITY, new byte[] {7, 8}));
    store.put(id, new byte[] {7, 8});
    assertArrayEquals(new byte[] {7, 8}, store.get(id).orElseThrow());
  }

  @Test
  void blocksAddedByTheDaemonAreReadable() {
    byte[] data = random(1000, 2);
    Cid cid = Cid.parse(ipfs.add(data));
    assertArrayEquals(data, store.get(cid).orElseThrow());
  }

  @Test
  void unsupportedHashesRefused() {
    for (long mh : new long[] {Multihash.SHA3_256, Multihash.BLAKE3}) {
      BlockStoreException e =
          assertThrows(
              BlockStoreException.class, () -> store.put(Multicodec.RAW, mh, new byte[] {1}));
      assertTrue(e.getMessage().contains("is not supported"), e.getMessage());
      assertTrue(e.getMessage().contains("sha2-256"), e.getMessage());
      assertNotNull(e.cid());
    }
  }

  @Test
  void wrongDataRefused() {
    Cid cid = Cid.of(Multicodec.RAW, Multihash.SHA2_256, new byte[] {1});
    BlockStoreException e =
        assertThrows(BlockStoreException.class, () -> store.put(cid, new byte[] {2}));
    assertTrue(e.getMessage().startsWith("refusing to store block"), e.getMessage());
  }

  @Test
  void missingBlockIsEmptyAfterTheTimeout() {
    IpfsBlockStore quick =
        new IpfsBlockStore(
            KuboClient.builder().api(api).requestTimeout(Duration.ofSeconds(1)).build());
    Cid missing = Cid.of(Multicodec.RAW, Multihash.SHA2_256, random(64, 99));
    long t0 = System.nanoTime();
    assertEquals(Optional.empty(), quick.get(missing));
    assertFalse(quick.has(missing));
    assertTrue(System.nanoTime() - t0 >= 1_900_000_000L);
  }

  @Test
  void layeredStoreFetchesFromTheDaemonAndCaches(@TempDir Path dir) {
    byte[] data = random(20_000, 3);
    Cid cid = Cid.parse(ipfs.blockPut(data));
    FileBlockStore local = new FileBlockStore(dir);
    LayeredBlockStore layered = new LayeredBlockStore(local, store);
    assertFalse(local.has(cid));
    assertArrayEquals(data, layered.get(cid).orElseThrow());
    assertTrue(local.has(cid));
    assertArrayEquals(data, local.get(cid).orElseThrow());
    // a later get is served locally even with the daemon unreachable
    LayeredBlockStore offline =
        new LayeredBlockStore(
            local, new IpfsBlockStore(KuboClient.builder().api("http://127.0.0.1:1").build()));
    assertArrayEquals(data, offline.get(cid).orElseThrow());
  }

  @Test
  void unreachableDaemonIsAClearError() {
    IpfsBlockStore dead =
        new IpfsBlockStore(KuboClient.builder().api("http://127.0.0.1:1").build());
    Cid cid = Cid.of(Multicodec.RAW, Multihash.SHA2_256, new byte[] {1});
    BlockStoreException e = assertThrows(BlockStoreException.class, () -> dead.get(cid));
    assertTrue(e.getMessage().contains("not reachable"), e.getMessage());
    assertTrue(e.getMessage().contains(cid.toString()), e.getMessage());
  }

  private static byte[] daemonExport(Cid root) throws Exception {
    HttpResponse<byte[]> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(api + "/api/v0/dag/export?arg=" + root))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode(), () -> new String(r.body()));
    return r.body();
  }

  /** Our CAR export of a DAG in the daemon (read through IpfsBlockStore) = the daemon's. */
  @Test
  void carExportMatchesTheDaemonsDagExport() throws Exception {
    // a dag-pb file of 700 KiB (raw leaves), raw blocks, dag-cbor nodes linking all of them
    Cid file = Cid.parse(ipfs.add(random(700 * 1024, 4)));
    assertEquals(Multicodec.DAG_PB, file.codec());
    Cid a = store.put(Multicodec.RAW, random(10, 5));
    Cid b = store.put(Multicodec.RAW, random(20, 6));
    Cid inner = store.put(Multicodec.DAG_CBOR, DagCbor.encode(Map.of("b", b, "a", a)));
    Cid root =
        store.put(
            Multicodec.DAG_CBOR,
            DagCbor.encode(Map.of("file", file, "inner", inner, "list", List.of(a, inner))));
    byte[] theirs = daemonExport(root);
    ByteArrayOutputStream ours = new ByteArrayOutputStream();
    List<Cid> written = CarWriter.write(root, store, ours);
    assertArrayEquals(theirs, ours.toByteArray());
    // root, the file's dag-pb node and its 3 raw leaves, inner, then a and b (each once)
    assertEquals(8, written.size());

    MemoryBlockStore imported = new MemoryBlockStore();
    assertEquals(List.of(root), CarReader.read(new ByteArrayInputStream(theirs), imported));
    for (Cid c : written) {
      assertTrue(imported.has(c), c::toString);
    }
  }

  /** A CAR written here from a local store imports into the daemon (dag/import). */
  @Test
  void daemonImportsOurCar() throws Exception {
    MemoryBlockStore local = new MemoryBlockStore();
    Cid leaf = local.put(Multicodec.RAW, random(3000, 7));
    Cid root = local.put(Multicodec.DAG_CBOR, DagCbor.encode(Map.of("leaf", leaf, "n", 42L)));
    ByteArrayOutputStream car = new ByteArrayOutputStream();
    CarWriter.write(root, local, car);
    String boundary = "ipvm-car-test-boundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.car\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    body.writeBytes(car.toByteArray());
    body.writeBytes(
        ("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(api + "/api/v0/dag/import"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r::body);
    assertArrayEquals(local.get(root).orElseThrow(), ipfs.blockGet(root.toString()));
    assertArrayEquals(local.get(leaf).orElseThrow(), store.get(leaf).orElseThrow());
  }
}
