package io.ipvm.node.workflow;

import static io.ipvm.node.workflow.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.store.FileBlockStore;
import io.ipvm.memo.model.Instruction;
import io.ipvm.memo.model.Workflow;
import io.ipvm.memo.table.Memo;
import io.ipvm.memo.table.MemoConfig;
import io.ipvm.runtime.cache.ClassCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workflow's partial applications: a function that at least {@value
 * PartialApplications#MIN_TASKS} tasks call with some arguments the same in all of them gets a
 * variant with those arguments fixed before its first task runs, and its tasks say they ran it;
 * results are those of the general code.
 */
class PartialApplicationTest {
  @TempDir Path home;

  static final String WAT =
      """
      (module
        (func (export "scale") (param $k i32) (param $x i32) (result i32)
          (local $i i32) (local $acc i32)
          (block $done
            (loop $next
              (br_if $done (i32.ge_u (local.get $i) (local.get $k)))
              (local.set $acc (i32.add (local.get $acc) (local.get $x)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $next)))
          (local.get $acc))
        (func (export "offset") (param $k i64) (param $x i64) (result i64)
          (i64.add (local.get $x) (local.get $k))))
      """;

  private WorkflowResult run(boolean partial, List<Instruction> calls) throws Exception {
    FileBlockStore store = new FileBlockStore(home.resolve("blocks"));
    List<io.ipvm.memo.model.Task> tasks = new ArrayList<>();
    for (Instruction i : calls) {
      tasks.add(task(i));
    }
    try (WorkflowRunner r =
        new WorkflowRunner(
            Memo.open(home.resolve(partial ? "memo-p" : "memo-g"), MemoConfig.DEFAULTS),
            ContentSource.of(store),
            WorkflowRunner.Config.defaults()
                .withClassCache(ClassCache.inHome(home))
                .withPartialApplications(partial))) {
      return r.run(new Workflow(tasks), null);
    }
  }

  private List<Instruction> calls(String rsc) {
    List<Instruction> calls = new ArrayList<>();
    for (long x = 1; x <= 6; x++) {
      calls.add(call(rsc, "scale", List.of(7L, x))); // k = 7 in all six: fixed
    }
    for (long x = 1; x <= 3; x++) {
      calls.add(call(rsc, "offset", List.of(100L, x))); // three tasks: too few
    }
    return calls;
  }

  @Test
  void fixedArgumentsGetAVariantBeforeTheFirstTask() throws Exception {
    String rsc = add(new FileBlockStore(home.resolve("blocks")), wat(WAT));
    for (boolean partial : new boolean[] {true, false}) {
      WorkflowResult res = run(partial, calls(rsc));
      assertTrue(res.ok(), () -> res.tasks().toString());
      for (int t = 0; t < 6; t++) {
        TaskOutcome o = res.tasks().get(t);
        assertEquals(7L * (t + 1), o.receipt().out().value(), "scale(7, " + (t + 1) + ")");
        assertTrue(o.executed());
        assertEquals(partial, o.specialized(), "task " + t + ", partial applications " + partial);
      }
      for (int t = 6; t < 9; t++) {
        TaskOutcome o = res.tasks().get(t);
        assertEquals(100L + (t - 5), o.receipt().out().value());
        assertFalse(o.specialized(), "three tasks of offset: no variant");
      }
    }
  }

  @Test
  void argumentsThatDifferAreNotFixedAndOthersStillAre() {
    List<List<?>> args = new ArrayList<>();
    for (long x = 0; x < 5; x++) {
      args.add(List.of(3L, x, "s", 2.5));
    }
    var graph =
        io.ipvm.memo.graph.WorkflowGraph.of(
            new Workflow(args.stream().map(a -> task(call("ipfs://bafkqaaa", "f", a))).toList()));
    var found = PartialApplications.find(graph, PartialApplications.MIN_TASKS);
    assertEquals(
        java.util.Map.of(
            new PartialApplications.Function("ipfs://bafkqaaa", "f"),
            java.util.Map.of(0, 3L, 3, 2.5)),
        found,
        "k and the float are fixed; x varies; strings are never fixed");
    // The string takes two core parameters (pointer, length): the float is parameter 4.
    var type =
        io.ipvm.wasm.FunctionType.of(
            List.of(
                io.ipvm.wasm.ValType.I32,
                io.ipvm.wasm.ValType.I64,
                io.ipvm.wasm.ValType.I32,
                io.ipvm.wasm.ValType.I32,
                io.ipvm.wasm.ValType.F64),
            List.of());
    assertEquals(
        java.util.Map.of(0, 3, 4, 2.5),
        PartialApplications.coreParameters(found.values().iterator().next(), args.get(0), type));
  }
}
