package io.ipvm.node.workflow;

import io.ipvm.ipld.Cid;
import io.ipvm.memo.graph.WorkflowGraph;
import io.ipvm.memo.model.Receipt;

/**
 * What became of one task of a run: its receipt (computed now or replayed from the memo table) and
 * what the run measured. Fuel and time are reported here and not in the receipt, whose {@code meta}
 * stays the reference node's {@code {"op": func}} so that ok receipts have the reference node's
 * CIDs (node/README.md, "Receipts").
 *
 * @param node the task, with its CIDs
 * @param receipt the receipt
 * @param receiptCid its CID
 * @param replayed whether the receipt came from the memo table (nothing ran)
 * @param memoized whether the memo table now maps the instruction to this receipt
 * @param executed whether the guest was called (false for replays and for tasks that failed before
 *     the call: a missing module, an unresolved await, …)
 * @param nanos wall time spent on the task, replay and fetch included
 * @param fuelUsed fuel the guest consumed, or -1 when it ran unmetered or did not run
 * @param fuelLimit the task's fuel limit, or -1 when unlimited
 * @param error why it failed, or null for an ok receipt (also null for a replayed error receipt:
 *     its reason is in the receipt)
 * @param waited whether another process (or another run in this process) held the instruction's
 *     claim and this task waited for it — then replaying the holder's receipt, or running the
 *     instruction itself if the holder left none (it died, or its result is not memoized)
 * @param specialized whether the guest call ran a variant of the function made for the workflow's
 *     partial application (arguments fixed across its tasks; {@code
 *     WorkflowRunner.Config#partialApplications()}), rather than its general code
 */
public record TaskOutcome(
    WorkflowGraph.Node node,
    Receipt receipt,
    Cid receiptCid,
    boolean replayed,
    boolean memoized,
    boolean executed,
    long nanos,
    long fuelUsed,
    long fuelLimit,
    TaskError error,
    boolean waited,
    boolean specialized) {

  /** Whether the receipt is an ok one. */
  public boolean ok() {
    return receipt.out().isSuccess();
  }

  /** The function name as the instruction gives it ({@code input.func}), or the op. */
  public String function() {
    Object f = node.instruction().input() instanceof java.util.Map<?, ?> m ? m.get("func") : null;
    return f instanceof String s ? s : node.instruction().op();
  }
}
