package io.ipvm.memo.graph;

import static io.ipvm.memo.Vectors.fixture;
import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.memo.model.Await;
import io.ipvm.memo.model.Instruction;
import io.ipvm.memo.model.ModelException;
import io.ipvm.memo.model.Nonce;
import io.ipvm.memo.model.Task;
import io.ipvm.memo.model.TaskRun;
import io.ipvm.memo.model.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowGraphTest {
  static final String RSC = "ipfs://bafybeibk42jwhq7w2zcpe6q3wgtleugp3ymfs3pa5gerjmnakqihhqx4zq";

  static Task task(String func, Object... args) {
    return Task.of(Instruction.wasmRun(RSC, func, List.of(args)), Map.of());
  }

  static Map<String, Object> ok(Task t) {
    return Await.of(Await.Kind.OK, t.instruction().cid()).toIpld();
  }

  @Test
  void chainsAreBatchedInOrder() {
    WorkflowGraph g =
        WorkflowGraph.of(Workflow.fromJson(fixture("test-workflow-add-one-nonced.json")));
    assertEquals(List.of(List.of(0), List.of(1), List.of(2)), g.batches());
    assertEquals(List.of(1), g.nodes().get(2).dependsOn());
    assertEquals(List.of(2), g.dependents(1));
    assertEquals(0, g.instructionIndex().get(g.nodes().get(0).instructionCid()));
    assertEquals(g.nodes().get(1), g.node(g.nodes().get(1).instructionCid()).orElseThrow());
    assertTrue(g.outOfFlow().isEmpty());

    WorkflowGraph none =
        WorkflowGraph.of(Workflow.fromJson(fixture("test-workflow-no-awaits2.json")));
    assertEquals(List.of(List.of(0, 1)), none.batches());
  }

  @Test
  void diamondIsThreeBatchesOfIndependentTasks() {
    Task a = task("a", 1L);
    Task b = task("b", ok(a));
    Task c = task("c", Map.of("nested", ok(a)));
    Task d = task("d", ok(b), ok(c));
    Task e = task("e", 5L);
    // document order need not be topological
    WorkflowGraph g = WorkflowGraph.of(new Workflow(List.of(d, c, e, b, a)));
    assertEquals(List.of(List.of(2, 4), List.of(1, 3), List.of(0)), g.batches());
    assertEquals(List.of(1, 3), g.nodes().get(0).dependsOn());
    // tasks of a batch never depend on each other
    for (List<Integer> batch : g.batches()) {
      for (int i : batch) {
        for (int j : batch) {
          assertFalse(g.nodes().get(i).dependsOn().contains(j));
        }
      }
    }
  }

  @Test
  void duplicateInstructionsAreRejected() {
    Task a = task("add_one", 1L);
    Task other = task("add_one", 2L);
    Task sameAgain = Task.of(a.instruction(), Map.of("fuel", 5L)); // other meta, same instruction
    ModelException e =
        assertThrows(
            ModelException.class,
            () -> WorkflowGraph.of(new Workflow(List.of(a, other, sameAgain))));
    assertEquals(
        "tasks[2]: duplicate instruction "
            + a.instruction().cid()
            + ": tasks[0] and tasks[2] have the same instruction (give one of them a nonce, nnc, to"
            + " run the same call twice)",
        e.getMessage());
    // a nonce makes them distinct
    Task nonced = Task.of(a.instruction().withNonce(Nonce.of("1sod60ml6g26mfhsrsa0")), Map.of());
    assertEquals(3, WorkflowGraph.of(new Workflow(List.of(a, other, nonced))).nodes().size());
  }

  @Test
  void staleAwaitIsOutOfFlow() {
    WorkflowGraph g =
        WorkflowGraph.of(Workflow.fromJson(fixture("test-workflow-add-one-part-two.json")));
    Cid stale = Cid.parse("bafyrmigpfy6vvnfmv2wpsnpjmrn6iurejcjhz2doqdl6cfext27etqvi54");
    assertEquals(List.of(Await.of(Await.Kind.OK, stale)), g.outOfFlow());
    assertEquals(List.of(Await.of(Await.Kind.OK, stale)), g.nodes().get(0).outOfFlow());
    assertEquals(List.of(), g.nodes().get(0).dependsOn());
    assertEquals(List.of(List.of(0)), g.batches());

    WorkflowGraph jco = WorkflowGraph.of(Workflow.fromJson(fixture("test-workflow-jco.json")));
    assertEquals(
        List.of(Cid.parse("bafyrmigltroc4nrdaskjselusvfcuooc52k2rl7nmrf72edbauyptmx5bq")),
        jco.outOfFlow().stream().map(Await::instruction).toList());
    assertEquals(List.of(List.of(0, 1)), jco.batches());
  }

  @Test
  void linkedInstructionIsRejected() {
    Task a = task("a", 1L);
    Task linked = new Task(new TaskRun.Linked(a.instruction().cid()), null, Map.of(), List.of());
    ModelException e =
        assertThrows(
            ModelException.class, () -> WorkflowGraph.of(new Workflow(List.of(a, linked))));
    assertEquals("tasks[1].run", e.path());
    assertTrue(
        e.getMessage()
            .startsWith("tasks[1].run: workflow tasks/instructions must be expanded / inlined"));
  }

  @Test
  void longChainAndWideFan() {
    List<Task> tasks = new ArrayList<>();
    tasks.add(task("root", 0L));
    for (int i = 1; i < 200; i++) {
      tasks.add(task("step", ok(tasks.get(i - 1)), (long) i));
    }
    WorkflowGraph g = WorkflowGraph.of(new Workflow(tasks));
    assertEquals(200, g.batches().size());
    List<Task> fan = new ArrayList<>();
    fan.add(task("root", 0L));
    for (int i = 1; i < 100; i++) {
      fan.add(task("leaf", ok(fan.get(0)), (long) i));
    }
    WorkflowGraph f = WorkflowGraph.of(new Workflow(fan));
    assertEquals(2, f.batches().size());
    assertEquals(99, f.batches().get(1).size());
    assertEquals(99, f.dependents(0).size());
  }

  @Test
  void cycleGuard() {
    // content addressing makes cycles impossible; hand-made nodes check the guard anyway
    Task t = task("a", 1L);
    java.util.function.BiFunction<Integer, List<Integer>, WorkflowGraph.Node> node =
        (i, deps) ->
            new WorkflowGraph.Node(
                i,
                t,
                t.instruction(),
                t.instruction().cid(),
                t.cid(),
                t.cid(),
                List.of(),
                deps,
                List.of());
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                WorkflowGraph.levels(
                    List.of(
                        node.apply(0, List.of()),
                        node.apply(1, List.of(2)),
                        node.apply(2, List.of(1)))));
    assertEquals("tasks: the tasks [1, 2] await each other in a cycle", e.getMessage());
  }
}
