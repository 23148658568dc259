package io.ipvm.node.workflow;

import static io.ipvm.node.workflow.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.DagJson;
import io.ipvm.ipld.store.FileBlockStore;
import io.ipvm.memo.model.Await;
import io.ipvm.memo.model.Instruction;
import io.ipvm.memo.model.InstructionResult;
import io.ipvm.memo.model.ModelException;
import io.ipvm.memo.model.Receipt;
import io.ipvm.memo.model.Workflow;
import io.ipvm.memo.table.Memo;
import io.ipvm.memo.table.MemoConfig;
import io.ipvm.runtime.cache.ClassCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowRunnerTest {
  /** The rsc of every reference fixture: the reference node's example_test.wasm (we lack it). */
  static final String FIXTURE_RSC =
      "ipfs://bafybeibk42jwhq7w2zcpe6q3wgtleugp3ymfs3pa5gerjmnakqihhqx4zq";

  /** The rsc the stale part-two fixture's await was made with (before the reference's PR #630). */
  static final String OLD_FIXTURE_RSC =
      "ipfs://bafybeia32q3oy6u47x624rmsmgrrlpn7ulruissmz5z2ap6alv7goe7h3q";

  @TempDir Path home;
  FileBlockStore store;
  ContentSource source;
  final List<WorkflowRunner> runners = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    store = new FileBlockStore(home.resolve("blocks"));
    // examples/workflow.wasm's add-one behaves as the fixture module's add_one (s32 + 1), so the
    // fixtures' instructions, and so their receipts, are the reference node's.
    source =
        ContentSource.of(store)
            .withModule(FIXTURE_RSC, workflowWasm())
            .withModule(OLD_FIXTURE_RSC, workflowWasm());
  }

  @AfterEach
  void tearDown() {
    runners.forEach(WorkflowRunner::close);
  }

  /** A runner over the test home, with fresh in-memory caches (as a new process would have). */
  WorkflowRunner runner(int concurrency) {
    WorkflowRunner r =
        new WorkflowRunner(
            Memo.open(home, MemoConfig.DEFAULTS),
            source,
            WorkflowRunner.Config.defaults()
                .withConcurrency(concurrency)
                .withClassCache(ClassCache.inHome(home)));
    runners.add(r);
    return r;
  }

  static Workflow fixture(String name) throws Exception {
    return Workflow.fromJson(vectors("fixtures/" + name));
  }

  @Test
  void addOneFixtureGivesTheVectorsReceipts() throws Exception {
    WorkflowRunner r = runner(4);
    WorkflowResult result = r.run(fixture("test-workflow-add-one.json"), null);
    assertTrue(result.ok(), () -> result.toString());
    assertEquals(2, result.executed());
    assertEquals(
        Cid.parse("bafyrmialnbzgwscjrq7sa3kdnw2roqdrdzp7xh2tvmo37qmgvarwrhcgre"),
        result.graph().cid());

    @SuppressWarnings("unchecked")
    Map<String, Object> vectors = (Map<String, Object>) DagJson.decode(vectors("vectors.json"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> receipts = (List<Map<String, Object>>) vectors.get("receipts");
    assertEquals(2, receipts.size());
    for (int i = 0; i < 2; i++) {
      Map<String, Object> v = receipts.get(i);
      TaskOutcome o = result.tasks().get(i);
      assertEquals(v.get("instruction_cid"), o.node().instructionCid().toString());
      assertEquals(v.get("receipt_cid"), o.receiptCid().toString(), "receipt " + i);
      assertEquals(v.get("receipt_dagcbor_hex"), HexFormat.of().formatHex(o.receipt().encode()));
      assertEquals(Map.of("op", "add_one"), o.receipt().meta(), "Homestar's receipt meta");
      // the block in the store is the receipt, and the memo table points at it
      assertEquals(
          o.receiptCid(), r.memo().lookup(o.node().instructionCid()).orElseThrow().receiptCid());
    }
    // The same receipt built by hand for (invocation, out = 2, op = add_one): the vector's CID.
    Receipt byHand =
        Receipt.of(
            result.tasks().get(0).node().invocationCid(), InstructionResult.ok(2L), "add_one");
    assertEquals(receipts.get(0).get("receipt_cid"), byHand.cid().toString());
    // Fuel is reported beside the receipt: the fixtures' time limit runs the metered variant.
    assertTrue(result.tasks().get(0).fuelUsed() > 0);
    assertEquals(-1, result.tasks().get(0).fuelLimit(), "the fixtures' fuel is unlimited");
  }

  @Test
  void secondRunReplaysEverythingAndCallsNoGuest() throws Exception {
    Workflow wf = fixture("test-workflow-add-one-nonced.json");
    WorkflowResult first = runner(2).run(wf, null);
    assertEquals(3, first.executed());
    assertEquals(List.of(2L, 3L, 4L), values(first));

    WorkflowRunner again = runner(2); // a new runner: only the disk remembers
    List<TaskOutcome> seen = new ArrayList<>();
    WorkflowResult second = again.run(wf, seen::add);
    assertEquals(0, again.guestCalls(), "nothing may run on replay");
    assertEquals(0, second.executed());
    assertEquals(3, second.replayed());
    assertEquals(3, seen.size(), "the listener hears of every replayed task");
    for (int i = 0; i < 3; i++) {
      assertTrue(second.tasks().get(i).replayed());
      assertEquals(first.tasks().get(i).receiptCid(), second.tasks().get(i).receiptCid());
    }
    // the nonced vectors' receipts (the reference node's, derived)
    assertEquals(
        "bafyrmicwtfpw56egdl3uyif7oyf663ylvezlfor2tjftry3nwgmje2i4a4",
        second.tasks().get(0).receiptCid().toString());
    assertEquals(
        "bafyrmibw5yyduxgpcbnahl4dofwvwydy537edllzgio2q3n6v6fr2h43pi",
        second.tasks().get(2).receiptCid().toString());
  }

  @Test
  void memoizationAcrossWorkflowsSharingInstructions() throws Exception {
    WorkflowRunner r = runner(2);
    r.run(fixture("test-workflow-add-one.json"), null);
    long calls = r.guestCalls();
    // part-one's only task is add-one's first instruction (with the same meta): replayed
    WorkflowResult partOne = r.run(fixture("test-workflow-add-one-part-one.json"), null);
    assertEquals(calls, r.guestCalls());
    assertTrue(partOne.tasks().get(0).replayed());
    assertEquals(
        "bafyrmih5ujsrxcwwbeeqowgy434da36ie3cbar3wr5yv2vnrmzmxdylicm",
        partOne.tasks().get(0).receiptCid().toString());
  }

  @Test
  void staleOutOfWorkflowAwaitIsResolvedFromTheMemoTable() throws Exception {
    WorkflowRunner r = runner(2);
    assertTrue(r.run(fixture("test-workflow-add-one-part-one.json"), null).ok());
    // part-two awaits add_one(1) made with the OLD module CID: not part-one's instruction
    Workflow partTwo = fixture("test-workflow-add-one-part-two.json");
    WorkflowResult unresolved = r.run(partTwo, null);
    TaskOutcome t = unresolved.tasks().get(0);
    assertFalse(t.ok());
    assertFalse(t.executed());
    assertEquals(TaskError.KIND_UNRESOLVED, t.error().kind());
    assertTrue(
        t.error().reason().contains("bafyrmigpfy6vvnfmv2wpsnpjmrn6iurejcjhz2doqdl6cfext27etqvi54"),
        t.error().reason());
    assertFalse(t.memoized(), "an unresolved await may resolve later");

    // Run the awaited instruction in another workflow; then part-two finds it in the memo table.
    Instruction old = call(OLD_FIXTURE_RSC, "add_one", List.of(1L));
    assertEquals(
        "bafyrmigpfy6vvnfmv2wpsnpjmrn6iurejcjhz2doqdl6cfext27etqvi54", old.cid().toString());
    assertTrue(r.run(new Workflow(List.of(task(old))), null).ok());
    WorkflowResult resolved = r.run(partTwo, null);
    assertTrue(resolved.ok(), () -> resolved.tasks().toString());
    assertEquals(3L, resolved.tasks().get(0).receipt().out().value());
    assertFalse(resolved.tasks().get(0).replayed(), "the failed attempt was not memoized");
  }

  @Test
  void duplicateInstructionsAreRejectedBeforeAnythingRuns() throws Exception {
    WorkflowRunner r = runner(2);
    Instruction a = call(FIXTURE_RSC, "add_one", List.of(7L));
    Workflow wf =
        new Workflow(
            List.of(task(call(FIXTURE_RSC, "add_one", List.of(1L))), task(a), task(a, "x", 1L)));
    ModelException e = assertThrows(ModelException.class, () -> r.run(wf, null));
    assertTrue(e.getMessage().contains("duplicate instruction " + a.cid()), e.getMessage());
    assertTrue(e.getMessage().contains("tasks[1] and tasks[2]"), e.getMessage());
    assertEquals(0, r.guestCalls());
    assertTrue(r.memo().table().list().isEmpty());
  }

  @Test
  void stringsBytesAndContentArguments() throws Exception {
    String rsc = add(store, workflowWasm());
    byte[] data = "some bytes from the block store".getBytes(StandardCharsets.UTF_8);
    Cid content = addContent(store, data);
    Instruction hello = call(rsc, "append_string", List.of("hello"), "string");
    Instruction joined =
        call(
            rsc,
            "join-strings",
            List.of(Await.of(Await.Kind.OK, hello.cid()).toIpld(), "!"),
            "string");
    Instruction length = call(rsc, "byte_length", List.of(content));
    Instruction reversed = call(rsc, "reverse-bytes", List.of(new byte[] {1, 2, 3}), "list<u8>");
    Instruction tuple = call(rsc, "add_one", List.of(List.of("ok", 9L)));
    WorkflowResult res =
        runner(4)
            .run(
                new Workflow(
                    List.of(task(hello), task(joined), task(length), task(reversed), task(tuple))),
                null);
    assertTrue(res.ok(), () -> res.tasks().toString());
    assertEquals("hello\nworld", res.tasks().get(0).receipt().out().value());
    assertEquals("hello\nworld!", res.tasks().get(1).receipt().out().value());
    assertEquals(
        (long) data.length, ((Number) res.tasks().get(2).receipt().out().value()).longValue());
    assertArrayEquals(new byte[] {3, 2, 1}, (byte[]) res.tasks().get(3).receipt().out().value());
    assertEquals(10L, res.tasks().get(4).receipt().out().value(), "[\"ok\", 9] is unwrapped");
    assertEquals(List.of(List.of(0, 2, 3, 4), List.of(1)), res.graph().batches());
  }

  @Test
  void errorReceiptsDependentsAndAwaitBranches() throws Exception {
    String rsc = add(store, workflowWasm());
    Instruction div0 = call(rsc, "divide", List.of(1L, 0L));
    Instruction ok = call(rsc, "add_one", List.of(41L));
    Instruction needsOk = call(rsc, "add_one", args(await(Await.Kind.OK, div0)));
    Instruction onError = call(rsc, "add_one", args(await(Await.Kind.ERROR, div0)));
    Instruction errorOnOk = call(rsc, "add_one", args(await(Await.Kind.ERROR, ok)));
    Instruction anyOnOk = call(rsc, "add_one", args(await(Await.Kind.ANY, ok)));
    Instruction missing = call(rsc, "addTwo", List.of(1L));
    Instruction badArgs = call(rsc, "add_one", List.of("not a number", 2L));
    Instruction noModule =
        call("ipfs://bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy", "f", List.of());
    Workflow wf =
        new Workflow(
            List.of(
                task(div0),
                task(ok),
                task(needsOk),
                task(onError),
                task(errorOnOk),
                task(anyOnOk),
                task(missing),
                task(badArgs),
                task(noModule)));
    WorkflowRunner r = runner(3);
    WorkflowResult res = r.run(wf, null);
    List<TaskOutcome> t = res.tasks();

    assertEquals(TaskError.KIND_TRAP, t.get(0).error().kind());
    assertEquals("\"divide\" trapped: integer divide by zero", t.get(0).error().reason());
    assertTrue(t.get(0).memoized(), "a trap is a pure result");
    @SuppressWarnings("unchecked")
    Map<String, Object> errorValue = (Map<String, Object>) t.get(0).receipt().out().value();
    assertEquals("error", t.get(0).receipt().out().tag());
    assertEquals("integer divide by zero", errorValue.get("trap"));
    assertEquals(Map.of("op", "divide"), t.get(0).receipt().meta());

    assertEquals(42L, t.get(1).receipt().out().value(), "independent tasks complete");

    assertEquals(TaskError.KIND_DEPENDENCY, t.get(2).error().kind());
    assertTrue(
        t.get(2).error().reason().contains(div0.cid().toString()), t.get(2).error().reason());
    assertTrue(t.get(2).error().reason().contains("integer divide by zero"));
    assertEquals(div0.cid(), t.get(2).error().details().get("instruction"));
    assertFalse(t.get(2).executed());

    // await/error on a failed task is satisfied: the error value reaches the function (a map,
    // which a core function cannot take — but the await itself passed)
    assertEquals(TaskError.KIND_BAD_ARGUMENTS, t.get(3).error().kind(), t.get(3).toString());
    // await/error on a successful task is not
    assertEquals(TaskError.KIND_DEPENDENCY, t.get(4).error().kind());
    assertTrue(t.get(4).error().reason().contains("succeeded"));
    // await/* takes either
    assertEquals(43L, t.get(5).receipt().out().value());

    assertEquals(TaskError.KIND_NO_FUNCTION, t.get(6).error().kind());
    assertTrue(t.get(6).error().reason().contains("tried \"addTwo\""), t.get(6).error().reason());
    assertEquals(TaskError.KIND_BAD_ARGUMENTS, t.get(7).error().kind());
    assertEquals(TaskError.KIND_NOT_FOUND, t.get(8).error().kind());
    assertFalse(t.get(8).memoized(), "the module may be added later");
    assertEquals(7, res.failed());

    // Rerun: pure errors replay, the others are worked out again (without calling a guest for the
    // dependency failures).
    long calls = r.guestCalls();
    WorkflowResult again = runner(3).run(wf, null);
    assertTrue(again.tasks().get(0).replayed());
    assertTrue(again.tasks().get(6).replayed());
    assertFalse(again.tasks().get(2).replayed());
    assertEquals(t.get(2).receiptCid(), again.tasks().get(2).receiptCid(), "same error, same CID");
    assertEquals(calls, r.guestCalls());
  }

  @Test
  void runawayGuestsEndInErrorReceiptsAndTheRunCarriesOn() throws Exception {
    String rsc = add(store, wat(RUNAWAYS));
    String good = add(store, workflowWasm());
    Instruction spinFuel = call(rsc, "spin", List.of());
    Instruction bomb = call(rsc, "bomb", List.of());
    Instruction recurse = call(rsc, "recurse", List.of(0L));
    Instruction spinTime =
        call(rsc, "spin", List.of()).withNonce(io.ipvm.memo.model.Nonce.of("1sod60ml6g26mfhsrsa0"));
    Instruction fine = call(good, "add_one", List.of(1L));
    Workflow wf =
        new Workflow(
            List.of(
                task(spinFuel, "fuel", 100_000L),
                task(bomb, "memory", 1L << 20),
                task(recurse),
                task(spinTime, "time", 300L),
                task(fine)));
    WorkflowRunner r = runner(5);
    long start = System.nanoTime();
    WorkflowResult res = r.run(wf, null);
    long ms = (System.nanoTime() - start) / 1_000_000;
    List<TaskOutcome> t = res.tasks();

    TaskError fuel = t.get(0).error();
    assertEquals(TaskError.KIND_FUEL, fuel.kind(), t.get(0).toString());
    long used = (Long) fuel.details().get("fuel_used");
    assertTrue(used >= 100_000 && used < 100_010, "fuel used " + used);
    assertEquals(used, t.get(0).fuelUsed());
    assertEquals(100_000L, t.get(0).fuelLimit());
    assertTrue(fuel.reason().startsWith("fuel exhausted after " + used), fuel.reason());
    assertTrue(t.get(0).memoized());

    assertEquals(TaskError.KIND_MEMORY, t.get(1).error().kind(), t.get(1).toString());
    assertTrue(t.get(1).error().reason().startsWith("memory limit of 1048576 bytes reached"));

    assertEquals(TaskError.KIND_STACK, t.get(2).error().kind(), t.get(2).toString());
    assertFalse(t.get(2).memoized(), "stack depth is the node's, not the instruction's");

    assertEquals(TaskError.KIND_TIME, t.get(3).error().kind(), t.get(3).toString());
    assertEquals("time limit of 300 ms exceeded", t.get(3).error().reason());
    assertFalse(t.get(3).memoized(), "a time limit is not deterministic");
    assertTrue(r.memo().lookup(spinTime.cid()).isEmpty());

    assertEquals(2L, t.get(4).receipt().out().value());
    assertTrue(ms < 30_000, "took " + ms + " ms");

    // The same fuel exhaustion again: deterministic, replayed (same meta, same invocation).
    long calls = r.guestCalls();
    WorkflowResult again = r.run(new Workflow(List.of(task(spinFuel, "fuel", 100_000L))), null);
    assertTrue(again.tasks().get(0).replayed());
    assertEquals(calls, r.guestCalls());
    // With another fuel limit the instruction runs again: the old error was the old limit's.
    WorkflowResult more = r.run(new Workflow(List.of(task(spinFuel, "fuel", 200_000L))), null);
    assertFalse(more.tasks().get(0).replayed());
    assertTrue((Long) more.tasks().get(0).error().details().get("fuel_used") >= 200_000);
  }

  @Test
  void modulesThatCannotRunGetErrorReceipts() throws Exception {
    String bigMemory = add(store, wat("(module (memory 20) (func (export \"f\")))"));
    String startTraps =
        add(store, wat("(module (func $s unreachable) (start $s) (func (export \"f\")))"));
    String imports =
        add(store, wat("(module (import \"env\" \"g\" (func)) (func (export \"f\")))"));
    String garbage = add(store, "this is not wasm".getBytes(StandardCharsets.UTF_8));
    Instruction big = call(bigMemory, "f", List.of());
    Instruction start = call(startTraps, "f", List.of());
    Instruction linked = call(imports, "f", List.of());
    Instruction invalid = call(garbage, "f", List.of());
    Instruction http =
        new Instruction(garbage, "http/get", Map.of(), io.ipvm.memo.model.Nonce.EMPTY);
    WorkflowResult res =
        runner(2)
            .run(
                new Workflow(
                    List.of(
                        task(big, "memory", 65536L),
                        task(start),
                        task(linked),
                        task(invalid),
                        task(http))),
                null);
    List<TaskOutcome> t = res.tasks();
    assertEquals(TaskError.KIND_MEMORY, t.get(0).error().kind(), t.get(0).toString());
    assertTrue(t.get(0).error().reason().startsWith("memory limit of 65536 bytes reached"));
    assertEquals(TaskError.KIND_TRAP, t.get(1).error().kind(), t.get(1).toString());
    assertEquals(
        "instantiation (start function or segments)", t.get(1).error().details().get("phase"));
    assertEquals(TaskError.KIND_UNLINKABLE, t.get(2).error().kind(), t.get(2).toString());
    assertEquals(TaskError.KIND_INVALID_MODULE, t.get(3).error().kind(), t.get(3).toString());
    assertTrue(t.get(3).memoized(), "the same bytes are never valid");
    assertEquals(TaskError.KIND_UNSUPPORTED, t.get(4).error().kind());
    assertTrue(t.get(4).error().reason().contains("\"http/get\""));
    assertFalse(t.get(4).memoized());
  }

  @Test
  void fuelIsDeterministic() throws Exception {
    String rsc = add(store, wat(RUNAWAYS));
    Instruction count = call(rsc, "count", List.of(1000L));
    Workflow wf = new Workflow(List.of(task(count, "fuel", 1_000_000L)));
    WorkflowResult a = runner(1).run(wf, null);
    assertTrue(a.ok());
    long fuel = a.tasks().get(0).fuelUsed();
    assertTrue(fuel > 1000, "fuel " + fuel);
    // a fresh home, another runner: the same count
    WorkflowRunner other =
        new WorkflowRunner(
            Memo.open(home.resolve("other"), MemoConfig.DEFAULTS),
            source,
            WorkflowRunner.Config.defaults());
    runners.add(other);
    assertEquals(fuel, other.run(wf, null).tasks().get(0).fuelUsed());
  }

  @Test
  void concurrencyIsBounded() throws Exception {
    String rsc = add(store, wat(RUNAWAYS));
    List<io.ipvm.memo.model.Task> tasks = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      tasks.add(task(call(rsc, "count", List.of(2_000_000L + i))));
    }
    WorkflowResult res = runner(3).run(new Workflow(tasks), null);
    assertTrue(res.ok());
    assertTrue(res.peakConcurrency() <= 3, "peak " + res.peakConcurrency());
    assertEquals(12, res.executed());
  }

  static List<Object> values(WorkflowResult r) {
    return r.tasks().stream().map(t -> t.receipt().out().value()).toList();
  }
}
