package io.ipvm.node.workflow;

import io.ipvm.ipld.store.FileBlockStore;
import io.ipvm.memo.model.Task;
import io.ipvm.memo.model.Workflow;
import io.ipvm.memo.table.Memo;
import io.ipvm.memo.table.MemoConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link #workflow} in its own JVM for {@link WorkflowCrashTest} and prints {@code ack
 * INSTRUCTION RECEIPT} for each task as the runner reports it complete; the test kills it with
 * SIGKILL part-way.
 */
public final class CrashWorkflowChild {
  private CrashWorkflowChild() {}

  static final int TASKS = 40;

  /** Slow independent tasks (each counts to tens of millions) over the module at {@code rsc}. */
  static Workflow workflow(String rsc) {
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      tasks.add(TestSupport.task(TestSupport.call(rsc, "count", List.of(60_000_000L + i))));
    }
    return new Workflow(tasks);
  }

  /** Arguments: the IPVM home and the guest's .wasm file. */
  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    FileBlockStore store = new FileBlockStore(home.resolve("blocks"));
    String rsc = TestSupport.add(store, Files.readAllBytes(Path.of(args[1])));
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    try (WorkflowRunner runner =
        new WorkflowRunner(
            Memo.open(home, MemoConfig.DEFAULTS),
            ContentSource.of(store),
            WorkflowRunner.Config.defaults().withConcurrency(2))) {
      runner.run(
          workflow(rsc),
          o -> {
            out.println("ack " + o.node().instructionCid() + " " + o.receiptCid());
            out.flush();
          });
    }
    out.println("done");
    out.flush();
  }
}
