package io.ipvm.tools;

import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.memo.graph.WorkflowGraph;
import io.ipvm.memo.model.Instruction;
import io.ipvm.memo.model.InstructionResult;
import io.ipvm.memo.model.Nonce;
import io.ipvm.memo.model.Receipt;
import io.ipvm.memo.model.Task;
import io.ipvm.memo.model.Workflow;
import io.ipvm.node.workflow.TaskOutcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-task line of {@code ipvm workflow run} tells when a task waited for another's claim. */
class WorkflowWaitLineTest {
  static final WorkflowGraph.Node NODE =
      WorkflowGraph.of(
              new Workflow(
                  List.of(
                      Task.of(
                          new Instruction(
                              "ipfs://bafkreiapnt2rydn6woshwo4bij3nsicesljsuqqc2eepvozwhji4k6szba",
                              "wasm/run",
                              Map.of("func", "add_one", "args", List.of(1L)),
                              Nonce.EMPTY),
                          Map.of()))))
          .nodes()
          .get(0);

  static TaskOutcome outcome(boolean replayed, boolean executed, boolean waited) {
    Receipt r = Receipt.of(NODE.invocationCid(), InstructionResult.ok(2L), "add_one");
    Cid cid = r.cid();
    return new TaskOutcome(
        NODE, r, cid, replayed, true, executed, 3_000_000, -1, -1, null, waited, false);
  }

  @Test
  void waitedTasksSaySo() {
    assertTrue(
        WorkflowCommand.line(outcome(true, false, true))
            .startsWith("tasks[0] add_one: ok 2 (replayed, 3 ms, after waiting for a claim)"),
        WorkflowCommand.line(outcome(true, false, true)));
    assertTrue(
        WorkflowCommand.line(outcome(false, true, true))
            .startsWith("tasks[0] add_one: ok 2 (ran, 3 ms, after waiting for a claim)"));
    String plain = WorkflowCommand.line(outcome(true, false, false));
    assertTrue(plain.startsWith("tasks[0] add_one: ok 2 (replayed, 3 ms)"), plain);
    assertFalse(plain.contains("waiting"));
  }
}
