package io.ipvm.memo.table;

import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.store.FileBlockStore;
import io.ipvm.memo.model.Receipt;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real crash test: two child JVMs ({@link CrashMemoWriter}) record receipts and memo entries
 * into one IPVM home, printing an ack after each; after some acks both are killed with SIGKILL. On
 * reopen every acknowledged entry must be there and resolve to an intact receipt, every entry on
 * disk must resolve, nothing may be quarantined, and the only other files may be temporary files.
 * Rounds reuse the same home, so later rounds also reopen after earlier kills.
 */
class MemoCrashTest {
  private static final int ROUNDS = 5;

  @TempDir Path tmp;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void ackedEntriesSurviveSigkill() throws Exception {
    Path home = tmp.resolve("home");
    Map<Cid, Cid> acked = new LinkedHashMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      List<Writer> writers = new ArrayList<>();
      try {
        for (int w = 0; w < 2; w++) {
          writers.add(
              Writer.start(home, -1 - round, 1000L * round + w, tmp.resolve("err" + round + w)));
        }
        int target = 40 + 23 * round; // vary where the kill lands
        for (Writer w : writers) {
          w.readAcks(target, acked);
        }
        for (Writer w : writers) {
          // SIGKILL through the handle, which leaves the pipe readable for acks already printed
          assertTrue(w.process.toHandle().destroyForcibly());
        }
        for (Writer w : writers) {
          assertTrue(w.process.waitFor(30, TimeUnit.SECONDS), "writer did not die");
          w.drain(acked);
        }
      } finally {
        for (Writer w : writers) {
          w.process.destroyForcibly();
        }
      }
      check(home, acked, round);
    }
  }

  private static void check(Path home, Map<Cid, Cid> acked, int round) throws IOException {
    Memo memo = Memo.open(home, new MemoConfig(0, 0, 0)); // no caches: read the disk
    for (Map.Entry<Cid, Cid> e : acked.entrySet()) {
      Memo.Hit hit =
          memo.lookup(e.getKey())
              .orElseThrow(() -> new AssertionError("acked entry " + e.getKey() + " lost"));
      assertEquals(e.getValue(), hit.receiptCid());
      assertEquals(e.getValue(), hit.receipt().cid());
    }
    List<MemoEntry> entries = memo.table().list();
    assertTrue(entries.size() >= acked.size(), entries.size() + " entries");
    for (MemoEntry e : entries) {
      Receipt r =
          memo.receipts()
              .get(e.receipt())
              .orElseThrow(() -> new AssertionError("entry " + e + " has no receipt"));
      assertEquals(e.receipt(), r.cid());
    }
    Path memoRoot = home.resolve("memo");
    Path blockRoot = home.resolve("blocks");
    assertFalse(Files.exists(memoRoot.resolve(MemoTable.QUARANTINE)), "a memo entry was torn");
    assertFalse(Files.exists(blockRoot.resolve("quarantine")), "a block was torn");
    int temps = 0;
    for (Path root : List.of(memoRoot, blockRoot)) {
      try (Stream<Path> all = Files.walk(root)) {
        for (Path p : all.filter(Files::isRegularFile).toList()) {
          String name = p.getFileName().toString();
          if (name.startsWith(MemoTable.TEMP_PREFIX)) {
            temps++;
          } else {
            Cid.parse(name); // every other file is named by a CID
          }
        }
      }
    }
    int cleaned =
        memo.table().cleanTempFiles(Duration.ZERO)
            + new FileBlockStore(blockRoot).cleanTempFiles(Duration.ZERO);
    assertEquals(temps, cleaned);
    System.out.printf(
        "memo crash round %d: %d acked entries, %d entries on disk, %d temp files cleaned%n",
        round, acked.size(), entries.size(), cleaned);
  }

  private record Writer(Process process, BufferedReader out, Path err) {
    static Writer start(Path home, long sharedSeed, long ownSeed, Path err) throws IOException {
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
              CrashMemoWriter.class.getName(),
              home.toString(),
              Long.toString(sharedSeed),
              Long.toString(ownSeed));
      pb.redirectError(err.toFile());
      Process p = pb.start();
      return new Writer(
          p,
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)),
          err);
    }

    void readAcks(int n, Map<Cid, Cid> acked) throws IOException {
      int seen = 0;
      while (seen < n) {
        String line = out.readLine();
        if (line == null) {
          fail("writer ended after " + seen + " acks; stderr: " + Files.readString(err));
        }
        if (ack(line, acked)) {
          seen++;
        }
      }
    }

    void drain(Map<Cid, Cid> acked) throws IOException {
      String line;
      while ((line = out.readLine()) != null) {
        ack(line, acked);
      }
    }

    private static boolean ack(String line, Map<Cid, Cid> acked) {
      if (!line.startsWith("ack ")) {
        return false;
      }
      String[] parts = line.split(" ");
      acked.put(Cid.parse(parts[1]), Cid.parse(parts[2]));
      return true;
    }
  }
}
