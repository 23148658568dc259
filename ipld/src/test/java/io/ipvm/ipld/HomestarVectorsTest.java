package io.ipvm.ipld;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The plain-IPLD parts of the IPVM interop vectors ({@code src/test/resources/ipvm-vectors}, a copy
 * of {@code ../shared/ipvm-vectors}): Homestar's fixtures read as DAG-JSON (serde_json numbers),
 * encoded as DAG-CBOR and hashed with sha3-256 must give exactly the bytes and CIDs the reference
 * node gives. Instruction, Task, Invocation ({@code {task}}), Workflow and Receipt are built here
 * as plain maps; the IPVM model itself belongs to the memo module.
 */
class HomestarVectorsTest {
  private static final String DIR = "/ipvm-vectors/";

  static byte[] resource(String name) {
    try (InputStream in = HomestarVectorsTest.class.getResourceAsStream(DIR + name)) {
      assertNotNull(in, "missing test resource " + DIR + name);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static Cid cid(Object value) {
    return DagCbor.cid(value, Multihash.SHA3_256);
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  static Object fixture(String name) {
    return DagJson.decode(resource("fixtures/" + name), DagJson.Numbers.SERDE_JSON);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  static String fileName(String fixturePath) {
    return fixturePath.substring(fixturePath.lastIndexOf('/') + 1);
  }

  static Map<String, Object> vectors() {
    return map(DagJson.decode(resource("vectors.json")));
  }

  @TestFactory
  List<DynamicTest> workflowsFromVectorsJson() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Object w : list(vectors().get("workflows"))) {
      Map<String, Object> wf = map(w);
      String file = fileName((String) wf.get("fixture"));
      Object workflow = fixture(file);
      tests.add(
          dynamicTest(
              file + " workflow CID",
              () -> assertEquals(wf.get("workflow_cid"), cid(workflow).toString())));
      List<Object> tasks = list(map(workflow).get("tasks"));
      List<Object> expectedTasks = list(wf.get("tasks"));
      tests.add(
          dynamicTest(
              file + " task count", () -> assertEquals(expectedTasks.size(), tasks.size())));
      for (int i = 0; i < expectedTasks.size() && i < tasks.size(); i++) {
        Map<String, Object> exp = map(expectedTasks.get(i));
        Map<String, Object> task = map(tasks.get(i));
        Object instruction = task.get("run");
        String name = file + " task " + i + " (" + exp.get("func") + ")";
        tests.add(
            dynamicTest(
                name + " instruction CID",
                () -> assertEquals(exp.get("instruction_cid"), cid(instruction).toString())));
        if (exp.containsKey("instruction_dagcbor_hex")) {
          tests.add(
              dynamicTest(
                  name + " instruction DAG-CBOR bytes",
                  () -> {
                    byte[] expected =
                        HexFormat.of().parseHex((String) exp.get("instruction_dagcbor_hex"));
                    assertEquals(hex(expected), hex(DagCbor.encode(instruction)));
                    // strict decode of the reference bytes gives back the same value
                    assertTrue(Ipld.equals(instruction, DagCbor.decode(expected)));
                  }));
        }
        if (exp.containsKey("task_cid")) {
          tests.add(
              dynamicTest(
                  name + " task CID",
                  () -> assertEquals(exp.get("task_cid"), cid(task).toString())));
        }
        if (exp.containsKey("invocation_cid_(receipt.ran)")) {
          tests.add(
              dynamicTest(
                  name + " invocation CID",
                  () ->
                      assertEquals(
                          exp.get("invocation_cid_(receipt.ran)"),
                          cid(Map.of("task", task)).toString())));
        }
        for (Object a : list(exp.get("awaits"))) {
          String awaited = (String) map(a).get("await/ok");
          tests.add(
              dynamicTest(
                  name + " awaits " + awaited,
                  () -> {
                    Object arg0 = list(map(map(instruction).get("input")).get("args")).get(0);
                    assertEquals(Cid.parse(awaited), map(arg0).get("await/ok"));
                  }));
        }
      }
    }
    assertEquals(4, list(vectors().get("workflows")).size());
    return tests;
  }

  static Map<String, Object> receipt(Cid ran, Object out, String func) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("ran", ran);
    r.put("out", List.of("ok", out));
    r.put("meta", Map.of("op", func));
    r.put("iss", null);
    r.put("prf", List.of());
    return r;
  }

  @TestFactory
  List<DynamicTest> receiptsFromVectorsJson() {
    List<DynamicTest> tests = new ArrayList<>();
    Map<String, Object> v = vectors();
    // the receipt's `ran` is the invocation CID of the task with that instruction CID
    Map<String, String> invocationByInstruction = new LinkedHashMap<>();
    for (Object w : list(v.get("workflows"))) {
      for (Object t : list(map(w).get("tasks"))) {
        Map<String, Object> task = map(t);
        if (task.containsKey("invocation_cid_(receipt.ran)")) {
          invocationByInstruction.put(
              (String) task.get("instruction_cid"),
              (String) task.get("invocation_cid_(receipt.ran)"));
        }
      }
    }
    for (Object o : list(v.get("receipts"))) {
      Map<String, Object> exp = map(o);
      String instr = (String) exp.get("instruction_cid");
      String name = exp.get("fixture") + " receipt of " + instr;
      Map<String, Object> receipt =
          receipt(
              Cid.parse(invocationByInstruction.get(instr)),
              exp.get("out"),
              (String) exp.get("func"));
      tests.add(
          dynamicTest(
              name + " DAG-CBOR bytes",
              () -> assertEquals(exp.get("receipt_dagcbor_hex"), hex(DagCbor.encode(receipt)))));
      tests.add(
          dynamicTest(
              name + " CID", () -> assertEquals(exp.get("receipt_cid"), cid(receipt).toString())));
      tests.add(
          dynamicTest(
              name + " DHT record value",
              () -> {
                Map<String, Object> inner = new LinkedHashMap<>(receipt);
                inner.put("version", "0.2.0");
                assertEquals(
                    exp.get("dht_record_value_hex"),
                    hex(DagCbor.encode(Map.of("ipvm/receipt", inner))));
              }));
    }
    return tests;
  }

  @Test
  void dhtRecordKeyIsTheBinaryInstructionCid() {
    assertEquals(
        "01711620ecbb2419f1bb37879627f13bb7c664a103a100c8a287c93938d25c0b30e13f1d",
        hex(Cid.parse("bafyrmihmxmsbt4n3g6dzmj7rho34mzfbaoqqbsfcq7etsogslqftbyj7du").bytes()));
  }

  /**
   * A7: the JS client's crop instruction (fission-codes/stack packages/homestar/test/fixtures.js).
   */
  @Test
  void jsClientCropInstruction() {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put(
        "args",
        List.of(
            Cid.parse("bafybeiejevluvtoevgk66plh5t6xiy3ikyuuxg3vgofuvpeckb6eadresm"),
            150,
            350,
            500,
            500));
    input.put("func", "crop");
    Map<String, Object> instruction = new LinkedHashMap<>();
    instruction.put("input", input);
    instruction.put("nnc", "");
    instruction.put("op", "wasm/run");
    instruction.put("rsc", "ipfs://bafybeichafzlolnoamugvfuyynjnj2gse7avstiqkeiuwuv2gyztap4qm4");
    assertEquals(
        "bafyrmigev36skyfjnslfswcez24rnrorzeaxkrpb3wci2arfkly5zcrepy", cid(instruction).toString());
  }

  /** The byte-exact CBOR run request: strict decode, identical re-encode, same workflow as JSON. */
  @Test
  void imagePipelineCborFixture() {
    byte[] cbor = resource("fixtures/test-workflow-image-pipeline.cbor");
    Object run = DagCbor.decode(cbor);
    assertArrayEquals(cbor, DagCbor.encode(run));
    assertEquals("test", map(run).get("name"));
    Object workflow = map(run).get("workflow");
    assertTrue(Ipld.equals(fixture("test-workflow-image-pipeline.json"), workflow));
    assertEquals(
        "bafyrmiatb7idqtty56hy3hrfa6ur6qkspyrhaf6n6ynmqsntjvym47mbrq", cid(workflow).toString());
  }

  /**
   * CIDs listed in ipvm-formats.md §2.3 (tables B and C, "other workflow CIDs") for fixtures that
   * vectors.json does not cover.
   */
  @TestFactory
  List<DynamicTest> cidsFromIpvmFormatsMd() {
    List<DynamicTest> tests = new ArrayList<>();
    String[][] workflowCids = {
      {
        "test-workflow-add-one-part-two.json",
        "bafyrmierxlbqflmf7di5ozha75ouef5dhkaz5adwme254m4o5m6wn7acxi"
      },
      {
        "test-workflow-no-awaits1.json",
        "bafyrmies2qeukovmsm7msz6ugbyreveufuo6yj4iva64ca7duo4tn35t6a"
      },
      {
        "test-workflow-no-awaits2.json",
        "bafyrmihxrbki3onvmjrfnfutia426jccbovicinhhgohv5wt2nljq7vkau"
      },
      {"test-workflow-jco.json", "bafyrmihjgweh5cd3zavajigu4wcptl2um57i65qhkne4wjytkz3m4ht2vu"},
    };
    for (String[] w : workflowCids) {
      tests.add(
          dynamicTest(
              w[0] + " workflow CID", () -> assertEquals(w[1], cid(fixture(w[0])).toString())));
    }
    // {fixture, task index, instruction CID, invocation CID}
    String[][] taskCids = {
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
    for (String[] t : taskCids) {
      String name = t[0] + " task " + t[1];
      tests.add(
          dynamicTest(
              name + " instruction and invocation CIDs",
              () -> {
                Object task = list(map(fixture(t[0])).get("tasks")).get(Integer.parseInt(t[1]));
                assertEquals(t[2], cid(map(task).get("run")).toString());
                assertEquals(t[3], cid(Map.of("task", task)).toString());
              }));
    }
    // table C: receipts of the nonced workflow (out = 2, 3, 4)
    String[][] nonced = {
      {
        "bafyrmicfotmfcawidpkqbqbq23w6vvkerrph6iwa7kgzv55sgnlv7wdhxu",
        "2",
        "bafyrmicwtfpw56egdl3uyif7oyf663ylvezlfor2tjftry3nwgmje2i4a4"
      },
      {
        "bafyrmidrfjonzi6ly3uahgax6fxb37uizmvbuc2f2jztdastyqxydr3eya",
        "3",
        "bafyrmihkj55wew63w4e3ptsbowpbhucgkwwbo6fvb7yahpn4tsredygd4m"
      },
      {
        "bafyrmial5tgkbwwsriky7afmsn7mgsw7nsnt7ltt7czkq7d5mwykjs5jfa",
        "4",
        "bafyrmibw5yyduxgpcbnahl4dofwvwydy537edllzgio2q3n6v6fr2h43pi"
      },
    };
    for (String[] r : nonced) {
      tests.add(
          dynamicTest(
              "nonced receipt out=" + r[1],
              () ->
                  assertEquals(
                      r[2],
                      cid(receipt(Cid.parse(r[0]), Long.parseLong(r[1]), "add_one")).toString())));
    }
    // the stale part-two fixture awaits add_one(1) with the old wasm CID (PR #630)
    tests.add(
        dynamicTest(
            "part-two stale await = add_one(1) with the old rsc",
            () -> {
              Map<String, Object> instruction = new LinkedHashMap<>();
              instruction.put("args", null);
              instruction.clear();
              instruction.put("input", Map.of("args", List.of(1), "func", "add_one"));
              instruction.put("nnc", "");
              instruction.put("op", "wasm/run");
              instruction.put(
                  "rsc", "ipfs://bafybeia32q3oy6u47x624rmsmgrrlpn7ulruissmz5z2ap6alv7goe7h3q");
              assertEquals(
                  "bafyrmigpfy6vvnfmv2wpsnpjmrn6iurejcjhz2doqdl6cfext27etqvi54",
                  cid(instruction).toString());
            }));
    return tests;
  }
}
