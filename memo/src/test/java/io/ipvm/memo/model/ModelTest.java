package io.ipvm.memo.model;

import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.DagJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Model behaviour beyond the vectors: rsc links, required fields, error paths, immutability. */
class ModelTest {
  static final Cid WASM = Cid.parse("bafybeibk42jwhq7w2zcpe6q3wgtleugp3ymfs3pa5gerjmnakqihhqx4zq");

  static Map<String, Object> instruction() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rsc", "ipfs://" + WASM);
    m.put("op", "wasm/run");
    m.put("input", Map.of("func", "add_one", "args", List.of(1L)));
    m.put("nnc", "");
    return m;
  }

  static Map<String, Object> task(Object run) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run", run);
    m.put("meta", Map.of());
    m.put("prf", List.of());
    return m;
  }

  static String error(Runnable r) {
    return assertThrows(ModelException.class, r::run).getMessage();
  }

  @Test
  void rscLinkBecomesIpfsUrl() {
    Map<String, Object> m = instruction();
    m.put("rsc", WASM);
    Instruction i = Instruction.fromIpld(m);
    assertEquals("ipfs://" + WASM, i.rsc());
    assertEquals(Instruction.fromIpld(instruction()).cid(), i.cid());
  }

  @Test
  void unknownInstructionKeysAreDropped() {
    Map<String, Object> m = instruction();
    m.put("extra", 1L);
    assertEquals(Instruction.fromIpld(instruction()).cid(), Instruction.fromIpld(m).cid());
  }

  @Test
  void errorsNameTheField() {
    Map<String, Object> noRsc = instruction();
    noRsc.remove("rsc");
    assertEquals("tasks[0].run.rsc: missing field", error(() -> wf(task(noRsc))));
    Map<String, Object> badRsc = instruction();
    badRsc.put("rsc", "not a url");
    assertTrue(error(() -> wf(task(badRsc))).startsWith("tasks[0].run.rsc: not a URL"));
    Map<String, Object> noScheme = instruction();
    noScheme.put("rsc", "bafybeibk42jwhq7w2zcpe6q3wgtleugp3ymfs3pa5gerjmnakqihhqx4zq");
    assertTrue(
        error(() -> wf(task(noScheme))).startsWith("tasks[0].run.rsc: not a URL (no scheme)"));
    Map<String, Object> intRsc = instruction();
    intRsc.put("rsc", 5L);
    assertEquals(
        "tasks[0].run.rsc: expected a URL string or a link, got an integer",
        error(() -> wf(task(intRsc))));
    Map<String, Object> badOp = instruction();
    badOp.put("op", List.of());
    assertEquals("tasks[0].run.op: expected a string, got a list", error(() -> wf(task(badOp))));
    Map<String, Object> noInput = instruction();
    noInput.remove("input");
    assertEquals("tasks[0].run.input: missing field", error(() -> wf(task(noInput))));

    Map<String, Object> noMeta = task(instruction());
    noMeta.remove("meta");
    assertEquals("tasks[1].meta: missing field", error(() -> wf(task(instruction()), noMeta)));
    Map<String, Object> badPrf = task(instruction());
    badPrf.put("prf", List.of("x"));
    assertEquals("tasks[0].prf[0]: expected a link, got a string", error(() -> wf(badPrf)));
    Map<String, Object> badCause = task(instruction());
    badCause.put("cause", "x");
    assertEquals("tasks[0].cause: expected a link, got a string", error(() -> wf(badCause)));
    assertEquals("tasks[0].run: expected a map, got a string", error(() -> wf(task("x"))));
    assertEquals("tasks: missing field", error(() -> Workflow.fromIpld(Map.of())));
    assertEquals(
        "tasks: expected a list, got a map",
        error(() -> Workflow.fromIpld(Map.of("tasks", Map.of()))));
    assertTrue(
        error(() -> Workflow.fromJson("{\"tasks\":".getBytes()))
            .startsWith("not a DAG-JSON document"));
  }

  static Workflow wf(Object... tasks) {
    return Workflow.fromIpld(Map.of("tasks", List.of(tasks)));
  }

  @Test
  void taskKeysAlwaysWrittenAndCauseOptional() {
    Task t = Task.fromIpld(task(instruction()));
    assertNull(t.cause());
    Map<String, Object> ipld = t.toIpld();
    assertEquals(List.of("run", "cause", "meta", "prf"), new ArrayList<>(ipld.keySet()));
    assertTrue(ipld.containsKey("cause"));
    Map<String, Object> withCause = task(instruction());
    withCause.put("cause", WASM);
    assertEquals(WASM, Task.fromIpld(withCause).cause());
    assertNotEquals(t.cid(), Task.fromIpld(withCause).cid());
  }

  @Test
  void linkedRunIsParsedButHasNoInstruction() {
    Cid instr = Instruction.fromIpld(instruction()).cid();
    Task t = Task.fromIpld(task(instr));
    assertEquals(new TaskRun.Linked(instr), t.run());
    assertEquals(instr, t.toIpld().get("run"));
    assertEquals(t, Task.decode(t.encode()));
    ModelException e = assertThrows(ModelException.class, t::instruction);
    assertTrue(
        e.getMessage().startsWith("run: workflow tasks/instructions must be expanded / inlined"));
  }

  @Test
  void metaIsRawAndInTheTaskCidOnly() {
    Task a = Task.of(Instruction.fromIpld(instruction()), Map.of("fuel", 10L));
    Task b = Task.of(Instruction.fromIpld(instruction()), Map.of("fuel", 11L, "x", List.of("y")));
    assertEquals(a.instruction().cid(), b.instruction().cid());
    assertNotEquals(a.cid(), b.cid());
    assertNotEquals(a.invocation().cid(), b.invocation().cid());
    assertEquals(
        new Resources(11, Resources.DEFAULT_MEMORY, Resources.DEFAULT_TIME_MILLIS), b.resources());
  }

  @Test
  void resources() {
    assertEquals(Resources.DEFAULTS, Resources.fromMeta(Map.of(), "meta"));
    assertEquals(Resources.DEFAULTS, Resources.fromMeta(null, "meta"));
    Map<String, Object> nulls = new LinkedHashMap<>();
    nulls.put("fuel", null);
    nulls.put("memory", null);
    nulls.put("time", null);
    assertEquals(Resources.DEFAULTS, Resources.fromMeta(nulls, "meta"));
    Resources r =
        Resources.fromMeta(
            DagJson.decode(
                "{\"fuel\":18446744073709551615,\"memory\":65536.0,\"time\":1.5}".getBytes(),
                DagJson.Numbers.SERDE_JSON),
            "meta");
    assertEquals(new Resources(Resources.UNLIMITED, 65536, 1), r);
    assertTrue(r.memoryLimited());
    assertFalse(r.fuelLimited());
    assertEquals(
        "tasks[2].meta.fuel: must not be negative, got -1",
        error(() -> Resources.fromMeta(Map.of("fuel", -1L), "tasks[2].meta")));
    assertEquals(
        "meta.time: expected an integer, a float or null, got a string",
        error(() -> Resources.fromMeta(Map.of("time", "1s"), "meta")));
    assertEquals(
        "meta: expected a map, got a list", error(() -> Resources.fromMeta(List.of(), "meta")));
    assertEquals(Resources.DEFAULTS, Resources.fromMeta(Resources.DEFAULTS.toMeta(), "meta"));
  }

  @Test
  void valuesAreFrozen() {
    List<Object> args = new ArrayList<>(List.of(1L));
    byte[] bytes = {1, 2, 3};
    args.add(bytes);
    Instruction i = Instruction.wasmRun("ipfs://" + WASM, "f", args);
    Cid before = i.cid();
    args.add(3L);
    bytes[0] = 9;
    assertEquals(before, i.cid());
    assertThrows(UnsupportedOperationException.class, () -> i.args().add(1L));
  }

  @Test
  void receiptErrorsAndExtraMeta() {
    Cid ran = Task.of(Instruction.fromIpld(instruction()), Map.of()).invocation().cid();
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("op", "add_one");
    meta.put("fuel_used", 1234L);
    Receipt r =
        new Receipt(
            ran,
            InstructionResult.error(Map.of("reason", "trap: unreachable")),
            meta,
            null,
            List.of());
    Receipt back = Receipt.decode(r.encode());
    assertEquals(r, back);
    assertEquals(1234L, back.meta().get("fuel_used"));
    assertFalse(back.out().isSuccess());
    assertEquals("error", back.out().tag());
    Map<String, Object> bad = r.toIpld();
    bad.put("out", List.of("maybe", 1L));
    assertEquals(
        "out[0]: expected \"ok\", \"error\" or \"just\", got \"maybe\"",
        error(() -> Receipt.fromIpld(bad)));
    bad.put("out", List.of("ok"));
    assertEquals("out: expected [tag, value], got a list of 1", error(() -> Receipt.fromIpld(bad)));
    bad.remove("ran");
    assertEquals("ran: missing field", error(() -> Receipt.fromIpld(bad)));
    assertTrue(
        error(() -> Receipt.decode(new byte[] {(byte) 0xff})).startsWith("not a DAG-CBOR receipt"));
  }
}
