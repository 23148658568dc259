package io.ipvm.node.workflow;

import io.ipvm.memo.graph.WorkflowGraph;
import java.util.List;

/**
 * The outcome of running a workflow: one {@link TaskOutcome} per task, in document order.
 *
 * @param graph the workflow's graph (CIDs, batches)
 * @param tasks the outcomes, in document order
 * @param peakConcurrency the most tasks that ran at the same time
 */
public record WorkflowResult(WorkflowGraph graph, List<TaskOutcome> tasks, int peakConcurrency) {
  /** Copies the list. */
  public WorkflowResult {
    tasks = List.copyOf(tasks);
  }

  /** How many tasks called their guest in this run. */
  public long executed() {
    return tasks.stream().filter(TaskOutcome::executed).count();
  }

  /** How many receipts were replayed from the memo table. */
  public long replayed() {
    return tasks.stream().filter(TaskOutcome::replayed).count();
  }

  /**
   * How many tasks found their instruction claimed by another process (or another run in this
   * process) and waited for it; {@link #replayedAfterWait()} of them then replayed its receipt.
   */
  public long waited() {
    return tasks.stream().filter(TaskOutcome::waited).count();
  }

  /** How many tasks waited for another holder's claim and then replayed the holder's receipt. */
  public long replayedAfterWait() {
    return tasks.stream().filter(t -> t.waited() && t.replayed()).count();
  }

  /** How many tasks ended with an error receipt. */
  public long failed() {
    return tasks.stream().filter(t -> !t.ok()).count();
  }

  /** Whether every task has an ok receipt. */
  public boolean ok() {
    return failed() == 0;
  }
}
