package io.ipvm.ipld.ipfs;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ipvm.ipld.Cid;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.Multihash;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** KuboClient against a tiny local HTTP server on 127.0.0.1 that plays the daemon. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KuboClientTest {
  /** What the fake daemon answers for a path: status, content type, body, delay. */
  record Canned(int status, String type, byte[] body, long delayMs) {
    static Canned json(int status, String json) {
      return new Canned(status, "application/json", json.getBytes(StandardCharsets.UTF_8), 0);
    }
  }

  /** What the fake daemon received. */
  record Seen(String method, String query, String contentType, byte[] body) {}

  private static HttpServer server;
  private static ExecutorService executor;
  private static String api;
  private static final Map<String, Canned> CANNED = new ConcurrentHashMap<>();
  private static final Map<String, Seen> SEEN = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-ipfs");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", KuboClientTest::handle);
    server.start();
    api = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(0);
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  private static void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      byte[] body = ex.getRequestBody().readAllBytes();
      SEEN.put(
          path,
          new Seen(
              ex.getRequestMethod(),
              ex.getRequestURI().getRawQuery(),
              ex.getRequestHeaders().getFirst("Content-Type"),
              body));
      Canned c = CANNED.getOrDefault(path, Canned.json(404, "{\"Message\":\"Not Found\"}"));
      if (c.delayMs() > 0) {
        try {
          Thread.sleep(c.delayMs());
        } catch (InterruptedException e) {
          return;
        }
      }
      ex.getResponseHeaders().set("Content-Type", c.type());
      ex.sendResponseHeaders(c.status(), c.body().length == 0 ? -1 : c.body().length);
      if (c.body().length > 0) {
        ex.getResponseBody().write(c.body());
      }
    }
  }

  private static KuboClient client() {
    return KuboClient.builder()
        .api(api)
        .connectTimeout(Duration.ofSeconds(2))
        .requestTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** Extracts the single "file" part of a multipart/form-data body, checking its framing. */
  private static byte[] filePart(Seen s) {
    assertNotNull(s.contentType(), "no Content-Type");
    assertTrue(s.contentType().startsWith("multipart/form-data; boundary="), s.contentType());
    String boundary = s.contentType().substring("multipart/form-data; boundary=".length());
    byte[] b = s.body();
    String text = new String(b, StandardCharsets.ISO_8859_1);
    String head = "--" + boundary + "\r\n";
    assertTrue(text.startsWith(head), text);
    int headerEnd = text.indexOf("\r\n\r\n");
    String headers = text.substring(head.length(), headerEnd);
    assertTrue(headers.contains("Content-Disposition: form-data; name=\"file\""), headers);
    String tail = "\r\n--" + boundary + "--\r\n";
    assertTrue(text.endsWith(tail), "body must end with the closing boundary");
    return Arrays.copyOfRange(b, headerEnd + 4, b.length - tail.length());
  }

  private static String rawCid(byte[] data) {
    return Cid.of(Multicodec.RAW, Multihash.SHA2_256, data).toString();
  }

  @Test
  void blockPutSendsMultipartAndReturnsKey() {
    byte[] data = "line1\r\n--not-a-boundary\r\n\0\1\2".getBytes(StandardCharsets.ISO_8859_1);
    String cid = rawCid(data);
    CANNED.put("/api/v0/block/put", Canned.json(200, "{\"Key\":\"" + cid + "\",\"Size\":12}"));
    assertEquals(cid, client().blockPut(data, "raw", "sha2-256"));
    Seen s = SEEN.get("/api/v0/block/put");
    assertEquals("POST", s.method());
    assertEquals("format=raw&cid-codec=raw&mhtype=sha2-256&cid-base=base32", s.query());
    assertArrayEquals(data, filePart(s));
  }

  @Test
  void blockPutOfDagCborSendsFormatOnly() {
    CANNED.put(
        "/api/v0/block/put",
        Canned.json(200, "{\"Key\":\"" + rawCid(new byte[0]) + "\",\"Size\":0}"));
    client().blockPut(new byte[0], "dag-cbor", "sha2-512");
    Seen s = SEEN.get("/api/v0/block/put");
    assertEquals("format=dag-cbor&mhtype=sha2-512&cid-base=base32", s.query());
    assertEquals(0, filePart(s).length);
  }

  @Test
  void blockGetReturnsBytesAndEncodesArg() {
    byte[] data = {0, (byte) 0xff, 10, 13};
    CANNED.put("/api/v0/block/get", new Canned(200, "application/octet-stream", data, 0));
    assertArrayEquals(data, client().blockGet("/ipfs/bafk x&y"));
    assertEquals("arg=%2Fipfs%2Fbafk+x%26y", SEEN.get("/api/v0/block/get").query());
  }

  @Test
  void dagPutReadsCidLink() {
    String cid = "bafyreihltcnuuyqp2jm24aqydpnlj7b6w3ogwrplomrjtg5rifv44mmjey";
    CANNED.put("/api/v0/dag/put", Canned.json(200, "{\"Cid\":{\"/\":\"" + cid + "\"}}"));
    byte[] cbor = {(byte) 0xa1, 0x61, 0x61, 0x01};
    assertEquals(cid, client().dagPut(cbor));
    Seen s = SEEN.get("/api/v0/dag/put");
    assertEquals("store-codec=dag-cbor&input-codec=dag-cbor&hash=sha2-256&pin=false", s.query());
    assertArrayEquals(cbor, filePart(s));
  }

  @Test
  void addTakesLastNdjsonLineAndStreamsFiles(@TempDir Path dir) throws IOException {
    String cid = rawCid("x".getBytes(StandardCharsets.UTF_8));
    CANNED.put(
        "/api/v0/add",
        Canned.json(
            200,
            "{\"Name\":\"a\",\"Hash\":\"QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn\"}\n"
                + "{\"Name\":\"f.bin\",\"Hash\":\""
                + cid
                + "\",\"Size\":1}\n"));
    Path f = dir.resolve("f.bin");
    byte[] data = new byte[70_000];
    new java.util.Random(7).nextBytes(data);
    Files.write(f, data);
    assertEquals(cid, client().add(f));
    Seen s = SEEN.get("/api/v0/add");
    assertEquals("cid-version=1&raw-leaves=true&cid-base=base32&progress=false", s.query());
    assertArrayEquals(data, filePart(s));
    assertTrue(new String(s.body(), StandardCharsets.ISO_8859_1).contains("filename=\"f.bin\""));
    IpfsException e = assertThrows(IpfsException.class, () -> client().add(dir.resolve("nope")));
    assertTrue(e.getMessage().startsWith("cannot add "), e.getMessage());
  }

  @Test
  void idVersionPinAdd() {
    CANNED.put(
        "/api/v0/id",
        Canned.json(
            200,
            "{\"ID\":\"12D3KooWA\",\"PublicKey\":\"x\",\"Addresses\":[\"/ip4/127.0.0.1/tcp/1\"],"
                + "\"AgentVersion\":\"js-ipfs/0.18.1\",\"Protocols\":[]}"));
    CANNED.put("/api/v0/version", Canned.json(200, "{\"Version\":\"0.18.1\",\"Repo\":\"12\"}"));
    CANNED.put("/api/v0/pin/add", Canned.json(200, "{\"Pins\":[\"" + rawCid(new byte[1]) + "\"]}"));
    KuboClient c = client();
    assertEquals(
        new KuboClient.Id("12D3KooWA", "js-ipfs/0.18.1", List.of("/ip4/127.0.0.1/tcp/1")), c.id());
    assertEquals(new KuboClient.Version("0.18.1", "12"), c.version());
    assertEquals(List.of(rawCid(new byte[1])), c.pinAdd(rawCid(new byte[1])));
    assertEquals(
        "arg=" + rawCid(new byte[1]) + "&cid-base=base32", SEEN.get("/api/v0/pin/add").query());
  }

  @Test
  void swarmConnectAndPeers() {
    String addr = "/ip4/127.0.0.1/tcp/4002/p2p/12D3KooWA";
    CANNED.put(
        "/api/v0/swarm/connect",
        Canned.json(200, "{\"Strings\":[\"connect " + addr + " success\"]}"));
    KuboClient c = client();
    assertEquals(List.of("connect " + addr + " success"), c.swarmConnect(addr));
    assertEquals(
        "arg=%2Fip4%2F127.0.0.1%2Ftcp%2F4002%2Fp2p%2F12D3KooWA",
        SEEN.get("/api/v0/swarm/connect").query());
    CANNED.put(
        "/api/v0/swarm/peers",
        Canned.json(
            200, "{\"Peers\":[{\"Addr\":\"/ip4/127.0.0.1/tcp/4002\",\"Peer\":\"12D3KooWA\"}]}"));
    assertEquals(List.of("12D3KooWA"), c.swarmPeers());
    CANNED.put("/api/v0/swarm/peers", Canned.json(200, "{\"Peers\":null}"));
    assertEquals(List.of(), c.swarmPeers());
    CANNED.put("/api/v0/swarm/peers", Canned.json(200, "{\"Peers\":[{\"Addr\":\"x\"}]}"));
    IpfsException e = assertThrows(IpfsException.class, c::swarmPeers);
    assertTrue(e.getMessage().contains("a peer without \"Peer\""), e.getMessage());
    CANNED.put(
        "/api/v0/swarm/connect", Canned.json(500, "{\"Message\":\"dial failed\",\"Code\":0}"));
    e = assertThrows(IpfsException.class, () -> c.swarmConnect(addr));
    assertTrue(
        e.getMessage().endsWith("swarm/connect failed (HTTP 500): dial failed"), e.getMessage());
  }

  @Test
  void garbageResponses() {
    CANNED.put("/api/v0/version", new Canned(200, "text/html", "<html>hi</html>".getBytes(), 0));
    IpfsException e = assertThrows(IpfsException.class, () -> client().version());
    assertEquals(
        "unexpected response from " + api + "/api/v0/version: not JSON: <html>hi</html>",
        e.getMessage());

    CANNED.put("/api/v0/id", Canned.json(200, "[1,2]"));
    e = assertThrows(IpfsException.class, () -> client().id());
    assertEquals(
        "unexpected response from " + api + "/api/v0/id: not a JSON object: [1,2]", e.getMessage());

    CANNED.put("/api/v0/block/put", Canned.json(200, "{\"Size\":3}"));
    e = assertThrows(IpfsException.class, () -> client().blockPut(new byte[3]));
    assertTrue(
        e.getMessage()
            .startsWith("unexpected response from " + api + "/api/v0/block/put: no string \"Key\""),
        e.getMessage());

    CANNED.put("/api/v0/block/put", Canned.json(200, "{\"Key\":\"hello\"}"));
    e = assertThrows(IpfsException.class, () -> client().blockPut(new byte[3]));
    assertTrue(e.getMessage().contains("not a CID: hello"), e.getMessage());

    CANNED.put("/api/v0/add", Canned.json(200, ""));
    e = assertThrows(IpfsException.class, () -> client().add(new byte[3]));
    assertTrue(e.getMessage().startsWith("unexpected response from "), e.getMessage());

    CANNED.put("/api/v0/dag/put", Canned.json(200, "{\"Cid\":\"bafy\"}"));
    e = assertThrows(IpfsException.class, () -> client().dagPut(new byte[] {(byte) 0xa0}));
    assertTrue(e.getMessage().contains("no Cid link"), e.getMessage());

    CANNED.put("/api/v0/pin/add", Canned.json(200, "{\"Pins\":\"x\"} trailing"));
    e = assertThrows(IpfsException.class, () -> client().pinAdd("x"));
    assertTrue(e.getMessage().startsWith("unexpected response from "), e.getMessage());
  }

  @Test
  void httpErrorsCarryTheDaemonsMessage() {
    CANNED.put(
        "/api/v0/block/get",
        Canned.json(
            500,
            "{\"Message\":\"Failed to get block: request timed out\",\"Code\":0,\"Type\":\"error\"}"));
    IpfsException e = assertThrows(IpfsException.class, () -> client().blockGet("bafk"));
    assertEquals(
        "IPFS daemon at "
            + api
            + ": block/get failed (HTTP 500): Failed to get block: request timed out",
        e.getMessage());
    assertEquals(500, e.status());

    CANNED.put("/api/v0/cat", new Canned(502, "text/plain", "bad gateway\n".getBytes(), 0));
    e = assertThrows(IpfsException.class, () -> client().cat("bafk"));
    assertEquals("IPFS daemon at " + api + ": cat failed (HTTP 502): bad gateway", e.getMessage());

    CANNED.put("/api/v0/cat", new Canned(500, "text/plain", new byte[0], 0));
    e = assertThrows(IpfsException.class, () -> client().cat("bafk"));
    assertEquals("IPFS daemon at " + api + ": cat failed (HTTP 500): (empty body)", e.getMessage());

    // an unknown command gives 404 with {"Message":"Not Found"}
    CANNED.remove("/api/v0/block/get");
    e = assertThrows(IpfsException.class, () -> client().blockGet("x"));
    assertEquals(
        "IPFS daemon at " + api + ": block/get failed (HTTP 404): Not Found", e.getMessage());
  }

  @Test
  void slowResponseTimesOut() {
    CANNED.put("/api/v0/cat", new Canned(200, "application/octet-stream", new byte[] {1}, 3_000));
    KuboClient c = KuboClient.builder().api(api).requestTimeout(Duration.ofMillis(300)).build();
    long t0 = System.nanoTime();
    IpfsException e = assertThrows(IpfsException.class, () -> c.cat("bafk"));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals("IPFS daemon at " + api + " did not answer cat within 300 ms", e.getMessage());
    assertTrue(ms < 2_500, "took " + ms + " ms");
  }

  @Test
  void closedPortIsConnectionRefused() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    KuboClient c = KuboClient.create("http://127.0.0.1:" + port + "/api/v0/");
    assertEquals("http://127.0.0.1:" + port, c.api());
    IpfsException e = assertThrows(IpfsException.class, c::version);
    assertEquals(
        "IPFS daemon not reachable at http://127.0.0.1:" + port + ": connection refused",
        e.getMessage());
    assertEquals(-1, e.status());
    e = assertThrows(IpfsException.class, () -> c.blockPut(new byte[10]));
    assertEquals(
        "IPFS daemon not reachable at http://127.0.0.1:" + port + ": connection refused",
        e.getMessage());
  }

  @Test
  void brokenConnectionIsRetriedOnceThenReported() throws Exception {
    java.util.concurrent.atomic.AtomicInteger accepted =
        new java.util.concurrent.atomic.AtomicInteger();
    try (ServerSocket s = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread t =
          new Thread(
              () -> {
                while (!s.isClosed()) {
                  try (java.net.Socket c = s.accept()) {
                    accepted.incrementAndGet();
                    c.getInputStream().read(new byte[1024]);
                    c.getOutputStream().write("garbage\r\n\r\n".getBytes());
                  } catch (IOException e) {
                    return;
                  }
                }
              },
              "broken-ipfs");
      t.setDaemon(true);
      t.start();
      String url = "http://127.0.0.1:" + s.getLocalPort();
      KuboClient c = KuboClient.builder().api(url).requestTimeout(Duration.ofSeconds(5)).build();
      IpfsException e = assertThrows(IpfsException.class, c::version);
      assertTrue(
          e.getMessage().startsWith("IPFS daemon at " + url + ": version failed: "),
          e.getMessage());
      assertEquals(2, accepted.get());
    }
  }

  @Test
  void builderChecks() {
    assertEquals("http://127.0.0.1:5001", KuboClient.create().api());
    assertThrows(IllegalArgumentException.class, () -> KuboClient.create("ftp://x"));
    assertThrows(IllegalArgumentException.class, () -> KuboClient.create("127.0.0.1:5001"));
    assertThrows(
        IllegalArgumentException.class, () -> KuboClient.builder().requestTimeout(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> KuboClient.create().add(new byte[1], 2, true));
  }
}
