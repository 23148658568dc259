package io.ipvm.node.abi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.ipld.Cid;
import io.ipvm.runtime.Instance;
import io.ipvm.runtime.TrapKind;
import io.ipvm.runtime.WasmModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** WasmCall against examples/workflow.wasm: the convention a workflow author relies on. */
class WasmCallTest {
  private static final int HEAP_BASE = 1024;

  @Test
  void addOneByEveryNameVariant() throws Exception {
    Instance i = Guests.workflow();
    assertEquals(42L, WasmCall.invoke(i, "add-one", List.of(41L)));
    assertEquals(42L, WasmCall.invoke(i, "add_one", List.of(41L)));
    assertEquals(42L, WasmCall.invoke(i, "addOne", List.of(41)));
    assertEquals(42L, WasmCall.invoke(i, "AddOne", List.of(41)));
    assertEquals(42L, WasmCall.invoke(i, "ADD_ONE", List.of(41)));
    // i32 results are signed: 0x7fffffff + 1 wraps to -2^31.
    assertEquals(-2147483648L, WasmCall.invoke(i, "add_one", List.of(2147483647L)));
    // ... unless declared unsigned.
    assertEquals(0L, WasmCall.invoke(i, "add_one", List.of(4294967295L), WitType.U32));
    assertEquals(2147483648L, WasmCall.invoke(i, "add_one", List.of(2147483647L), WitType.U32));
  }

  @Test
  void appendString() throws Exception {
    Instance i = Guests.workflow();
    assertEquals(
        "hello\nworld", WasmCall.invoke(i, "append_string", List.of("hello"), WitType.STRING));
    assertEquals("\nworld", WasmCall.invoke(i, "append-string", List.of(""), WitType.STRING));
    String multi = "grüße, 世界 🦀";
    assertEquals(
        multi + "\nworld", WasmCall.invoke(i, "appendString", List.of(multi), WitType.STRING));
  }

  @Test
  void joinStrings() throws Exception {
    Instance i = Guests.workflow();
    assertEquals(
        "héllo wörld",
        WasmCall.invoke(i, "join_strings", List.of("héllo ", "wörld"), WitType.STRING));
    assertEquals("", WasmCall.invoke(i, "join-strings", List.of("", ""), WitType.STRING));
  }

  @Test
  void aLinkIsPassedAsItsString() throws Exception {
    Instance i = Guests.workflow();
    Cid cid = Cid.parse("bafyrmihmxmsbt4n3g6dzmj7rho34mzfbaoqqbsfcq7etsogslqftbyj7du");
    assertEquals(
        cid + "\nworld", WasmCall.invoke(i, "append-string", List.of(cid), WitType.STRING));
  }

  @Test
  void oneMebibyteOfBytesBothWays() throws Exception {
    Instance i = Guests.workflow();
    byte[] data = new byte[1 << 20];
    new Random(7).nextBytes(data);
    assertEquals(1048576L, WasmCall.invoke(i, "byte_length", List.of(data), WitType.U32));
    byte[] reversed = (byte[]) WasmCall.invoke(i, "reverse-bytes", List.of(data), WitType.BYTES);
    assertEquals(data.length, reversed.length);
    for (int k = 0; k < data.length; k++) {
      if (reversed[k] != data[data.length - 1 - k]) {
        throw new AssertionError("byte " + k + " differs");
      }
    }
    byte[] back = (byte[]) WasmCall.invoke(i, "reverse-bytes", List.of(reversed), WitType.BYTES);
    assertArrayEquals(data, back);
    assertArrayEquals(
        new byte[0],
        (byte[]) WasmCall.invoke(i, "reverse-bytes", List.of(new byte[0]), WitType.BYTES));
    // Bytes come back as bytes even when they happen to be valid UTF-8.
    assertArrayEquals(
        "cba".getBytes(StandardCharsets.UTF_8),
        (byte[])
            WasmCall.invoke(
                i,
                "reverse-bytes",
                List.of("abc".getBytes(StandardCharsets.UTF_8)),
                WitType.BYTES));
  }

  @Test
  void postReturnIsCalledAfterTheResultIsRead() throws Exception {
    Instance i = Guests.workflow();
    assertEquals(0, i.global("post_returns").get());
    assertEquals("a\nworld", WasmCall.invoke(i, "append-string", List.of("a"), WitType.STRING));
    assertEquals(1, i.global("post_returns").get());
    // The example's post-return frees everything the call allocated (argument and result).
    assertEquals(HEAP_BASE, i.global("heap").get());
    WasmCall.invoke(i, "join-strings", List.of("x", "y"), WitType.STRING);
    WasmCall.invoke(i, "reverse-bytes", List.of(new byte[] {1, 2}), WitType.BYTES);
    assertEquals(3, i.global("post_returns").get());
    // No post-return export, no call.
    WasmCall.invoke(i, "add-one", List.of(1));
    WasmCall.invoke(i, "byte-length", List.of(new byte[] {1, 2}), WitType.U32);
    assertEquals(3, i.global("post_returns").get());
    // Many calls in one instance do not leak: the heap is back at its base after each.
    for (int k = 0; k < 100; k++) {
      WasmCall.invoke(i, "append-string", List.of("x".repeat(10_000)), WitType.STRING);
    }
    assertEquals(HEAP_BASE, i.global("heap").get());
  }

