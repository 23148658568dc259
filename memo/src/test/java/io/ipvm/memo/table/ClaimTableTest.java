package io.ipvm.memo.table;

import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.DagCbor;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.Multihash;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Claims: exclusive between threads, tables and processes; released when a holder dies. */
class ClaimTableTest {
  @TempDir Path tmp;

  static Cid instruction(long i) {
    return Cid.of(Multicodec.DAG_CBOR, Multihash.SHA3_256, DagCbor.encode(Map.of("claim", i)));
  }

  @Test
  void aClaimIsExclusiveUntilClosed() throws Exception {
    ClaimTable claims = new ClaimTable(tmp.resolve("claims"));
    Cid a = instruction(1);
    ClaimTable.Claim held = claims.tryClaim(a).orElseThrow();
    assertEquals(a, held.instruction());
    // another thread, and another table over the same directory in this JVM (no
    // OverlappingFileLockException): both see it taken
    ClaimTable other = new ClaimTable(tmp.resolve("claims"));
    ExecutorService ex = Executors.newSingleThreadExecutor();
    try {
      assertTrue(ex.submit(() -> claims.tryClaim(a)).get().isEmpty());
      assertTrue(ex.submit(() -> other.tryClaim(a)).get().isEmpty());
      held.close();
      held.close(); // twice is harmless
      Optional<ClaimTable.Claim> again = ex.submit(() -> other.tryClaim(a)).get();
      assertTrue(again.isPresent());
      ex.submit(() -> again.get().close()).get();
    } finally {
      ex.shutdownNow();
    }
    assertTrue(claims.tryClaim(a).isPresent());
  }

  @Test
  void threadsExcludeEachOtherPerInstructionNotPerStripe() throws Exception {
    ClaimTable claims = new ClaimTable(tmp.resolve("claims"), 4);
    Cid a = instruction(100);
    Cid b = instruction(101);
    for (long i = 102; claims.stripe(b) != claims.stripe(a); i++) {
      b = instruction(i);
    }
    Cid sameStripe = b;
    ClaimTable.Claim ca = claims.tryClaim(a).orElseThrow();
    ExecutorService ex = Executors.newSingleThreadExecutor();
    try {
      // another instruction of the stripe: this process already holds the stripe's lock
      ClaimTable.Claim cb = ex.submit(() -> claims.tryClaim(sameStripe)).get().orElseThrow();
      assertTrue(ex.submit(() -> claims.tryClaim(a)).get().isEmpty());
      ca.close(); // the stripe stays locked for b
      assertTrue(ex.submit(() -> claims.tryClaim(sameStripe)).get().isEmpty());
      ClaimTable.Claim again = claims.tryClaim(a).orElseThrow();
      ex.submit(cb::close).get();
      again.close();
    } finally {
      ex.shutdownNow();
    }
    assertTrue(claims.tryClaim(sameStripe).isPresent());
  }

  @Test
  void claimWaitsForTheHolderAndNeverOverlaps() throws Exception {
    ClaimTable claims = new ClaimTable(tmp.resolve("claims"), 8);
    Cid a = instruction(7);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger entered = new AtomicInteger();
    List<Future<?>> fs = new ArrayList<>();
    try (ExecutorService ex = Executors.newFixedThreadPool(6)) {
      for (int t = 0; t < 6; t++) {
        fs.add(
            ex.submit(
                () -> {
                  for (int i = 0; i < 20; i++) {
                    try (ClaimTable.Claim c = claims.claim(a)) {
                      most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                      entered.incrementAndGet();
                      Thread.sleep(1);
                      inside.decrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
    }
    assertEquals(120, entered.get());
    assertEquals(1, most.get(), "two threads held one claim at once");
  }

  @Test
  void lockFilesAreBoundedByTheStripes() throws Exception {
    ClaimTable claims = new ClaimTable(tmp.resolve("claims"), 16);
    Set<Integer> stripes = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      Cid c = instruction(i);
      stripes.add(claims.stripe(c));
      claims.tryClaim(c).orElseThrow().close();
    }
    assertEquals(16, stripes.size(), "2000 instructions should use every stripe");
    try (Stream<Path> files = Files.list(claims.dir())) {
      assertEquals(16, files.count());
    }
    // the stripe is a function of the CID's bytes: the same in every process
    assertEquals(
        claims.stripe(instruction(5)), new ClaimTable(tmp.resolve("x"), 16).stripe(instruction(5)));
    assertThrows(IllegalArgumentException.class, () -> new ClaimTable(claims.dir(), 32));
  }

  @Test
  void theMemoTableListsNoClaims() {
    Memo memo = Memo.open(tmp, MemoConfig.DEFAULTS);
    memo.claims().tryClaim(instruction(3)).orElseThrow().close();
    assertTrue(Files.isDirectory(tmp.resolve("memo").resolve(MemoTable.CLAIMS)));
    assertEquals(List.of(), memo.table().list());
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void anotherProcessHoldsTheClaimUntilItIsKilled() throws Exception {
    Path home = tmp.resolve("home");
    Cid a = instruction(42);
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path err = tmp.resolve("holder.err");
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ClaimHolder.class.getName(),
                home.toString(),
                a.toString())
            .redirectError(err.toFile())
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertEquals("held " + a, line, () -> "holder: " + readQuietly(err));
      Memo memo = Memo.open(home, MemoConfig.DEFAULTS);
      assertTrue(memo.claims().tryClaim(a).isEmpty(), "the other process's claim was taken");
      // other instructions (on other stripes) are free meanwhile
      Cid b = instruction(43);
      for (long i = 44; memo.claims().stripe(b) == memo.claims().stripe(a); i++) {
        b = instruction(i);
      }
      memo.claims().tryClaim(b).orElseThrow().close();
      // one on the child's stripe is not: the price of a bounded number of lock files
      Cid neighbour = instruction(1_000);
      for (long i = 1_001; memo.claims().stripe(neighbour) != memo.claims().stripe(a); i++) {
        neighbour = instruction(i);
      }
      assertTrue(memo.claims().tryClaim(neighbour).isEmpty());

      CountDownLatch waiting = new CountDownLatch(1);
      ExecutorService ex = Executors.newSingleThreadExecutor();
      try {
        Future<ClaimTable.Claim> got =
            ex.submit(
                () -> {
                  waiting.countDown();
                  return memo.claims().claim(a);
                });
        waiting.await();
        Thread.sleep(200);
        assertFalse(got.isDone(), "claim() returned while the other process held it");
        assertTrue(p.toHandle().destroyForcibly(), "SIGKILL");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        // the OS released the dead holder's lock: the waiter gets the claim
        ClaimTable.Claim c = got.get(30, TimeUnit.SECONDS);
        assertEquals(a, c.instruction());
        ex.submit(c::close).get();
      } finally {
        ex.shutdownNow();
      }
    } finally {
      p.destroyForcibly();
    }
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
