package io.ipvm.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The messages of item 8: each bad input named, no raw exception, no internal error. */
class MessagesTest {
  @TempDir Path tmp;

  private Map<String, String> home() throws IOException {
    Path home = tmp.resolve("home");
    Files.createDirectories(home);
    return Map.of("IPVM_HOME", home.toString());
  }

  @Test
  void truncatedModuleNamesTheSectionThatEndsEarly() throws Exception {
    byte[] fib = Files.readAllBytes(Cli.fib());
    Path cut = tmp.resolve("cut.wasm");
    Files.write(cut, Arrays.copyOf(fib, fib.length - 10));
    Cli.Result r = Cli.run(home(), "run", cut.toString(), "--invoke", "fib", "3");
    assertEquals(2, r.status(), r.toString());
    assertTrue(
        r.err()
            .startsWith(
                "error: invalid module " + cut + ": unexpected end: the code section declares"),
        r.err());
    assertTrue(r.err().contains("(is the file truncated?) at byte offset 0x"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void tableWithoutMaximumIsNotMinMax() throws Exception {
    Path wasm = Cli.wat(tmp, "table", "(module (table 10000001 funcref))");
    Cli.Result r = Cli.run(home(), "inspect", wasm.toString());
    assertEquals(2, r.status(), r.toString());
    assertTrue(r.err().contains("has a minimum of 10000001 elements and no maximum"), r.err());
    assertFalse(r.err().contains("greater than maximum"), r.err());
  }

  @Test
  void ipfsUrlThatIsNoCid() throws Exception {
    Cli.Result r = Cli.run(home(), "run", "ipfs://zzz");
    assertEquals(2, r.status(), r.toString());
    assertTrue(r.err().startsWith("error: not a CID: ipfs://zzz ("), r.err());
    assertFalse(r.err().contains("no such file"), r.err());
  }

  @Test
  void ipvmHomeThatIsAFile() throws Exception {
    Path file = tmp.resolve("afile");
    Files.writeString(file, "x");
    Map<String, String> env = Map.of("IPVM_HOME", file.toString());
    for (String[] args :
        List.of(
            new String[] {"run", Cli.fib().toString(), "--invoke", "fib", "3"},
            new String[] {"add", Cli.fib().toString()},
            new String[] {"memo", "ls"})) {
      Cli.Result r = Cli.run(env, args);
      assertEquals(2, r.status(), r.toString());
      assertTrue(r.err().startsWith("error: IPVM_HOME=" + file + " is not a directory"), r.err());
      assertFalse(r.err().contains("internal error"), r.err());
    }
  }

  @Test
  void daemonThatNeverAnswersIsNotBlamedOnPeers() throws Exception {
    Map<String, String> env = home();
    Files.writeString(Path.of(env.get("IPVM_HOME"), "config.json"), "{\"ipfs_timeout\": 0.5}");
    List<Socket> held = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    try {
                      while (true) {
                        held.add(silent.accept()); // accept, never reply
                      }
                    } catch (IOException closed) {
                      // test over
                    }
                  });
      String api = "http://127.0.0.1:" + silent.getLocalPort();
      Cli.Result r =
          Cli.run(
              env,
              "cat",
              "--ipfs-api",
              api,
              "bafkreify6dqwljry4jkcxkxvabuci4npwvyqt6pz5fjhco52aw7al65o7a");
      assertEquals(2, r.status(), r.toString());
      assertTrue(r.err().contains("the IPFS daemon at " + api + " does not answer"), r.err());
      assertFalse(r.err().contains("no peer"), r.err());
      acceptor.interrupt();
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void garbageAddAnswerIsEscaped() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = "\u001b[31mGARBAGE\u0007\u202e reversed".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      String api = "http://127.0.0.1:" + server.getAddress().getPort();
      Cli.Result r = Cli.run(home(), "add", "--ipfs-api", api, Cli.fib().toString());
      assertEquals(2, r.status(), r.toString());
      assertTrue(r.err().contains("not JSON: \\u001b[31mGARBAGE\\u0007\\u202e reversed"), r.err());
      assertFalse(r.err().chars().anyMatch(c -> c == 0x1b || c == 0x07 || c == 0x202e), r.err());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void workflowRscThatIsNotWasm() throws Exception {
    Map<String, String> env = home();
    Path text = tmp.resolve("notes.txt");
    Files.writeString(text, "hello world\n");
    String cid = Cli.run(env, "add", text.toString()).text().strip();
    String workflow =
        Files.readString(Cli.fib().resolveSibling("workflow-errors.json"))
            .replaceAll("ipfs://[a-z0-9]+", "ipfs://" + cid);
    Path file = tmp.resolve("wf.json");
    Files.writeString(file, workflow);
    Cli.Result r = Cli.run(env, "workflow", "run", file.toString());
    assertEquals(1, r.status(), r.toString());
    assertTrue(
        r.text()
            .contains(
                "is not a valid WebAssembly module: magic header not detected: the bytes start"
                    + " with 68 65 6c 6c, a WebAssembly binary with 00 61 73 6d (\\0asm) at byte"
                    + " offset 0x0"),
        r.toString());
    assertFalse(r.text().contains("section size mismatch"), r.text());
  }
}
