package io.ipvm.node.workflow;

import static io.ipvm.node.workflow.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.store.FileBlockStore;
import io.ipvm.memo.model.Await;
import io.ipvm.memo.model.Instruction;
import io.ipvm.memo.model.Receipt;
import io.ipvm.memo.model.Task;
import io.ipvm.memo.model.Workflow;
import io.ipvm.memo.table.Memo;
import io.ipvm.memo.table.MemoConfig;
import io.ipvm.runtime.WasmModule;
import io.ipvm.runtime.cache.ClassCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any failure to fetch, compile or load a task's module ends in that task's error receipt; tasks
 * awaiting it fail naming it, the others complete (issue "Robustness", item 2).
 */
class ModuleFailureTest {
  /**
   * A well-formed module that does not validate: {@code (func (export "f") (result i32))} with an
   * empty body, which leaves no i32 on the stack. Written as bytes since wat2wasm refuses it.
   */
  static final byte[] INVALID =
      HexFormat.of()
          .parseHex(
              "0061736d01000000" // magic, version
                  + "010501600001"
                  + "7f" // type 0: () -> i32
                  + "03020100" // func 0: type 0
                  + "070501016600"
                  + "00" // export "f" = func 0
                  + "0a040102000b"); // code: no locals, end

  @TempDir Path home;
  FileBlockStore store;
  final List<WorkflowRunner> runners = new ArrayList<>();

  @BeforeEach
  void setUp() {
    store = new FileBlockStore(home.resolve("blocks"));
  }

  @AfterEach
  void tearDown() {
    runners.forEach(WorkflowRunner::close);
  }

  WorkflowRunner runner(WorkflowRunner.ModuleLoader loader) {
    WorkflowRunner.Config c =
        WorkflowRunner.Config.defaults().withConcurrency(2).withClassCache(ClassCache.inHome(home));
    WorkflowRunner r =
        new WorkflowRunner(
            Memo.open(home, MemoConfig.DEFAULTS),
            ContentSource.of(store),
            loader == null ? c : c.withModuleLoader(loader));
    runners.add(r);
    return r;
  }

  @Test
  void invalidAndMalformedModulesAreErrorReceiptsOfTheirBuild() throws Exception {
    String good = add(store, workflowWasm());
    String invalid = add(store, INVALID);
    // a module cut short in its code section: malformed
    String truncated = add(store, Arrays.copyOf(INVALID, INVALID.length - 3));
    Instruction bad = call(invalid, "f", List.of());
    Instruction cut = call(truncated, "f", List.of());
    Instruction after = call(good, "add_one", List.of(await(Await.Kind.OK, bad)));
    Instruction other = call(good, "add_one", List.of(41L));
    Workflow wf = new Workflow(List.of(task(bad), task(cut), task(after), task(other)));

    WorkflowResult res = runner(null).run(wf, null);
    List<TaskOutcome> t = res.tasks();
    assertEquals(TaskError.KIND_INVALID_MODULE, t.get(0).error().kind(), t.get(0).toString());
    assertTrue(t.get(0).error().reason().startsWith("the module " + invalid + " is not a valid"));
    assertEquals(TaskError.compilerBuild(), t.get(0).error().details().get(TaskError.COMPILER));
    assertTrue(t.get(0).memoized());
    assertEquals(TaskError.KIND_INVALID_MODULE, t.get(1).error().kind(), t.get(1).toString());
    assertEquals(TaskError.KIND_DEPENDENCY, t.get(2).error().kind());
    assertTrue(t.get(2).error().reason().contains(bad.cid().toString()));
    assertEquals(42L, t.get(3).receipt().out().value());
    assertEquals(3, res.failed());

    // The same build replays the verdict...
    WorkflowResult again = runner(null).run(wf, null);
    assertTrue(again.tasks().get(0).replayed());
    assertTrue(again.tasks().get(1).replayed());

    // ...another build judges the module again: a receipt recorded by a build with another
    // fingerprint is not replayed, and the new verdict replaces it.
    Receipt old = t.get(0).receipt();
    @SuppressWarnings("unchecked")
    Map<String, Object> value =
        new java.util.LinkedHashMap<>((Map<String, Object>) old.out().value());
    value.put(TaskError.COMPILER, "sha256:00000000000000000000000000000000");
    Receipt otherBuild =
        Receipt.of(old.ran(), io.ipvm.memo.model.InstructionResult.error(value), "f");
    runners.get(0).memo().record(bad.cid(), otherBuild);
    WorkflowResult rejudged = runner(null).run(new Workflow(List.of(task(bad))), null);
    assertFalse(rejudged.tasks().get(0).replayed());
    assertEquals(t.get(0).receipt(), rejudged.tasks().get(0).receipt());
    assertEquals(t.get(0).receiptCid(), rejudged.tasks().get(0).receiptCid());
    assertTrue(rejudged.tasks().get(0).memoized());
    assertEquals(TaskError.KIND_INVALID_MODULE, rejudged.tasks().get(0).error().kind());
    // (a fresh Memo: runners.get(0)'s in-memory front still holds the entry it wrote)
    assertEquals(
        t.get(0).receiptCid(),
        Memo.open(home, MemoConfig.DEFAULTS).lookup(bad.cid()).orElseThrow().receiptCid());
  }

