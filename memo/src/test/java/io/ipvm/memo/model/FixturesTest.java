package io.ipvm.memo.model;

import static io.ipvm.memo.Vectors.*;
import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.DagCbor;
import io.ipvm.ipld.DagJson;
import io.ipvm.ipld.Ipld;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every fixture under ipvm-vectors/fixtures parsed and re-encoded through the model. */
class FixturesTest {
  static final java.util.List<String> FILES = JSON_FIXTURES;

  @ParameterizedTest
  @FieldSource("FILES")
  void jsonFixtureRoundTripsThroughTheModel(String file) {
    byte[] json = fixture(file);
    Workflow wf = Workflow.fromJson(json);
    assertFalse(wf.tasks().isEmpty());
    // the model loses nothing: its re-encoding is the canonical encoding of the raw document
    Object raw = DagJson.decode(json, DagJson.Numbers.SERDE_JSON);
    assertEquals(
        HexFormat.of().formatHex(DagCbor.encode(raw)), HexFormat.of().formatHex(wf.encode()));
    assertTrue(Ipld.equals(raw, wf.toIpld()));
    // DAG-CBOR and back, and the any-format reader
    assertEquals(wf, Workflow.decode(wf.encode()));
    assertEquals(wf, Workflow.parse(json));
    RunRequest rr = RunRequest.parse(json);
    assertNull(rr.name());
    assertEquals(wf, rr.workflow());
    for (Task t : wf.tasks()) {
      assertEquals(Instruction.WASM_RUN, t.instruction().op());
      assertTrue(t.instruction().rsc().startsWith("ipfs://"));
      assertNull(t.cause());
      assertTrue(t.prf().isEmpty());
      assertNotNull(t.resources());
    }
  }

  @Test
  void cborRunRequestReEncodesByteIdentically() {
    byte[] cbor = fixture("test-workflow-image-pipeline.cbor");
    RunRequest rr = RunRequest.decode(cbor);
    assertEquals("test", rr.name());
    assertArrayEquals(cbor, rr.encode());
    Workflow json = Workflow.fromJson(fixture("test-workflow-image-pipeline.json"));
    assertEquals(json, rr.workflow());
    assertEquals(
        "bafyrmiatb7idqtty56hy3hrfa6ur6qkspyrhaf6n6ynmqsntjvym47mbrq", rr.workflowCid().toString());
    assertEquals(rr, RunRequest.parse(cbor));
    assertEquals(3, rr.workflow().tasks().size());
    assertEquals("crop", rr.workflow().tasks().get(0).instruction().func());
  }

  @Test
  void jsonRunRequestWithAndWithoutName() {
    String wf = new String(fixture("test-workflow-add-one.json"), StandardCharsets.UTF_8);
    RunRequest named =
        RunRequest.fromJson(("{\"name\":\"n1\",\"workflow\":" + wf + "}").getBytes());
    assertEquals("n1", named.name());
    assertEquals(
        "bafyrmialnbzgwscjrq7sa3kdnw2roqdrdzp7xh2tvmo37qmgvarwrhcgre",
        named.workflowCid().toString());
    RunRequest unnamed = RunRequest.parse(("  {\"workflow\":" + wf + "}").getBytes());
    assertNull(unnamed.name());
    assertEquals(named.workflow(), unnamed.workflow());
    // the CBOR form requires both keys
    byte[] noName = DagCbor.encode(unnamed.toIpld());
    ModelException e = assertThrows(ModelException.class, () -> RunRequest.decode(noName));
    assertEquals("name: missing field", e.getMessage());
    assertEquals(unnamed, RunRequest.parse(noName));
  }

  @Test
  void resourcesOfTheFixtures() {
    Task t = Workflow.fromJson(fixture("test-workflow-add-one.json")).tasks().get(0);
    // fuel 18446744073709552000 is read as the float 2^64: unlimited
    assertEquals(new Resources(Resources.UNLIMITED, 4L << 30, 100_000), t.resources());
    assertFalse(t.resources().fuelLimited());
    Task noFuel = Workflow.fromJson(fixture("test-workflow-no-awaits1.json")).tasks().get(0);
    assertEquals(Resources.DEFAULTS, noFuel.resources());
  }
}
