package io.ipvm.memo.model;

import static io.ipvm.memo.Vectors.fixture;
import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.DagCbor;
import io.ipvm.ipld.DagJson;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NonceTest {
  static final String RSC = "ipfs://bafybeibk42jwhq7w2zcpe6q3wgtleugp3ymfs3pa5gerjmnakqihhqx4zq";

  static Map<String, Object> instruction(Object nnc) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rsc", RSC);
    m.put("op", "wasm/run");
    m.put("input", Map.of("func", "add_one", "args", List.of(1L)));
    if (nnc != null) {
      m.put("nnc", nnc);
    }
    return m;
  }

  @Test
  void theThreeFormsRoundTripAsGiven() {
    Workflow wf = Workflow.fromJson(fixture("test-workflow-add-one-nonced.json"));
    Nonce text = wf.tasks().get(0).instruction().nnc();
    Nonce bytes = wf.tasks().get(1).instruction().nnc();
    Nonce empty = wf.tasks().get(2).instruction().nnc();
    assertEquals(new Nonce.Text("1sod60ml6g26mfhsrsa0"), text);
    assertEquals(12, text.bytes().length);
    assertEquals(new Nonce.Bytes(HexFormat.of().parseHex("a1523c5e216279cf9cd971d2")), bytes);
    assertSame(Nonce.EMPTY, empty);
    for (Nonce n : List.of(text, bytes, empty)) {
      Instruction i = Instruction.fromIpld(instruction(n.toIpld()));
      Instruction back = Instruction.decode(i.encode());
      assertEquals(n, back.nnc());
      assertEquals(i.cid(), back.cid());
      // a string stays a string, bytes stay bytes
      assertEquals(n.toIpld().getClass(), back.nnc().toIpld().getClass());
    }
    // same 12 bytes as string and as bytes give different instruction CIDs
    Instruction asText = Instruction.fromIpld(instruction("1sod60ml6g26mfhsrsa0"));
    Instruction asBytes = Instruction.fromIpld(instruction(text.bytes()));
    assertNotEquals(asText.cid(), asBytes.cid());
  }

  @Test
  void missingNonceIsWrittenAsEmptyString() {
    Instruction i = Instruction.fromIpld(instruction(null));
    assertSame(Nonce.EMPTY, i.nnc());
    assertEquals("", i.toIpld().get("nnc"));
    assertEquals(Instruction.fromIpld(instruction("")).cid(), i.cid());
    // the add-one fixture's instruction (nnc "") has the vector CID either way
    assertEquals("bafyrmihmxmsbt4n3g6dzmj7rho34mzfbaoqqbsfcq7etsogslqftbyj7du", i.cid().toString());
  }

  @Test
  void sixteenByteNonces() {
    byte[] uuid = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    Nonce b = Nonce.fromIpld(uuid, "nnc");
    assertEquals(16, b.bytes().length);
    // 26 base32hex characters for 16 bytes: the last one carries 3 bits, 2 unused
    String s = "008i4cq4alj7f24platspnfevs";
    Nonce t = Nonce.of(s);
    assertArrayEquals(uuid, t.bytes());
    assertEquals(s, t.toIpld());
    // upper case is accepted and kept as written
    assertArrayEquals(uuid, Nonce.of(s.toUpperCase()).bytes());
    assertEquals(s.toUpperCase(), Nonce.of(s.toUpperCase()).toIpld());
  }

  @Test
  void invalidNoncesNameThePath() {
    Map<String, Object> doc =
        Map.of(
            "tasks",
            List.of(
                Task.of(Instruction.fromIpld(instruction(null)), Map.of()).toIpld(),
                Map.of("run", instruction("0123456789ab"), "meta", Map.of(), "prf", List.of())));
    ModelException e = assertThrows(ModelException.class, () -> Workflow.fromIpld(doc));
    assertEquals(
        "tasks[1].run.nnc: base32hex nonce must be 20 or 26 characters (12 or 16 bytes), got 12"
            + " characters",
        e.getMessage());
    assertEquals("tasks[1].run.nnc", e.path());

    assertEquals(
        "nnc: base32hex nonce has an invalid character 'w' at index 19 (base32hex digits are 0-9"
            + " and a-v)",
        assertThrows(
                ModelException.class,
                () -> Instruction.fromIpld(instruction("1sod60ml6g26mfhsrsaw")))
            .getMessage());
    assertEquals(
        "nnc: base32hex nonce is not canonical: the last character's unused bits are not zero",
        assertThrows(
                ModelException.class,
                () -> Instruction.fromIpld(instruction("1sod60ml6g26mfhsrsa1")))
            .getMessage());
    assertEquals(
        "nnc: base32hex nonce must be 20 or 26 characters (12 or 16 bytes), got 3 characters",
        assertThrows(ModelException.class, () -> Instruction.fromIpld(instruction("abc")))
            .getMessage());
    // a wrong alphabet is named before a wrong length
    assertEquals(
        "nnc: base32hex nonce has an invalid character '!' at index 0 (base32hex digits are 0-9"
            + " and a-v)",
        assertThrows(ModelException.class, () -> Instruction.fromIpld(instruction("!!!")))
            .getMessage());
    assertEquals(
        "nnc: nonce bytes must be 12 or 16 bytes, got 5",
        assertThrows(ModelException.class, () -> Instruction.fromIpld(instruction(new byte[5])))
            .getMessage());
    assertEquals(
        "nnc: nonce must be \"\", a base32hex string or bytes, got an integer",
        assertThrows(ModelException.class, () -> Instruction.fromIpld(instruction(7L)))
            .getMessage());
  }

  @Test
  void bytesNonceIsCopied() {
    byte[] b = new byte[12];
    Nonce.Bytes n = new Nonce.Bytes(b);
    b[0] = 1;
    assertEquals(0, n.value()[0]);
    n.value()[1] = 1;
    assertEquals(0, n.value()[1]);
    assertEquals(n, new Nonce.Bytes(new byte[12]));
    assertEquals(n.hashCode(), new Nonce.Bytes(new byte[12]).hashCode());
    // DAG-JSON of a bytes nonce
    assertEquals("{\"/\":{\"bytes\":\"AAAAAAAAAAAAAAAA\"}}", DagJson.encodeToString(n.toIpld()));
    assertNotNull(DagCbor.encode(n.toIpld()));
  }
}
