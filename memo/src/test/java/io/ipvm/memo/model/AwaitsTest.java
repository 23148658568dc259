package io.ipvm.memo.model;

import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.DagJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwaitsTest {
  static final Cid A = Cid.parse("bafyrmihmxmsbt4n3g6dzmj7rho34mzfbaoqqbsfcq7etsogslqftbyj7du");
  static final Cid B = Cid.parse("bafyrmigtptkfraoegchxtzn74hskd5vojaxhlqmqldlx5blvpngefa4kai");
  static final Cid C = Cid.parse("bafyrmigh2n5i4iyl6mcfssv7lzx6yalwyslszngacuo3iw3mr3fgl3sopa");
  static final Cid IMG = Cid.parse("bafybeiejevluvtoevgk66plh5t6xiy3ikyuuxg3vgofuvpeckb6eadresm");

  static Object json(String s) {
    return DagJson.decode(
        s.getBytes(java.nio.charset.StandardCharsets.UTF_8), DagJson.Numbers.SERDE_JSON);
  }

  @Test
  void parsesAsTheReferenceNode() {
    assertEquals(Await.of(Await.Kind.OK, A), Await.parse(Map.of("await/ok", A)).orElseThrow());
    assertEquals(Await.Kind.ERROR, Await.parse(Map.of("await/error", A)).orElseThrow().kind());
    assertEquals(Await.Kind.ANY, Await.parse(Map.of("await/*", A)).orElseThrow().kind());
    // any single-key map whose value is a link: unknown keys mean await/*
    Await odd = Await.parse(Map.of("image", A)).orElseThrow();
    assertEquals(new Await(Await.Kind.ANY, A, "image"), odd);
    // not awaits
    assertTrue(Await.parse(A).isEmpty());
    assertTrue(Await.parse(Map.of("await/ok", "x")).isEmpty());
    assertTrue(Await.parse(Map.of("await/ok", A, "x", 1L)).isEmpty());
    assertTrue(Await.parse(List.of(A)).isEmpty());
  }

  @Test
  void listsTopLevelAndNestedAwaits() {
    Object input =
        json(
            "{\"func\":\"f\",\"args\":["
                + "{\"await/ok\":{\"/\":\""
                + A
                + "\"}},"
                + "{\"/\":\""
                + IMG
                + "\"},"
                + "{\"x\":{\"await/*\":{\"/\":\""
                + B
                + "\"}}},"
                + "[{\"await/error\":{\"/\":\""
                + C
                + "\"}}, {\"await/ok\":{\"/\":\""
                + A
                + "\"}}]]}");
    List<Awaits.Occurrence> occ = Awaits.occurrences(input);
    assertEquals(4, occ.size());
    assertEquals(
        new Awaits.Occurrence(Await.of(Await.Kind.OK, A), "input.args[0]", true), occ.get(0));
    assertEquals(
        new Awaits.Occurrence(Await.of(Await.Kind.ANY, B), "input.args[2].x", false), occ.get(1));
    assertEquals(
        new Awaits.Occurrence(Await.of(Await.Kind.ERROR, C), "input.args[3][0]", false),
        occ.get(2));
    assertEquals("input.args[3][1]", occ.get(3).path());
    // distinct, in order; the plain link is not an await
    assertEquals(
        List.of(
            Await.of(Await.Kind.OK, A), Await.of(Await.Kind.ANY, B), Await.of(Await.Kind.ERROR, C)),
        Awaits.of(input));
    assertEquals(List.of(A, B, C), Awaits.instructions(input));
  }

  @Test
  void substitutesAsTheReferenceNode() {
    Object input =
        json(
            "{\"func\":\"f\",\"args\":["
                + "{\"await/ok\":{\"/\":\""
                + A
                + "\"}},"
                + "{\"await/*\":{\"/\":\""
                + B
                + "\"}},"
                + "{\"/\":\""
                + IMG
                + "\"},"
                + "{\"x\":{\"await/ok\":{\"/\":\""
                + A
                + "\"}}, \"y\":{\"await/*\":{\"/\":\""
                + B
                + "\"}}},"
                + "7]}");
    Map<Cid, InstructionResult> results =
        Map.of(A, InstructionResult.ok(2L), B, InstructionResult.ok("b"));
    Object out = Awaits.substitute(input, a -> results.get(a.instruction()));
    Object expected =
        json(
            "{\"func\":\"f\",\"args\":[2, \"b\", {\"/\":\""
                + IMG
                + "\"}, {\"x\":{\"await/ok\":2},\"y\":{\"await/*\":[\"ok\",\"b\"]}}, 7]}");
    assertEquals(DagJson.encodeToString(expected), DagJson.encodeToString(out));
    // the original is untouched
    assertEquals(2, Awaits.of(input).size());
  }

  @Test
  void branchSemantics() {
    InstructionResult ok = InstructionResult.ok(1L);
    InstructionResult err = InstructionResult.error(Map.of("reason", "trap"));
    InstructionResult just = new InstructionResult.Just(1L);
    assertTrue(Await.of(Await.Kind.OK, A).accepts(ok));
    assertTrue(Await.of(Await.Kind.OK, A).accepts(just));
    assertFalse(Await.of(Await.Kind.OK, A).accepts(err));
    assertTrue(Await.of(Await.Kind.ERROR, A).accepts(err));
    assertFalse(Await.of(Await.Kind.ERROR, A).accepts(ok));
    assertTrue(Await.of(Await.Kind.ANY, A).accepts(ok));
    assertTrue(Await.of(Await.Kind.ANY, A).accepts(err));
    assertEquals(List.of("error", Map.of("reason", "trap")), err.toIpld());
  }

  @Test
  void inputWithoutArgsIsAllNested() {
    Object input = Map.of("v", Map.of("await/ok", A));
    assertEquals(List.of(Await.of(Await.Kind.OK, A)), Awaits.of(input));
    assertFalse(Awaits.occurrences(input).get(0).topLevel());
    Object out = Awaits.substitute(input, a -> InstructionResult.ok(5L));
    assertEquals(Map.of("v", Map.of("await/ok", 5L)), out);
  }

  @Test
  void missingResultIsNamed() {
    Object input = Map.of("func", "f", "args", List.of(Map.of("await/ok", A)));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Awaits.substitute(input, a -> null));
    assertEquals("no result for await/ok " + A, e.getMessage());
  }
}
