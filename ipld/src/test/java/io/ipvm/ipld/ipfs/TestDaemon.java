package io.ipvm.ipld.ipfs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real js-ipfs 0.66.1 daemon for tests, started on loopback with free ports by {@code
 * ipfs-node/ipfs-node.sh} (installed by {@code ipfs-node.sh install}, which {@code .ci/run} runs).
 * If it cannot start, the calling test fails with its log; when node or the npm package is missing,
 * it fails saying how to install them (it is never skipped). Shared by every test class that needs
 * a daemon; {@link #close()} stops it (killing it if it will not stop) and removes its repository.
 * Several may run at once: each has its own repository and free loopback ports. ipld publishes it
 * in its test jar, so other modules' tests use it too.
 */
public final class TestDaemon implements AutoCloseable {
  /**
   * The recipe directory: {@code ipfs-node} when run from the ipld module (its tests), else {@code
   * ipld/ipfs-node} in the working directory or above it (other modules' tests, through ipld's test
   * jar, run from their own module directory).
   */
  private static final Path NODE_DIR = findNodeDir();

  private static final Path SCRIPT = NODE_DIR.resolve("ipfs-node.sh");

  private final Path tmp;
  private final Path repo;
  private String api;

  private TestDaemon(Path tmp) {
    this.tmp = tmp;
    this.repo = tmp.resolve("repo");
  }

  /** Starts a daemon in a fresh temporary directory named after {@code prefix}. */
  public static TestDaemon start(String prefix) throws Exception {
    boolean installed = Files.isDirectory(NODE_DIR.resolve("node_modules/ipfs"));
    boolean node = nodeWorks();
    // Never skipped: a skipped real-daemon test reads as "Tests run: 0" and passes. mvn verify
    // installs the daemon (ipld/npm-install.sh); without node it fails here saying what to do.
    assertTrue(
        installed && node,
        "js-ipfs daemon unavailable: needs `node` on PATH and `"
            + SCRIPT
            + " install` (mvn verify runs it through ipld/npm-install.sh; .ci/run too)");
    TestDaemon d = new TestDaemon(Files.createTempDirectory(prefix));
    try {
      d.script(60, "init", d.repo.toString(), "0", "0", "0");
      d.api = d.script(90, "start", d.repo.toString()).strip();
      assertTrue(d.api.startsWith("http://127.0.0.1:"), () -> "unexpected API address: " + d.api);
    } catch (Throwable t) {
      d.close();
      throw t;
    }
    return d;
  }

  /** The RPC API address, e.g. {@code http://127.0.0.1:45123}. */
  public String api() {
    return api;
  }

  /** A scratch directory that lives as long as the daemon. */
  public Path tmp() {
    return tmp;
  }

  /** Stops the daemon (its repository stays until {@link #close()}). */
  public void stop() throws Exception {
    script(30, "stop", repo.toString());
  }

  @Override
  public void close() throws Exception {
    try {
      if (Files.exists(repo.resolve("daemon.pid"))) {
        stop();
      }
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
  private String script(int seconds, String... args) throws Exception {
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd)
            .directory(NODE_DIR.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
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

  private String log(Path err) throws IOException {
    String s = Files.readString(err);
    Path daemonLog = repo.resolve("daemon.log");
    if (Files.exists(daemonLog) && !s.contains("Daemon")) {
      s += "\n--- daemon.log ---\n" + Files.readString(daemonLog);
    }
    return "output:\n" + s;
  }

  private static Path findNodeDir() {
    Path here = Path.of("").toAbsolutePath();
    if (Files.isRegularFile(here.resolve("ipfs-node/ipfs-node.sh"))) {
      return here.resolve("ipfs-node");
    }
    for (Path d = here; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("ipld/ipfs-node/ipfs-node.sh"))) {
        return d.resolve("ipld/ipfs-node");
      }
    }
    return here.resolve("ipfs-node"); // not found: start() reports it as not installed
  }

  private static boolean nodeWorks() {
    try {
      Process p =
          new ProcessBuilder("node", "--version")
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
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
}
