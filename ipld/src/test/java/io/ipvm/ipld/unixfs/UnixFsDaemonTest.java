package io.ipvm.ipld.unixfs;

import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.ipfs.KuboClient;
import io.ipvm.ipld.store.MemoryBlockStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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
  private static final Path NODE_DIR = Path.of("ipfs-node").toAbsolutePath();
  private static final Path SCRIPT = NODE_DIR.resolve("ipfs-node.sh");

  private static Path tmp;
  private static Path repo;
  private static String api;
  private static KuboClient ipfs;

  @BeforeAll
  static void startDaemon() throws Exception {
    boolean installed = Files.isDirectory(NODE_DIR.resolve("node_modules/ipfs"));
    boolean node = nodeWorks();
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    String why =
        "js-ipfs daemon unavailable: needs `node` on PATH and `"
            + SCRIPT
            + " install` (.ci/run does it)";
    if (ci) {
      assertTrue(installed && node, why);
    } else {
      Assumptions.assumeTrue(installed && node, why);
    }
    tmp = Files.createTempDirectory("ipvm-ipfs-test");
    repo = tmp.resolve("repo");
    script(60, "init", repo.toString(), "0", "0", "0");
    api = script(90, "start", repo.toString()).strip();
    assertTrue(api.startsWith("http://127.0.0.1:"), () -> "unexpected API address: " + api);
    ipfs =
        KuboClient.builder()
            .api(api)
            .connectTimeout(Duration.ofSeconds(5))
            .requestTimeout(Duration.ofSeconds(30))
            .build();
  }

  @AfterAll
  static void stopDaemon() throws Exception {
    if (repo == null) {
      return;
    }
    try {
      script(30, "stop", repo.toString());
    } finally {
      // last resort, in case the script could not stop it
      Path pid = repo.resolve("daemon.pid");
      if (Files.exists(pid)) {
        ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
            .ifPresent(ProcessHandle::destroyForcibly);
      }
      deleteTree(tmp);
    }
  }

  /** Runs ipfs-node.sh with a time limit; returns its stdout, fails with stderr (the log). */
  private static String script(int seconds, String... args) throws Exception {
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    List<String> cmd = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd)
            .directory(NODE_DIR.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("ipfs-node.sh " + args[0] + " timed out after " + seconds + " s; " + log(err));
    }
    if (p.exitValue() != 0) {
      fail("ipfs-node.sh " + args[0] + " failed (exit " + p.exitValue() + "); " + log(err));
    }
    return Files.readString(out);
  }

  private static String log(Path err) throws IOException {
    String s = Files.readString(err);
    Path daemonLog = repo == null ? null : repo.resolve("daemon.log");
    if (daemonLog != null && Files.exists(daemonLog) && !s.contains("Daemon")) {
      s += "\n--- daemon.log ---\n" + Files.readString(daemonLog);
    }
    return "output:\n" + s;
  }

  private static boolean nodeWorks() {
    try {
      Process p =
          new ProcessBuilder("node", "--version")
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
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
