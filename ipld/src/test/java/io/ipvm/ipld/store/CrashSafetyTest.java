package io.ipvm.ipld.store;

import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.Multihash;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills writer processes ({@link CrashWriter}) with SIGKILL in the middle of writing and checks the
 * store afterwards: every acknowledged block is there and intact, no block file is torn, leftover
 * temporary files are not blocks and can be cleaned. Two writers share the store, so they also
 * write the same blocks at the same time from different processes.
 */
class CrashSafetyTest {
  private static final int ROUNDS = 6;
  private static final int WRITERS = 2;

  @TempDir Path tmp;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void ackedBlocksSurviveSigkillAndNothingTornIsVisible() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      Path root = tmp.resolve("store" + round);
      List<Writer> writers = new ArrayList<>();
      try {
        runRound(root, round, writers);
      } finally {
        for (Writer w : writers) {
          w.process.destroyForcibly(); // whatever happened, no writer outlives the round
        }
      }
    }
  }

  private void runRound(Path root, int round, List<Writer> writers) throws Exception {
    for (int w = 0; w < WRITERS; w++) {
      writers.add(
          Writer.start(root, -1 - round, 1000L * round + w, tmp.resolve("err" + round + w)));
    }
    int target = 100 + 37 * round; // vary where the kill lands
    Set<Cid> acked = new LinkedHashSet<>();
    // read acks from both writers in turn until each has acknowledged `target` puts
    for (Writer w : writers) {
      w.readAcks(target, acked);
    }
    for (Writer w : writers) {
      // SIGKILL on Linux; through the handle, which (unlike Process.destroyForcibly) leaves the
      // pipe open so that the acks already printed can still be read
      assertTrue(w.process.toHandle().destroyForcibly());
    }
    for (Writer w : writers) {
      assertTrue(w.process.waitFor(30, TimeUnit.SECONDS), "writer did not die");
      w.drain(acked); // acks printed before the kill are still in the pipe
      w.process.destroyForcibly(); // closes the streams
    }

    FileBlockStore store = new FileBlockStore(root);
    for (Cid cid : acked) {
      byte[] data = store.get(cid).orElseThrow(() -> new AssertionError("acked " + cid + " lost"));
      assertEquals(cid.multihash(), Multihash.digest(Multihash.SHA2_256, data));
    }
    List<Path> blocks = FileBlockStoreTest.blockFiles(root);
    assertTrue(blocks.size() >= acked.size(), blocks.size() + " files");
    for (Path f : blocks) {
      Cid cid = Cid.parse(f.getFileName().toString());
      byte[] data = store.get(cid).orElseThrow(); // throws CorruptBlockException if torn
      assertEquals(cid.multihash(), Multihash.digest(Multihash.SHA2_256, data));
    }
    assertFalse(Files.exists(root.resolve(FileBlockStore.QUARANTINE)), "a block was corrupt");

    // anything else in the store is a temp file of a write the kill interrupted
    List<Path> others = otherFiles(root, blocks);
    for (Path p : others) {
      assertTrue(
          p.getFileName().toString().startsWith(FileBlockStore.TEMP_PREFIX), "stray file " + p);
    }
    assertEquals(others.size(), store.cleanTempFiles(Duration.ZERO));
    assertEquals(List.of(), otherFiles(root, blocks));
    System.out.printf(
        "crash round %d: %d acked blocks, %d block files, %d temp files cleaned%n",
        round, acked.size(), blocks.size(), others.size());
  }

  private static List<Path> otherFiles(Path root, List<Path> blocks) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(Files::isRegularFile).filter(p -> !blocks.contains(p)).toList();
    }
  }

  private record Writer(Process process, BufferedReader out, Path err) {
    static Writer start(Path root, long sharedSeed, long ownSeed, Path err) throws IOException {
      String java =
          ProcessHandle.current()
              .info()
              .command()
              .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      ProcessBuilder pb =
          new ProcessBuilder(
              java,
              "-cp",
              System.getProperty("java.class.path"),
              CrashWriter.class.getName(),
              root.toString(),
              Long.toString(sharedSeed),
              Long.toString(ownSeed));
      pb.redirectError(err.toFile());
      Process p = pb.start();
      return new Writer(
          p,
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)),
          err);
    }

    void readAcks(int n, Set<Cid> acked) throws IOException {
      int seen = 0;
      while (seen < n) {
        String line = out.readLine();
        if (line == null) {
          fail("writer ended after " + seen + " acks; stderr: " + Files.readString(err));
        }
        if (line.startsWith("ack ")) {
          acked.add(Cid.parse(line.substring(4)));
          seen++;
        }
      }
    }

    void drain(Set<Cid> acked) throws IOException {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ack ")) {
          acked.add(Cid.parse(line.substring(4)));
        }
      }
    }
  }
}
