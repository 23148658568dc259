package io.ipvm.memo.graph;

import io.ipvm.ipld.Cid;
import io.ipvm.memo.model.Await;
import io.ipvm.memo.model.Awaits;
import io.ipvm.memo.model.Instruction;
import io.ipvm.memo.model.ModelException;
import io.ipvm.memo.model.Task;
import io.ipvm.memo.model.Workflow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A workflow's dependency graph, built as the reference node builds it: a table from each task's
 * instruction CID to its index; every await whose CID is in the table is an in-flow edge, every
 * other await an out-of-flow promise (to be resolved from the memo table); two tasks with the same
 * instruction CID are an error. All CIDs are computed once here.
 *
 * <p>{@link #batches()} are the topological levels: batch 0 holds the tasks that await nothing in
 * the workflow, batch k the tasks whose in-flow dependencies are all in batches before k. Tasks of
 * one batch never depend on each other, so an executor may run them concurrently. (The reference
 * node uses the crate {@code dagga}, which puts tasks that neither await nor are awaited after the
 * first batch; the levels here run them in the first batch instead — the results are the same.)
 *
 * <p>Cycles cannot occur — an instruction would have to contain its own hash — but are checked
 * anyway and reported as an error.
 *
 * @param workflow the workflow
 * @param cid the workflow's CID
 * @param nodes one per task, in document order
 * @param batches task indexes by topological level
 * @param instructionIndex instruction CID → task index, in task order
 */
public record WorkflowGraph(
    Workflow workflow,
    Cid cid,
    List<Node> nodes,
    List<List<Integer>> batches,
    Map<Cid, Integer> instructionIndex) {
  /**
   * One task with its CIDs and dependencies.
   *
   * @param index the task's index in the workflow
   * @param task the task
   * @param instruction its (inline) instruction
   * @param instructionCid the memo key
   * @param taskCid the task's CID
   * @param invocationCid the invocation CID, a receipt's {@code ran}
   * @param awaits every distinct await of the instruction's input, in document order
   * @param dependsOn indexes of the tasks this one awaits (in-flow), ascending
   * @param outOfFlow the awaits naming instructions outside this workflow
   */
  public record Node(
      int index,
      Task task,
      Instruction instruction,
      Cid instructionCid,
      Cid taskCid,
      Cid invocationCid,
      List<Await> awaits,
      List<Integer> dependsOn,
      List<Await> outOfFlow) {}

  /** Copies the lists. */
  public WorkflowGraph {
    nodes = List.copyOf(nodes);
    batches = batches.stream().map(List::copyOf).toList();
    instructionIndex = Collections.unmodifiableMap(new LinkedHashMap<>(instructionIndex));
  }

  /**
   * Builds the graph.
   *
   * @throws ModelException for a task whose instruction is a link ({@code tasks[i].run: workflow
   *     tasks/instructions must be expanded / inlined …}), for two tasks with the same instruction
   *     ({@code tasks[3]: duplicate instruction bafyrmi…: tasks[1] and tasks[3] …}) and for a cycle
   */
  public static WorkflowGraph of(Workflow workflow) {
    List<Task> tasks = workflow.tasks();
    Map<Cid, Integer> byInstruction = new LinkedHashMap<>();
    List<Instruction> instructions = new ArrayList<>();
    List<Cid> instructionCids = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      Instruction ins = tasks.get(i).run().instruction("tasks[" + i + "].run");
      Cid cid = ins.cid();
      Integer prev = byInstruction.putIfAbsent(cid, i);
      if (prev != null) {
        throw new ModelException(
            "tasks[" + i + "]",
            "duplicate instruction "
                + cid
                + ": tasks["
                + prev
                + "] and tasks["
                + i
                + "] have the same instruction (give one of them a nonce, nnc, to run the same call"
                + " twice)");
      }
      instructions.add(ins);
      instructionCids.add(cid);
    }
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      Task t = tasks.get(i);
      List<Await> awaits = Awaits.of(instructions.get(i).input());
      Set<Integer> deps = new java.util.TreeSet<>();
      List<Await> out = new ArrayList<>();
      for (Await a : awaits) {
        Integer d = byInstruction.get(a.instruction());
        if (d == null) {
          out.add(a);
        } else {
          deps.add(d);
        }
      }
      nodes.add(
          new Node(
              i,
              t,
              instructions.get(i),
              instructionCids.get(i),
              t.cid(),
              t.invocation().cid(),
              awaits,
              List.copyOf(deps),
              List.copyOf(out)));
    }
    return new WorkflowGraph(workflow, workflow.cid(), nodes, levels(nodes), byInstruction);
  }

  // package-private: the cycle guard is tested with hand-made nodes (real ones cannot form a cycle)
  static List<List<Integer>> levels(List<Node> nodes) {
    int n = nodes.size();
    int[] pending = new int[n];
    List<List<Integer>> dependents = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      dependents.add(new ArrayList<>());
    }
    List<Integer> ready = new ArrayList<>();
    for (Node node : nodes) {
      pending[node.index()] = node.dependsOn().size();
      for (int d : node.dependsOn()) {
        dependents.get(d).add(node.index());
      }
      if (node.dependsOn().isEmpty()) {
        ready.add(node.index());
      }
    }
    List<List<Integer>> batches = new ArrayList<>();
    int placed = 0;
    while (!ready.isEmpty()) {
      Collections.sort(ready);
      batches.add(List.copyOf(ready));
      placed += ready.size();
      List<Integer> next = new ArrayList<>();
      for (int i : ready) {
        for (int j : dependents.get(i)) {
          if (--pending[j] == 0) {
            next.add(j);
          }
        }
      }
      ready = next;
    }
    if (placed != n) {
      Set<Integer> stuck = new LinkedHashSet<>();
      for (int i = 0; i < n; i++) {
        if (pending[i] > 0) {
          stuck.add(i);
        }
      }
      throw new ModelException("tasks", "the tasks " + stuck + " await each other in a cycle");
    }
    return batches;
  }

  /** The node of the task with this instruction CID, if it is in the workflow. */
  public Optional<Node> node(Cid instructionCid) {
    Integer i = instructionIndex.get(instructionCid);
    return i == null ? Optional.empty() : Optional.of(nodes.get(i));
  }

  /** The indexes of the tasks that await task {@code index}, ascending. */
  public List<Integer> dependents(int index) {
    List<Integer> out = new ArrayList<>();
    for (Node node : nodes) {
      if (node.dependsOn().contains(index)) {
        out.add(node.index());
      }
    }
    return out;
  }

  /** Every out-of-flow await of the workflow, distinct, in task order. */
  public List<Await> outOfFlow() {
    Set<Await> out = new LinkedHashSet<>();
    for (Node node : nodes) {
      out.addAll(node.outOfFlow());
    }
    return List.copyOf(out);
  }
}
