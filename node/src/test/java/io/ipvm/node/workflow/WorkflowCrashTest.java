package io.ipvm.node.workflow;

import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.store.FileBlockStore;
import io.ipvm.memo.table.Memo;
import io.ipvm.memo.table.MemoConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM ({@link CrashWorkflowChild}) runs a long workflow and acknowledges each task; it is
 * killed with SIGKILL after a few acks. Rerunning the workflow over the same IPVM home must replay
 * every acknowledged receipt (same receipt CID, no guest call) and run only the rest.
 */
class WorkflowCrashTest {
  @TempDir Path tmp;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void acknowledgedReceiptsSurviveSigkillAndAreReplayed() throws Exception {
    Path home = tmp.resolve("home");
    Path wasm = tmp.resolve("runaways.wasm");
    Files.write(wasm, TestSupport.wat(TestSupport.RUNAWAYS));
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path err = tmp.resolve("child.err");
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CrashWorkflowChild.class.getName(),
                home.toString(),
                wasm.toString())
            .redirectError(err.toFile())
            .start();
    Map<Cid, Cid> acked = new LinkedHashMap<>();
    boolean done = false;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      while (acked.size() < 6) {
        String line = out.readLine();
        if (line == null) {
          fail("child ended after " + acked.size() + " acks: " + Files.readString(err));
        }
        ack(line, acked);
      }
      assertTrue(p.toHandle().destroyForcibly(), "SIGKILL");
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      String line;
      while ((line = out.readLine()) != null) {
        done |= line.equals("done");
        ack(line, acked);
      }
    } finally {
      p.destroyForcibly();
    }
    assertFalse(done, "the child finished before the kill: make its tasks slower");
    assertTrue(acked.size() < CrashWorkflowChild.TASKS, acked.size() + " acks");

    FileBlockStore store = new FileBlockStore(home.resolve("blocks"));
    String rsc = TestSupport.add(store, Files.readAllBytes(wasm));
    try (WorkflowRunner runner =
        new WorkflowRunner(
            Memo.open(home, MemoConfig.DEFAULTS),
            ContentSource.of(store),
            WorkflowRunner.Config.defaults().withConcurrency(2))) {
      WorkflowResult result = runner.run(CrashWorkflowChild.workflow(rsc), null);
      assertTrue(result.ok());
      for (TaskOutcome t : result.tasks()) {
        Cid receipt = acked.get(t.node().instructionCid());
        if (receipt != null) {
          assertTrue(t.replayed(), "acknowledged task " + t.node().index() + " ran again");
          assertEquals(receipt, t.receiptCid());
        }
      }
      assertTrue(result.replayed() >= acked.size());
      assertEquals(CrashWorkflowChild.TASKS - result.replayed(), result.executed());
      assertEquals(result.executed(), runner.guestCalls());
      assertTrue(result.executed() > 0, "the kill left nothing to do");
      System.out.printf(
          "workflow crash: %d acked before SIGKILL, %d replayed, %d run after%n",
          acked.size(), result.replayed(), result.executed());
    }
  }

  private static void ack(String line, Map<Cid, Cid> acked) {
    if (line.startsWith("ack ")) {
      String[] parts = line.split(" ");
      acked.put(Cid.parse(parts[1]), Cid.parse(parts[2]));
    }
  }
}
