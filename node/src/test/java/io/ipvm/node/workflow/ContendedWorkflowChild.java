package io.ipvm.node.workflow;

import io.ipvm.ipld.store.FileBlockStore;
import io.ipvm.memo.model.Task;
import io.ipvm.memo.model.Workflow;
import io.ipvm.memo.table.Memo;
import io.ipvm.memo.table.MemoConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a workflow in its own JVM for {@link ContendedWorkflowTest}, over an IPVM home another
 * process uses at the same time. Prints {@code ready}, waits for {@code go} on standard input, then
 * prints {@code task INDEX RECEIPT EXECUTED REPLAYED WAITED} (0/1 flags) per completed task and
 * {@code result EXECUTED REPLAYED WAITED REPLAYED_AFTER_WAIT FAILED} and {@code done} at the end.
 * Exits when its standard input closes (the test JVM is gone).
 *
 * <p>Arguments: the home, the guest's .wasm file ({@link TestSupport#RUNAWAYS}), and {@code many N}
 * (N quick independent tasks) or {@code slow N} (one task counting to N, unmetered).
 */
public final class ContendedWorkflowChild {
  private ContendedWorkflowChild() {}

  /** {@code count(1000 + i)} for i below n: quick tasks, each its own instruction. */
  static Workflow many(String rsc, int n) {
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(TestSupport.task(TestSupport.call(rsc, "count", List.of(1000L + i))));
    }
    return new Workflow(tasks);
  }

  /** One task counting to {@code n}, with fuel and time unlimited (plain code: fast). */
  static Workflow slow(String rsc, long n) {
    return new Workflow(
        List.of(
            TestSupport.task(
                TestSupport.call(rsc, "count", List.of(n)),
                "fuel",
                Long.MAX_VALUE,
                "time",
                Long.MAX_VALUE)));
  }

  /** See the class comment. */
  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    FileBlockStore store = new FileBlockStore(home.resolve("blocks"));
    String rsc = TestSupport.add(store, Files.readAllBytes(Path.of(args[1])));
    Workflow wf =
        args[2].equals("many")
            ? many(rsc, Integer.parseInt(args[3]))
            : slow(rsc, Long.parseLong(args[3]));
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    out.println("ready");
    out.flush();
    if (!"go".equals(in.readLine())) {
      return;
    }
    Thread watchdog =
        new Thread(
            () -> {
              try {
                while (in.read() >= 0) {}
              } catch (IOException e) {
                // fall through
              }
              Runtime.getRuntime().halt(3);
            });
    watchdog.setDaemon(true);
    watchdog.start();
    try (WorkflowRunner runner =
        new WorkflowRunner(
            Memo.open(home, MemoConfig.DEFAULTS),
            ContentSource.of(store),
            WorkflowRunner.Config.defaults().withConcurrency(2))) {
      WorkflowResult r =
          runner.run(
              wf,
              o -> {
                out.println(
                    "task "
                        + o.node().index()
                        + " "
                        + o.receiptCid()
                        + " "
                        + (o.executed() ? 1 : 0)
                        + " "
                        + (o.replayed() ? 1 : 0)
                        + " "
                        + (o.waited() ? 1 : 0));
                out.flush();
              });
      out.println(
          "result "
              + r.executed()
              + " "
              + r.replayed()
              + " "
              + r.waited()
              + " "
              + r.replayedAfterWait()
              + " "
              + r.failed());
    }
    out.println("done");
    out.flush();
  }
}
