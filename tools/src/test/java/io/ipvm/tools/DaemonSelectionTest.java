package io.ipvm.tools;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ipvm.ipld.Cid;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.Multihash;
import io.ipvm.ipld.store.FileBlockStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Choosing the IPFS daemon (--ipfs-api, IPVM_IPFS_API, config.json) and what the commands say when
 * it is down or answers garbage, against a closed port and a small fake daemon on 127.0.0.1.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DaemonSelectionTest {
  @TempDir Path home;
  @TempDir Path files;

  private HttpServer server;
  private ExecutorService executor;
  private String fake;

  /** What the fake daemon answers, by path ("/api/v0/block/get"); 404 for anything else. */
  private final Map<String, Function<String, byte[]>> answers = new ConcurrentHashMap<>();

  private final List<String> calls = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile long delayMs;

  @BeforeEach
  void startFake() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    fake = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopFake() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String query = ex.getRequestURI().getQuery();
      ex.getRequestBody().readAllBytes();
      calls.add(path + (query == null ? "" : "?" + query));
      // A daemon answers version at once, however long it waits on bitswap for a block.
      if (delayMs > 0 && !path.equals("/api/v0/version")) {
        try {
          Thread.sleep(delayMs);
        } catch (InterruptedException e) {
          return;
        }
      }
      Function<String, byte[]> f = answers.get(path);
      byte[] body = f == null ? "{\"Message\":\"Not Found\"}".getBytes() : f.apply(query);
      ex.sendResponseHeaders(f == null ? 404 : status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        ex.getResponseBody().write(body);
      }
    }
  }

  private static String closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + s.getLocalPort();
    }
  }

  private Map<String, String> env(String... kv) {
    Map<String, String> m = new HashMap<>();
    m.put("IPVM_HOME", home.toString());
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static final Cid ELSEWHERE = Cid.of(Multicodec.RAW, Multihash.SHA2_256, new byte[] {1});

  /** One line on stderr, no Java stack trace. */
  private static void oneLine(Cli.Result r) {
    assertEquals(1, r.err().lines().count(), r::toString);
    assertFalse(r.err().contains("Exception"), r::toString);
    assertFalse(r.err().contains("\tat "), r::toString);
  }

  @Test
  void daemonDownIsOneClearLine() throws IOException {
    String down = closedPort();
    Cli.Result r =
        Cli.run(env(), "run", "--ipfs-api", down, ELSEWHERE.toString(), "--invoke", "fib", "20");
    assertEquals(2, r.status(), r::toString);
    assertEquals(
        "error: cannot reach the IPFS daemon at "
            + down
            + " (connection refused); start it or drop --ipfs-api\n",
        r.err());
    assertEquals("", r.text());

    // the same for cat, car export and add (which writes to the daemon too)
    Cli.Result c = Cli.run(env(), "cat", "--ipfs-api=" + down, ELSEWHERE.toString());
    assertEquals(2, c.status(), c::toString);
    oneLine(c);
    assertTrue(c.err().startsWith("error: cannot reach the IPFS daemon at " + down), c::toString);
    Cli.Result e = Cli.run(env(), "car", "export", "--ipfs-api", down, ELSEWHERE.toString(), "-");
    assertEquals(2, e.status(), e::toString);
    oneLine(e);
    assertTrue(e.err().startsWith("error: cannot reach the IPFS daemon at " + down), e::toString);
    Cli.Result a = Cli.run(env(), "add", "--ipfs-api", down, Cli.fib().toString());
    assertEquals(2, a.status(), a::toString);
    oneLine(a);
    assertTrue(a.err().startsWith("error: cannot reach the IPFS daemon at " + down), a::toString);

    // what is already in the embedded store needs no daemon
    String cid = Cli.run(env(), "add", Cli.fib().toString()).text().strip();
    Cli.Result local = Cli.run(env(), "run", "--ipfs-api", down, cid, "--invoke", "fib", "20");
    assertEquals(0, local.status(), local::toString);
    assertEquals("6765\n", local.text());
  }

  @Test
  void precedenceFlagThenEnvThenConfig() throws IOException {
    String flag = closedPort();
    String envApi = closedPort() + "/";
    String config = closedPort();
    Files.writeString(home.resolve("config.json"), "{\"ipfs_api\": \"" + config + "\"}");
    String cid = ELSEWHERE.toString();

    Cli.Result r = Cli.run(env("IPVM_IPFS_API", envApi), "cat", "--ipfs-api", flag, cid);
    assertTrue(r.err().contains("daemon at " + flag + " "), r::toString);

    r = Cli.run(env("IPVM_IPFS_API", envApi), "cat", cid);
    String envNormalized = envApi.substring(0, envApi.length() - 1);
    assertEquals(
        "error: cannot reach the IPFS daemon at "
            + envNormalized
            + " (connection refused); start it or unset IPVM_IPFS_API\n",
        r.err());

    r = Cli.run(env(), "cat", cid);
    assertEquals(
        "error: cannot reach the IPFS daemon at "
            + config
            + " (connection refused); start it or remove \"ipfs_api\" from "
            + home.resolve("config.json")
            + "\n",
        r.err());

    // an empty value switches the daemon off: only the embedded store is asked
    r = Cli.run(env("IPVM_IPFS_API", ""), "cat", cid);
    assertEquals(2, r.status());
    assertTrue(r.err().startsWith("error: " + cid + " is not in the block store "), r::toString);
    r = Cli.run(env("IPVM_IPFS_API", envApi), "cat", "--ipfs-api=", cid);
    assertTrue(r.err().startsWith("error: " + cid + " is not in the block store "), r::toString);

    // Kubo's multiaddr form is accepted too
    String port = flag.substring(flag.lastIndexOf(':') + 1);
    r = Cli.run(env(), "cat", "--ipfs-api", "/ip4/127.0.0.1/tcp/" + port, cid);
    assertTrue(r.err().contains("daemon at " + flag + " "), r::toString);
  }

  @Test
  void badAddressesAndConfig() throws IOException {
    Cli.Result r = Cli.run(env(), "cat", "--ipfs-api", "ftp://x", ELSEWHERE.toString());
    assertEquals(2, r.status());
    assertTrue(
        r.err()
            .startsWith(
                "error: invalid IPFS API address \"ftp://x\" (from --ipfs-api): expected"
                    + " http://HOST:PORT or /ip4/HOST/tcp/PORT\n"),
        r::toString);

    r = Cli.run(env(), "cat", ELSEWHERE.toString(), "--ipfs-api");
    assertEquals(2, r.status());
    assertTrue(
        r.err().startsWith("error: --ipfs-api needs the daemon's RPC API address"), r::toString);

    Files.writeString(home.resolve("config.json"), "{\"ipfs_api\": ");
    r = Cli.run(env(), "cat", ELSEWHERE.toString());
    assertEquals(2, r.status());
    oneLine(r);
    assertTrue(
        r.err().startsWith("error: " + home.resolve("config.json") + " is not valid JSON"),
        r::toString);

    Files.writeString(home.resolve("config.json"), "{\"ipfs_api\": 5001}");
    r = Cli.run(env(), "cat", ELSEWHERE.toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains("\"ipfs_api\" must be a string"), r::toString);

    // commands that use no store do not read it
    r = Cli.run(env(), "inspect", Cli.fib().toString());
    assertEquals(0, r.status(), r::toString);
  }

  @Test
  void garbageAnswersAreOneLine() throws IOException {
    byte[] html = "<html><body>hello</body></html>".getBytes(StandardCharsets.UTF_8);
    answers.put("/api/v0/block/get", q -> html);
    answers.put("/api/v0/block/put", q -> html);

    Cli.Result r = Cli.run(env(), "run", "--ipfs-api", fake, ELSEWHERE.toString(), "--invoke", "f");
    assertEquals(2, r.status(), r::toString);
    oneLine(r);
    assertTrue(
        r.err()
            .startsWith(
                "error: corrupt block "
                    + ELSEWHERE
                    + ": the "
                    + html.length
                    + " bytes from the IPFS daemon at "
                    + fake),
        r::toString);
    assertTrue(r.err().endsWith("(is " + fake + " the RPC API of an IPFS daemon?)\n"), r::toString);
    assertFalse(new FileBlockStore(home.resolve("blocks")).has(ELSEWHERE), "nothing cached");

    Cli.Result a = Cli.run(env(), "add", "--ipfs-api", fake, Cli.fib().toString());
    assertEquals(2, a.status(), a::toString);
    oneLine(a);
    assertTrue(
        a.err()
            .startsWith(
                "error: unexpected response from " + fake + "/api/v0/block/put: not JSON: <html>"),
        a::toString);

    // a web server that is not a daemon at all: HTTP 404 for the RPC paths
    answers.clear();
    Cli.Result n = Cli.run(env(), "cat", "--ipfs-api", fake, ELSEWHERE.toString());
    assertEquals(2, n.status(), n::toString);
    oneLine(n);
    assertTrue(n.err().contains("block/get failed (HTTP 404): Not Found"), n::toString);
  }

  @Test
  void fetchesVerifiesAndCachesFromTheDaemon() throws IOException {
    byte[] module = Files.readAllBytes(Cli.fib());
    Cid cid = Cid.of(Multicodec.RAW, Multihash.SHA2_256, module);
    answers.put("/api/v0/block/get", q -> q.equals("arg=" + cid) ? module : new byte[0]);
    Cli.Result r =
        Cli.run(env("IPVM_IPFS_API", fake), "run", cid.toString(), "--invoke", "fib", "20");
    assertEquals(0, r.status(), r::toString);
    assertEquals("6765\n", r.text());
    assertTrue(new FileBlockStore(home.resolve("blocks")).has(cid), "cached");

    // now without the daemon: the embedded store has it
    stopFake();
    Cli.Result again =
        Cli.run(env("IPVM_IPFS_API", fake), "run", cid.toString(), "--invoke", "fib", "20");
    assertEquals("6765\n", again.text(), again::toString);
    startFake(); // for @AfterEach
  }

  @Test
  void missingEverywhereAfterTheConfiguredTimeout() throws IOException {
    Files.writeString(
        home.resolve("config.json"), "{\"ipfs_api\": \"" + fake + "\", \"ipfs_timeout\": 0.3}");
    answers.put("/api/v0/block/get", q -> new byte[0]);
    // ipvm asks for the version before blaming the peers (a silent daemon: MessagesTest)
    answers.put("/api/v0/version", q -> "{\"Version\":\"0.66.1\",\"Repo\":\"12\"}".getBytes());
    delayMs = 5000; // js-ipfs waits on bitswap for a block nobody has
    long start = System.nanoTime();
    Cli.Result r = Cli.run(env(), "cat", ELSEWHERE.toString());
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertEquals(2, r.status(), r::toString);
    assertEquals(
        "error: "
            + ELSEWHERE
            + " is not in the block store "
            + home.resolve("blocks")
            + ", and the IPFS daemon at "
            + fake
            + " did not deliver it within 300 ms (no peer of the daemon seems to have it)\n",
        r.err());
    assertTrue(ms < 4000, ms + " ms"); // well before the fake daemon would answer
  }

  @Test
  void addWritesThroughAndPins() throws IOException {
    byte[] module = Files.readAllBytes(Cli.fib());
    Cid cid = Cid.of(Multicodec.RAW, Multihash.SHA2_256, module);
    answers.put("/api/v0/block/put", q -> ("{\"Key\":\"" + cid + "\",\"Size\":1}").getBytes());
    answers.put("/api/v0/pin/add", q -> ("{\"Pins\":[\"" + cid + "\"]}").getBytes());
    Cli.Result r = Cli.run(env(), "add", "--ipfs-api", fake, Cli.fib().toString());
    assertEquals(0, r.status(), r::toString);
    assertEquals(cid + "\n", r.text());
    assertTrue(new FileBlockStore(home.resolve("blocks")).has(cid));
    assertEquals(2, calls.size(), calls::toString);
    assertTrue(calls.get(0).startsWith("/api/v0/block/put?format=raw"), calls::toString);
    assertTrue(calls.get(1).startsWith("/api/v0/pin/add?arg=" + cid), calls::toString);

    // without a daemon, add touches nothing else
    calls.clear();
    Cli.Result plain = Cli.run(env(), "add", Cli.fib().toString());
    assertEquals(0, plain.status());
    assertEquals(List.of(), calls);
  }
}
