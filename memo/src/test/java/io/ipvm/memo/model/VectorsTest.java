package io.ipvm.memo.model;

import static io.ipvm.memo.Vectors.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.DagCbor;
import io.ipvm.memo.graph.WorkflowGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every vector of {@code vectors.json} (and the CIDs of ipvm-formats.md §2.3 that it does not hold)
 * reproduced through the model classes: parse the fixture with {@link Workflow#fromJson}, then
 * compute CIDs and bytes with the model's own {@code cid()} / {@code encode()}.
 */
class VectorsTest {
  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  static String file(Object fixturePath) {
    String s = (String) fixturePath;
    return s.substring(s.lastIndexOf('/') + 1);
  }

  @TestFactory
  List<DynamicTest> workflows() {
    List<DynamicTest> tests = new ArrayList<>();
    List<Object> workflows = list(vectors().get("workflows"));
    assertEquals(4, workflows.size());
    for (Object w : workflows) {
      Map<String, Object> exp = map(w);
      String file = file(exp.get("fixture"));
      Workflow wf = Workflow.fromJson(fixture(file));
      WorkflowGraph graph = WorkflowGraph.of(wf);
      tests.add(
          dynamicTest(
              file + " workflow CID",
              () -> {
                assertEquals(exp.get("workflow_cid"), wf.cid().toString());
                assertEquals(exp.get("workflow_cid"), graph.cid().toString());
                assertEquals(
                    exp.get("workflow_cid"), IpldValues.cidOfBytes(wf.encode()).toString());
              }));
      List<Object> tasks = list(exp.get("tasks"));
      assertEquals(tasks.size(), wf.tasks().size(), file);
      for (int i = 0; i < tasks.size(); i++) {
        Map<String, Object> t = map(tasks.get(i));
        Task task = wf.tasks().get(i);
        WorkflowGraph.Node node = graph.nodes().get(i);
        String name = file + "[" + i + "] " + t.get("func");
        tests.add(
            dynamicTest(
                name + " instruction CID and func",
                () -> {
                  assertEquals(t.get("instruction_cid"), task.instruction().cid().toString());
                  assertEquals(t.get("instruction_cid"), node.instructionCid().toString());
                  assertEquals(t.get("func"), task.instruction().func());
                }));
        if (t.containsKey("instruction_dagcbor_hex")) {
          tests.add(
              dynamicTest(
                  name + " instruction DAG-CBOR",
                  () -> {
                    String expected = (String) t.get("instruction_dagcbor_hex");
                    assertEquals(expected, hex(task.instruction().encode()));
                    // and back: decoding the reference bytes gives the same instruction
                    Instruction back = Instruction.decode(HexFormat.of().parseHex(expected));
                    assertEquals(task.instruction(), back);
                    assertEquals(expected, hex(back.encode()));
                  }));
        }
        if (t.containsKey("task_cid")) {
          tests.add(
              dynamicTest(
                  name + " task CID",
                  () -> {
                    assertEquals(t.get("task_cid"), task.cid().toString());
                    assertEquals(t.get("task_cid"), node.taskCid().toString());
                    assertEquals(task, Task.decode(task.encode()));
                  }));
        }
        if (t.containsKey("invocation_cid_(receipt.ran)")) {
          tests.add(
              dynamicTest(
                  name + " invocation CID",
                  () -> {
                    assertEquals(
                        t.get("invocation_cid_(receipt.ran)"), task.invocation().cid().toString());
                    assertEquals(
                        t.get("invocation_cid_(receipt.ran)"), node.invocationCid().toString());
                  }));
        }
        tests.add(
            dynamicTest(
                name + " awaits",
                () -> {
                  List<Await> expected = new ArrayList<>();
                  for (Object a : list(t.get("awaits"))) {
                    expected.add(
                        Await.of(Await.Kind.OK, Cid.parse((String) map(a).get("await/ok"))));
                  }
                  assertEquals(expected, Awaits.of(task.instruction().input()));
                  assertEquals(expected, node.awaits());
                  // every await is in-flow in these four fixtures
                  assertEquals(List.of(), node.outOfFlow());
                  assertEquals(expected.size(), node.dependsOn().size());
                }));
      }
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> receipts() {
    List<DynamicTest> tests = new ArrayList<>();
    Map<String, Cid> ranByInstruction = new HashMap<>();
    Map<String, String> funcByInstruction = new HashMap<>();
    for (Object w : list(vectors().get("workflows"))) {
      Workflow wf = Workflow.fromJson(fixture(file(map(w).get("fixture"))));
      for (Task t : wf.tasks()) {
        ranByInstruction.put(t.instruction().cid().toString(), t.invocation().cid());
        funcByInstruction.put(t.instruction().cid().toString(), t.instruction().func());
      }
    }
    List<Object> receipts = list(vectors().get("receipts"));
    assertEquals(2, receipts.size());
    for (Object o : receipts) {
      Map<String, Object> exp = map(o);
      String instr = (String) exp.get("instruction_cid");
      Receipt r =
          Receipt.of(
              ranByInstruction.get(instr),
              InstructionResult.ok(exp.get("out")),
              funcByInstruction.get(instr));
      String name = "receipt of " + instr;
      tests.add(
          dynamicTest(
              name + " DAG-CBOR",
              () -> assertEquals(exp.get("receipt_dagcbor_hex"), hex(r.encode()))));
      tests.add(
          dynamicTest(
              name + " CID", () -> assertEquals(exp.get("receipt_cid"), r.cid().toString())));
      tests.add(
          dynamicTest(
              name + " decode round trip",
              () -> {
                Receipt back =
                    Receipt.decode(
                        HexFormat.of().parseHex((String) exp.get("receipt_dagcbor_hex")));
                assertEquals(r, back);
                assertEquals(exp.get("receipt_cid"), back.cid().toString());
                assertInstanceOf(InstructionResult.Ok.class, back.out());
                assertEquals(Map.of("op", "add_one"), back.meta());
                assertNull(back.iss());
                assertEquals(List.of(), back.prf());
              }));
      tests.add(
          dynamicTest(
              name + " DHT record",
              () ->
                  assertEquals(
                      exp.get("dht_record_value_hex"), hex(DagCbor.encode(r.toDhtRecord())))));
    }
    return tests;
  }

  /** Workflow CIDs from ipvm-formats.md §2.3 B that vectors.json does not hold. */
  @Test
  void otherWorkflowCids() {
    Map<String, String> expected =
        Map.of(
            "test-workflow-add-one-part-one.json",
                "bafyrmih6q2mxgfra6f45d4t7xz6vxg3fg6cavlxrbpersaz6rpahwazsvy",
            "test-workflow-add-one-part-two.json",
                "bafyrmierxlbqflmf7di5ozha75ouef5dhkaz5adwme254m4o5m6wn7acxi",
            "test-workflow-no-awaits1.json",
                "bafyrmies2qeukovmsm7msz6ugbyreveufuo6yj4iva64ca7duo4tn35t6a",
            "test-workflow-no-awaits2.json",
                "bafyrmihxrbki3onvmjrfnfutia426jccbovicinhhgohv5wt2nljq7vkau",
            "test-workflow-jco.json", "bafyrmihjgweh5cd3zavajigu4wcptl2um57i65qhkne4wjytkz3m4ht2vu",
            "test-workflow-add-one.json",
                "bafyrmialnbzgwscjrq7sa3kdnw2roqdrdzp7xh2tvmo37qmgvarwrhcgre",
            "test-workflow-image-pipeline.json",
                "bafyrmiatb7idqtty56hy3hrfa6ur6qkspyrhaf6n6ynmqsntjvym47mbrq",
            "test-workflow-add-one-nonced.json",
                "bafyrmibajjtwrcqrntnvp5fgkim6mbbsh6ykkdy3eijq2ycdjhlisxxx3i");
    expected.forEach(
        (file, cid) -> assertEquals(cid, Workflow.fromJson(fixture(file)).cid().toString(), file));
  }

  /** Instruction and invocation CIDs of ipvm-formats.md §2.3 B for the image fixtures. */
  @Test
  void imageTaskCids() {
    String[][] rows = {
      {
        "test-workflow-image-pipeline.json",
        "0",
        "bafyrmib46dl7oaksq4fo4oyvcqewe7ojybgchufmrpjovqto3wovsq5jjq",
        "bafyrmid53imqompwmc3z5qh74slejy5satdeosm7lb6w4wxblpaxejekuq"
      },
      {
        "test-workflow-image-pipeline.json",
        "1",
        "bafyrmiekrfvz5lglddmnkm2l2tia43tagziokpamjipleen7spxizchxbu",
        "bafyrmibyd3rfwjtnj4waw45tilgiw6q3qkeulnps7gdlxehs44fbvksnzm"
      },
      {
        "test-workflow-image-pipeline.json",
        "2",
        "bafyrmid33aguqgsuw3ktp7wcgrzst56hdu3gvcextx2k4mygv7lmsioxzu",
        "bafyrmihlvc7cktlmimz6bsrw3k7qgtk2sa6bndf6w3mumifd7rovrqihde"
      },
      {
        "test-workflow-no-awaits1.json",
        "0",
        "bafyrmifaj37wrwmr5tahy52jz3ynwwettkol2dyemap37ob27drbekx7ge",
        "bafyrmiefkubjo5hds6pzdmjiy3tz2xpkt6auhiqnn6rko3mo2ujmrrgfxm"
      },
      {
        "test-workflow-no-awaits2.json",
        "1",
        "bafyrmifaj37wrwmr5tahy52jz3ynwwettkol2dyemap37ob27drbekx7ge",
        "bafyrmiefkubjo5hds6pzdmjiy3tz2xpkt6auhiqnn6rko3mo2ujmrrgfxm"
      },
      {
        "test-workflow-no-awaits2.json",
        "0",
        "bafyrmibgpsqhuzvg35yz6nowvqb2jxq4krqrfufijopwtkzs3ozpjzaovq",
        "bafyrmif3irlgzch4cfeshstik4cgtwbq2g6462msgujiowv5lpmao24v4a"
      },
    };
    for (String[] row : rows) {
      Task t = Workflow.fromJson(fixture(row[0])).tasks().get(Integer.parseInt(row[1]));
      assertEquals(row[2], t.instruction().cid().toString(), row[0] + row[1]);
      assertEquals(row[3], t.invocation().cid().toString(), row[0] + row[1]);
    }
  }

  /** Receipt CIDs of ipvm-formats.md §2.3 C for the nonced workflow (outputs 2, 3, 4). */
  @Test
  void noncedReceiptCids() {
    Workflow wf = Workflow.fromJson(fixture("test-workflow-add-one-nonced.json"));
    String[] expected = {
      "bafyrmicwtfpw56egdl3uyif7oyf663ylvezlfor2tjftry3nwgmje2i4a4",
      "bafyrmihkj55wew63w4e3ptsbowpbhucgkwwbo6fvb7yahpn4tsredygd4m",
      "bafyrmibw5yyduxgpcbnahl4dofwvwydy537edllzgio2q3n6v6fr2h43pi"
    };
    for (int i = 0; i < 3; i++) {
      Task t = wf.tasks().get(i);
      Receipt r = Receipt.of(t.invocation().cid(), InstructionResult.ok(2L + i), "add_one");
      assertEquals(expected[i], r.cid().toString(), "nonced[" + i + "]");
    }
  }

  /** A7: the JS client's crop instruction (fission-codes/stack fixtures.js). */
  @Test
  void jsClientCropInstruction() {
    Instruction crop =
        Instruction.wasmRun(
            "ipfs://bafybeichafzlolnoamugvfuyynjnj2gse7avstiqkeiuwuv2gyztap4qm4",
            "crop",
            List.of(
                Cid.parse("bafybeiejevluvtoevgk66plh5t6xiy3ikyuuxg3vgofuvpeckb6eadresm"),
                150L,
                350L,
                500L,
                500L));
    assertEquals(
        "bafyrmigev36skyfjnslfswcez24rnrorzeaxkrpb3wci2arfkly5zcrepy", crop.cid().toString());
  }

  /** The stale part-two fixture's await is add_one(1) with the old rsc. */
  @Test
  void partTwoAwaitsTheOldAddOne() {
    Instruction old =
        Instruction.wasmRun(
            "ipfs://bafybeia32q3oy6u47x624rmsmgrrlpn7ulruissmz5z2ap6alv7goe7h3q",
            "add_one",
            List.of(1L));
    assertEquals(
        "bafyrmigpfy6vvnfmv2wpsnpjmrn6iurejcjhz2doqdl6cfext27etqvi54", old.cid().toString());
  }
}
