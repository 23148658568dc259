package io.ipvm.tools;

import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.Multihash;
import io.ipvm.ipld.ipfs.KuboClient;
import io.ipvm.ipld.ipfs.TestDaemon;
import io.ipvm.ipld.store.FileBlockStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real js-ipfs 0.66.1 daemons on loopback (ipld's {@link TestDaemon}), connected with {@code
 * swarm/connect}: a module added through daemon A only is run with {@code ipvm run --ipfs-api B}
 * from an empty IPVM_HOME, so B must fetch it from A over bitswap. A daemon that cannot start, or
 * is not installed ({@code mvn verify} installs it in the ipld module), fails the test.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoDaemonTest {
  private static TestDaemon a;
  private static TestDaemon b;
  private static KuboClient clientA;
  private static KuboClient clientB;

  @TempDir Path homeA;
  @TempDir Path fresh;

  @BeforeAll
  static void startDaemons() throws Exception {
    a = TestDaemon.start("ipvm-daemon-a");
    b = TestDaemon.start("ipvm-daemon-b");
    clientA = KuboClient.builder().api(a.api()).requestTimeout(Duration.ofSeconds(20)).build();
    clientB = KuboClient.builder().api(b.api()).requestTimeout(Duration.ofSeconds(20)).build();
    KuboClient.Id idA = clientA.id();
    String addr =
        idA.addresses().stream()
            .filter(s -> s.startsWith("/ip4/127.0.0.1/tcp/") && s.contains("/p2p/"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no loopback TCP address: " + idA));
    assertNotEquals(a.api(), b.api());
    assertNotEquals(idA.id(), clientB.id().id(), "two distinct nodes");
    String report = String.join(" ", clientB.swarmConnect(addr));
    assertTrue(report.contains("success"), report);
    assertTrue(clientB.swarmPeers().contains(idA.id()), () -> "B's peers: " + clientB.swarmPeers());
  }

  @AfterAll
  static void stopDaemons() throws Exception {
    try {
      if (b != null) {
        b.close();
      }
    } finally {
      if (a != null) {
        a.close();
      }
    }
  }

  private static Map<String, String> home(Path dir) {
    return Map.of("IPVM_HOME", dir.toString());
  }

  @Test
  @Order(1)
  void moduleAddedOnARunsThroughB() throws IOException {
    // ipvm add with A configured: stored in home A and put (and pinned) on A, not on B
    Cli.Result added = Cli.run(home(homeA), "add", "--ipfs-api", a.api(), Cli.fib().toString());
    assertEquals(0, added.status(), added::toString);
    String cid = added.text().strip();
    assertArrayEquals(Files.readAllBytes(Cli.fib()), clientA.blockGet(cid));
    assertTrue(clientA.pinAdd(cid).contains(cid), "pinned on A");

    // a fresh home and only B's address: the module comes from A via B, is verified, and runs
    Cli.Result run =
        Cli.run(home(fresh), "run", "--ipfs-api", b.api(), cid, "--invoke", "fib", "20");
    assertEquals(0, run.status(), run::toString);
    assertEquals("6765\n", run.text());
    assertTrue(new FileBlockStore(fresh.resolve("blocks")).has(Cid.parse(cid)), "cached");
  }

  @Test
  @Order(2)
  void multiBlockFileThroughBCatAndCar() throws IOException {
    // a 600 KiB file (dag-pb root over three raw leaves) added on A by the daemon itself
    byte[] data = new byte[600 * 1024];
    new Random(42).nextBytes(data);
    String cid = clientA.add(data);
    assertTrue(cid.startsWith("bafybei"), cid);

    Map<String, String> env = Map.of("IPVM_HOME", fresh.toString(), "IPVM_IPFS_API", b.api());
    Cli.Result cat = Cli.run(env, "cat", cid);
    assertEquals(0, cat.status(), cat::toString);
    assertArrayEquals(data, cat.out());

    // the CAR of it, exported through B's store, imports into yet another home
    Path car = fresh.resolve("file.car");
    Cli.Result e = Cli.run(env, "car", "export", cid, car.toString());
    assertEquals(0, e.status(), e::toString);
    assertEquals("exported 4 blocks (" + Files.size(car) + " bytes) to " + car + "\n", e.text());
    Path other = fresh.resolve("other-home");
    Cli.Result i = Cli.run(home(other), "car", "import", car.toString());
    assertEquals(0, i.status(), i::toString);
    assertEquals(cid + "\n", i.text());
    var out = new ByteArrayOutputStream();
    out.writeBytes(Cli.run(home(other), "cat", cid).out());
    assertArrayEquals(data, out.toByteArray());

    // car import with a daemon: the blocks reach B too, and the root is pinned there
    byte[] small = "car import through the daemon\n".getBytes(StandardCharsets.UTF_8);
    Path smallFile = Files.write(fresh.resolve("small.txt"), small);
    Path third = fresh.resolve("third-home");
    String smallCid = Cli.run(home(third), "add", smallFile.toString()).text().strip();
    Path smallCar = fresh.resolve("small.car");
    assertEquals(0, Cli.run(home(third), "car", "export", smallCid, smallCar.toString()).status());
    Cli.Result imported =
        Cli.run(
            home(fresh.resolve("fourth-home")),
            "car",
            "import",
            "--ipfs-api",
            b.api(),
            smallCar.toString());
    assertEquals(0, imported.status(), imported::toString);
    assertEquals("", imported.err());
    assertArrayEquals(small, clientB.blockGet(smallCid));
  }

  @Test
  @Order(3)
  void stoppedDaemonIsOneLine() throws Exception {
    String api = b.api();
    b.stop();
    Cid elsewhere =
        Cid.of(Multicodec.RAW, Multihash.SHA2_256, "not here".getBytes(StandardCharsets.UTF_8));
    Cli.Result r =
        Cli.run(home(fresh), "run", "--ipfs-api", api, elsewhere.toString(), "--invoke", "fib");
    assertEquals(2, r.status(), r::toString);
    assertEquals(
        "error: cannot reach the IPFS daemon at "
            + api
            + " (connection refused); start it or drop --ipfs-api\n",
        r.err());
  }
}