  @Test
  void aCompilerThatThrowsFailsOnlyItsTasksAndIsNotMemoized() throws Exception {
    byte[] goodWasm = workflowWasm();
    String good = add(store, goodWasm);
    // two more modules the (simulated) compiler breaks on: real modules, valid ones even
    byte[] deep = wat("(module (func (export \"f\") (result i32) (i32.const 1)))");
    byte[] divide = wat("(module (func (export \"f\") (result i32) (i32.const 2)))");
    String deepRsc = add(store, deep);
    String divideRsc = add(store, divide);
    AtomicInteger compiles = new AtomicInteger();
    boolean[] broken = {true};
    WorkflowRunner.ModuleLoader loader =
        (wasm, options) -> {
          compiles.incrementAndGet();
          if (broken[0] && Arrays.equals(wasm, deep)) {
            throw new StackOverflowError();
          }
          if (broken[0] && Arrays.equals(wasm, divide)) {
            throw new ArithmeticException("/ by zero");
          }
          return WasmModule.compile(wasm, options);
        };
    Instruction so = call(deepRsc, "f", List.of());
    Instruction ae = call(divideRsc, "f", List.of());
    Instruction dependent = call(good, "add_one", List.of(await(Await.Kind.OK, ae)));
    Instruction errorBranch = call(good, "add_one", List.of(await(Await.Kind.ERROR, so)));
    Instruction independent = call(good, "add_one", List.of(1L));
    Workflow wf =
        new Workflow(
            List.of(task(so), task(ae), task(dependent), task(independent), task(errorBranch)));

    WorkflowResult res = runner(loader).run(wf, null);
    List<TaskOutcome> t = res.tasks();
    assertEquals(TaskError.KIND_COMPILE_FAILED, t.get(0).error().kind(), t.get(0).toString());
    assertTrue(t.get(0).error().reason().contains("java.lang.StackOverflowError"));
    assertTrue(t.get(0).error().reason().startsWith("the module " + deepRsc + " could not be"));
    assertEquals(TaskError.KIND_COMPILE_FAILED, t.get(1).error().kind(), t.get(1).toString());
    assertTrue(t.get(1).error().reason().contains("ArithmeticException: / by zero"));
    assertFalse(t.get(0).memoized(), "a compiler failure may be fixed by the next build");
    assertFalse(t.get(1).memoized());
    assertEquals(TaskError.KIND_DEPENDENCY, t.get(2).error().kind());
    assertTrue(t.get(2).error().reason().contains(ae.cid().toString()), t.get(2).toString());
    assertTrue(t.get(3).ok());
    assertEquals(2L, t.get(3).receipt().out().value());
    // await/error on the failed compile gets its error value, {kind, reason, rsc}, as argument:
    // add_one cannot take a map, so this is a bad_arguments error after a satisfied await; it
    // is not memoized either, since it was computed from a result that is not
    assertEquals(TaskError.KIND_BAD_ARGUMENTS, t.get(4).error().kind(), t.get(4).toString());
    assertFalse(t.get(4).memoized(), "computed from a compiler failure");
    assertEquals(4, res.failed());
    // the error receipts are stored (ipvm receipt shows them)
    assertTrue(runners.get(0).memo().receipts().get(t.get(0).receiptCid()).isPresent());

    // Next run, on a "fixed" compiler: the modules are compiled again and everything runs.
    broken[0] = false;
    int before = compiles.get();
    WorkflowResult fixed = runner(loader).run(wf, null);
    assertTrue(compiles.get() > before);
    List<TaskOutcome> f = fixed.tasks();
    assertEquals(1L, f.get(0).receipt().out().value());
    assertEquals(2L, f.get(1).receipt().out().value());
    assertEquals(3L, f.get(2).receipt().out().value());
    assertTrue(f.get(3).replayed());
    assertEquals(TaskError.KIND_DEPENDENCY, f.get(4).error().kind(), "await/error on an ok task");
  }

  @Test
  void aMissingOrCorruptModuleBlockIsTheTasksError() throws Exception {
    String good = add(store, workflowWasm());
    byte[] wasm = wat("(module (func (export \"f\") (result i32) (i32.const 7)))");
    Cid cid = addContent(store, wasm);
    Instruction corrupt = call("ipfs://" + cid, "f", List.of());
    Instruction missing =
        call("ipfs://bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy", "f", List.of());
    Instruction independent = call(good, "add_one", List.of(5L));
    // overwrite the stored block with other bytes: it no longer matches its CID
    Path block = store.path(cid);
    assertTrue(java.nio.file.Files.isRegularFile(block), block.toString());
    java.nio.file.Files.write(block, "not the module".getBytes());
    List<Task> tasks = List.of(task(corrupt), task(missing), task(independent));
    WorkflowResult res = runner(null).run(new Workflow(tasks), null);
    List<TaskOutcome> t = res.tasks();
    assertEquals(TaskError.KIND_NOT_FOUND, t.get(0).error().kind(), t.get(0).toString());
    assertTrue(t.get(0).error().reason().contains(cid.toString()), t.get(0).toString());
    assertEquals(TaskError.KIND_NOT_FOUND, t.get(1).error().kind(), t.get(1).toString());
    assertTrue(t.get(1).error().reason().contains("is not in the block store"));
    assertEquals(6L, t.get(2).receipt().out().value());
    assertFalse(t.get(0).memoized());
    assertFalse(t.get(1).memoized());
  }
}