  @Test
  void aTrapIsTypedWithItsKind() throws Exception {
    Instance i = Guests.workflow();
    var e =
        assertThrows(
            WasmCallException.Trapped.class, () -> WasmCall.invoke(i, "divide", List.of(7, 0)));
    assertEquals(TrapKind.INTEGER_DIVIDE_BY_ZERO, e.kind());
    assertEquals("divide", e.function());
    assertEquals("divide", e.phase());
    assertEquals("\"divide\" trapped: integer divide by zero", e.getMessage());
    var overflow =
        assertThrows(
            WasmCallException.Trapped.class,
            () -> WasmCall.invoke(i, "divide", List.of(-2147483648L, -1)));
    assertEquals(TrapKind.INTEGER_OVERFLOW, overflow.kind());
    // The instance still works after a trap.
    assertEquals(3L, WasmCall.invoke(i, "divide", List.of(7, 2)));
  }

  @Test
  void missingFunctionListsTriedNamesAndExports() throws Exception {
    Instance i = Guests.workflow();
    var e =
        assertThrows(
            WasmCallException.NoSuchFunction.class, () -> WasmCall.invoke(i, "addTwo", List.of(1)));
    assertEquals(List.of("addTwo", "ADDTWO", "add-two", "add_two", "AddTwo", "%addTwo"), e.tried());
    assertEquals(
        List.of(
            "add-one", "append-string", "byte-length", "divide", "join-strings", "reverse-bytes"),
        e.available());
    assertEquals(
        "no exported function \"addTwo\" (tried \"addTwo\", \"ADDTWO\", \"add-two\", \"add_two\","
            + " \"AddTwo\", \"%addTwo\"); the module exports the functions \"add-one\","
            + " \"append-string\", \"byte-length\", \"divide\", \"join-strings\", \"reverse-bytes\"",
        e.getMessage());
    // The ABI's helpers are not tasks.
    assertThrows(
        WasmCallException.NoSuchFunction.class,
        () -> WasmCall.invoke(i, "cabi_realloc", List.of(0, 0, 1, 4)));
    assertThrows(
        WasmCallException.NoSuchFunction.class,
        () -> WasmCall.invoke(i, "cabi_post_append-string", List.of(8)));
  }

  @Test
  void outOfRangeArgumentNamesIndexAndFunction() throws Exception {
    Instance i = Guests.workflow();
    var e =
        assertThrows(
            WasmCallException.BadArguments.class,
            () -> WasmCall.invoke(i, "divide", List.of(1, 4294967296L)));
    assertEquals(1, e.argumentIndex());
    assertEquals("divide", e.function());
    assertEquals(
        "argument 1 of \"divide\": integer 4294967296 does not fit an i32 (-2147483648 to"
            + " 4294967295) (core parameter 1 of (i32, i32) -> (i32))",
        e.getMessage());
  }

  @Test
  void argumentsMustFillTheCoreSignature() throws Exception {
    Instance i = Guests.workflow();
    var few =
        assertThrows(
            WasmCallException.BadArguments.class, () -> WasmCall.invoke(i, "divide", List.of(1)));
    assertEquals(-1, few.argumentIndex());
    assertEquals(
        "arguments of \"divide\": the function's core signature (i32, i32) -> (i32) takes 2 values,"
            + " but the 1 argument fills 1 (a string or bytes fills two: pointer and length)",
        few.getMessage());
    var many =
        assertThrows(
            WasmCallException.BadArguments.class,
            () -> WasmCall.invoke(i, "add-one", List.of(1, 2)));
    assertEquals(
        "arguments of \"add-one\": the function's core signature (i32) -> (i32) takes 1 value,"
            + " but the 2 arguments fill 2 (a string or bytes fills two: pointer and length)",
        many.getMessage());
    // A string where a number is expected: it would need two i32s, the function has one.
    assertThrows(
        WasmCallException.BadArguments.class, () -> WasmCall.invoke(i, "add-one", List.of("1")));
    // A number where a string is expected fills one of the two slots; the second is missing.
    assertThrows(
        WasmCallException.BadArguments.class,
        () -> WasmCall.invoke(i, "append-string", List.of(1), WitType.STRING));
    var list =
        assertThrows(
            WasmCallException.BadArguments.class,
            () -> WasmCall.invoke(i, "add-one", List.of(List.of(1))));
    assertTrue(
        list.getMessage().startsWith("argument 0 of \"add-one\": a list has no core Wasm form"),
        list.getMessage());
    var nul =
        assertThrows(
            WasmCallException.BadArguments.class,
            () -> WasmCall.invoke(i, "add-one", java.util.Arrays.asList((Object) null)));
    assertTrue(nul.getMessage().contains("null has no core Wasm form"), nul.getMessage());
    var surrogate =
        assertThrows(
            WasmCallException.BadArguments.class,
            () -> WasmCall.invoke(i, "append-string", List.of("a\uD800"), WitType.STRING));
    assertTrue(surrogate.getMessage().contains("unpaired surrogate"), surrogate.getMessage());
    // Nothing ran in the guest for any of these.
    assertEquals(HEAP_BASE, i.global("heap").get());
  }

  @Test
  void aReturnAreaResultMustBeDeclared() throws Exception {
    Instance i = Guests.workflow();
    var e =
        assertThrows(
            WasmCallException.BadArguments.class,
            () -> WasmCall.invoke(i, "append-string", List.of("a")));
    assertTrue(
        e.getMessage().contains("declare the result type (\"string\" or \"list<u8>\""),
        e.getMessage());
    var mismatch =
        assertThrows(
            WasmCallException.BadArguments.class,
            () -> WasmCall.invoke(i, "add-one", List.of(1), WitType.S64));
    assertEquals(
        "arguments of \"add-one\": the declared result type s64 needs the core result (i64), but"
            + " the function's core signature is (i32) -> (i32)",
        mismatch.getMessage());
    // Nothing ran.
    assertEquals(0, i.global("post_returns").get());
    assertEquals(HEAP_BASE, i.global("heap").get());
  }

  @Test
  void noResultIsNull() throws Exception {
    Instance i = Guests.wat("(module (func (export \"nothing\") (param i64)))");
    assertNull(WasmCall.invoke(i, "nothing", List.of(5L)));
  }

  @Test
  void runTakesAWorkflowInput() throws Exception {
    Instance i = Guests.workflow();
    assertEquals(2L, WasmCall.run(i, java.util.Map.of("func", "add_one", "args", List.of(1L))));
    assertEquals(
        "hi\nworld",
        WasmCall.run(
            i,
            java.util.Map.of("func", "append_string", "args", List.of("hi"), "result", "string")));
    assertArrayEquals(
        new byte[] {2, 1},
        (byte[])
            WasmCall.run(
                i,
                java.util.Map.of(
                    "func",
                    "reverse-bytes",
                    "args",
                    List.of(new byte[] {1, 2}),
                    "result",
                    "list<u8>")));
    var noArgs =
        assertThrows(
            WasmCallException.BadArguments.class,
            () -> WasmCall.run(i, java.util.Map.of("func", "add_one")));
    assertEquals(
        "arguments of \"add_one\": input.args must be a list, got null", noArgs.getMessage());
    var badType =
        assertThrows(
            WasmCallException.BadArguments.class,
            () ->
                WasmCall.run(
                    i, java.util.Map.of("func", "add_one", "args", List.of(1), "result", "int")));
    assertTrue(
        badType
            .getMessage()
            .startsWith("arguments of \"add_one\": input.result: unknown result type \"int\""),
        badType.getMessage());
    assertThrows(
        WasmCallException.BadArguments.class,
        () -> WasmCall.run(i, java.util.Map.of("func", 7, "args", List.of())));
  }

  @Test
  void witSectionsAreNamedWhenTheResultTypeIsMissing() throws Exception {
    byte[] wasm = Files.readAllBytes(Guests.examples().resolve("workflow.wasm"));
    String name = "component-type:wit-bindgen:0.21.0:test:encoded world";
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(wasm);
    out.write(0); // custom section
    out.write(1 + nameBytes.length + 3); // size (< 128): name length, name, payload
    out.write(nameBytes.length);
    out.write(nameBytes);
    out.write(new byte[] {0, 1, 2});
    WasmModule module = WasmModule.compile(out.toByteArray());
    assertEquals(List.of(name), WitMetadata.componentTypeSections(module));
    Instance i = module.instantiate();
    var e =
        assertThrows(
            WasmCallException.BadArguments.class,
            () -> WasmCall.invoke(i, "append-string", List.of("a")));
    assertTrue(
        e.getMessage()
            .endsWith(
                "; the module carries its WIT types in the custom section \""
                    + name
                    + "\", which this node does not read yet"),
        e.getMessage());
    assertEquals(List.of(), WitMetadata.componentTypeSections(Guests.workflow().module()));
  }
}
