package io.ipvm.node.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.runtime.Instance;
import io.ipvm.runtime.TrapKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Guests that break the canonical ABI or the value rules: each failure is a typed exception with a
 * message a person understands, and the host is unharmed.
 */
class MisbehavingGuestTest {
  /**
   * A module whose cabi_realloc returns {@code reallocResult} and whose "echo" returns its area.
   */
  private static Instance guest(String reallocBody, String extra) throws Exception {
    return Guests.wat(
        """
        (module
          (memory (export "memory") 1)
          (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) %s)
          (func (export "len") (param i32 i32) (result i32) (local.get 1))
          %s)
        """
            .formatted(reallocBody, extra));
  }

  @Test
  void reallocReturningAPointerOutsideMemory() throws Exception {
    Instance i = guest("(i32.const 65530)", "");
    var e =
        assertThrows(
            WasmCallException.AbiViolation.class,
            () -> WasmCall.invoke(i, "len", List.of("0123456789")));
    assertEquals(
        "\"len\": cabi_realloc returned the pointer 0xfffa for 10 bytes of argument 0 (a string),"
            + " outside the memory of 65536 bytes",
        e.getMessage());
    Instance negative = guest("(i32.const -16)", "");
    var e2 =
        assertThrows(
            WasmCallException.AbiViolation.class,
            () -> WasmCall.invoke(negative, "len", List.of(new byte[] {1})));
    assertTrue(e2.getMessage().contains("pointer 0xfffffff0 for 1 bytes"), e2.getMessage());
    // Fits exactly at the end: fine.
    Instance edge = guest("(i32.const 65526)", "");
    assertEquals(10L, WasmCall.invoke(edge, "len", List.of("0123456789")));
  }

  @Test
  void reallocTrapping() throws Exception {
    Instance i = guest("unreachable", "");
    var e =
        assertThrows(
            WasmCallException.Trapped.class, () -> WasmCall.invoke(i, "len", List.of("abc")));
    assertEquals(TrapKind.UNREACHABLE, e.kind());
    assertEquals(
        "\"len\" trapped in cabi_realloc (allocating 3 bytes for argument 0 (a string)):"
            + " unreachable",
        e.getMessage());
  }

  @Test
  void missingReallocOrMemory() throws Exception {
    Instance noRealloc =
        Guests.wat(
            "(module (memory 1) (func (export \"len\") (param i32 i32) (result i32) (local.get 1)))");
    var e =
        assertThrows(
            WasmCallException.AbiViolation.class,
            () -> WasmCall.invoke(noRealloc, "len", List.of("abc")));
    assertEquals(
        "\"len\": cannot pass argument 0 (a string): the module does not export \"cabi_realloc\""
            + " (the canonical ABI's allocator, (i32, i32, i32, i32) -> (i32)) to put it in its"
            + " memory",
        e.getMessage());
    Instance noMemory =
        Guests.wat("(module (func (export \"len\") (param i32 i32) (result i32) (local.get 1)))");
    var e2 =
        assertThrows(
            WasmCallException.AbiViolation.class,
            () -> WasmCall.invoke(noMemory, "len", List.of(new byte[3])));
    assertEquals(
        "\"len\": cannot pass argument 0 (bytes): the module has no memory", e2.getMessage());
    // Numbers need neither.
    Instance plain =
        Guests.wat("(module (func (export \"id\") (param i64) (result i64) (local.get 0)))");
    assertEquals(-5L, WasmCall.invoke(plain, "id", List.of(-5)));
  }

  @Test
  void reallocOfTheWrongType() throws Exception {
    Instance i =
        Guests.wat(
            """
            (module (memory 1)
              (func (export "cabi_realloc") (param i32) (result i32) (i32.const 0))
              (func (export "len") (param i32 i32) (result i32) (local.get 1)))
            """);
    var e =
        assertThrows(
            WasmCallException.AbiViolation.class, () -> WasmCall.invoke(i, "len", List.of("x")));
    assertEquals(
        "\"len\": \"cabi_realloc\" has the type (i32) -> (i32), not (i32, i32, i32, i32) -> (i32)",
        e.getMessage());
  }

  private static final String RETURNS =
      """
      (data (i32.const 16) "\\ff\\fe ok")
      ;; area at 8 pointing at (16, 2): two bytes that are not UTF-8
      (func (export "bad-utf8") (result i32)
        (i32.store (i32.const 8) (i32.const 16)) (i32.store (i32.const 12) (i32.const 2)) (i32.const 8))
      ;; area at 8 pointing at (65000, 1000): past the end
      (func (export "bad-pointer") (result i32)
        (i32.store (i32.const 8) (i32.const 65000)) (i32.store (i32.const 12) (i32.const 1000)) (i32.const 8))
      (func (export "area-outside") (result i32) (i32.const 65532))
      (func (export "area-misaligned") (result i32) (i32.const 6))
      ;; a good one, with a post-return that traps
      (func (export "post-traps") (result i32)
        (i32.store (i32.const 8) (i32.const 18)) (i32.store (i32.const 12) (i32.const 3)) (i32.const 8))
      (func (export "cabi_post_post-traps") (param i32) unreachable)
      (func (export "post-wrong-type") (result i32)
        (i32.store (i32.const 8) (i32.const 18)) (i32.store (i32.const 12) (i32.const 3)) (i32.const 8))
      (func (export "cabi_post_post-wrong-type") (param i64))
      """;

  @Test
  void invalidUtf8Result() throws Exception {
    Instance i = guest("(i32.const 0)", RETURNS);
    var e =
        assertThrows(
            WasmCallException.AbiViolation.class,
            () -> WasmCall.invoke(i, "bad-utf8", List.of(), WitType.STRING));
    assertEquals(
        "\"bad-utf8\": returned a string that is not valid UTF-8 (byte 0 of 2)", e.getMessage());
    // The same bytes are fine as list<u8>.
    byte[] b = (byte[]) WasmCall.invoke(i, "bad-utf8", List.of(), WitType.BYTES);
    assertEquals(List.of((byte) 0xff, (byte) 0xfe), List.of(b[0], b[1]));
  }

  @Test
  void resultPointersOutsideMemory() throws Exception {
    Instance i = guest("(i32.const 0)", RETURNS);
    var e =
        assertThrows(
            WasmCallException.AbiViolation.class,
            () -> WasmCall.invoke(i, "bad-pointer", List.of(), WitType.BYTES));
    assertEquals(
        "\"bad-pointer\": returned the pointer 0xfde8 for 1000 bytes of its result, outside the"
            + " memory of 65536 bytes",
        e.getMessage());
    var area =
        assertThrows(
            WasmCallException.AbiViolation.class,
            () -> WasmCall.invoke(i, "area-outside", List.of(), WitType.STRING));
    assertTrue(
        area.getMessage().contains("return-area pointer 0xfffc for 8 bytes"), area.getMessage());
    var misaligned =
        assertThrows(
            WasmCallException.AbiViolation.class,
            () -> WasmCall.invoke(i, "area-misaligned", List.of(), WitType.STRING));
    assertEquals(
        "\"area-misaligned\": returned the return-area pointer 0x6, which is not 4-byte aligned as"
            + " the canonical ABI requires",
        misaligned.getMessage());
  }

  @Test
  void postReturnTrapping() throws Exception {
    Instance i = guest("(i32.const 0)", RETURNS);
    var e =
        assertThrows(
            WasmCallException.Trapped.class,
            () -> WasmCall.invoke(i, "post-traps", List.of(), WitType.STRING));
    assertEquals(TrapKind.UNREACHABLE, e.kind());
    assertEquals("cabi_post_post-traps", e.phase());
    assertEquals("\"post-traps\" trapped in cabi_post_post-traps: unreachable", e.getMessage());
    var wrong =
        assertThrows(
            WasmCallException.AbiViolation.class,
            () -> WasmCall.invoke(i, "post-wrong-type", List.of(), WitType.STRING));
    assertEquals(
        "\"post-wrong-type\": \"cabi_post_post-wrong-type\" has the type (i64) -> (), not (i32) -> ()",
        wrong.getMessage());
  }

  @Test
  void deepRecursionIsATrapNotAJvmCrash() throws Exception {
    Instance i =
        Guests.wat(
            "(module (func $f (export \"f\") (param i32) (result i32) (call $f (local.get 0))))");
    var e =
        assertThrows(WasmCallException.Trapped.class, () -> WasmCall.invoke(i, "f", List.of(1)));
    assertEquals(TrapKind.CALL_STACK_EXHAUSTED, e.kind());
  }

  @Test
  void scalarsOfEveryCoreType() throws Exception {
    Instance i =
        Guests.wat(
            """
            (module
              (func (export "mix") (param i32 i64 f32 f64) (result f64)
                (f64.add (f64.add (f64.convert_i32_s (local.get 0)) (f64.convert_i64_s (local.get 1)))
                         (f64.add (f64.promote_f32 (local.get 2)) (local.get 3))))
              (func (export "half") (param f32) (result f32) (f32.div (local.get 0) (f32.const 2)))
              (func (export "divmod") (param i32 i32) (result i32 i32)
                (i32.div_u (local.get 0) (local.get 1)) (i32.rem_u (local.get 0) (local.get 1)))
              (func (export "nan") (result f64) (f64.div (f64.const 0) (f64.const 0)))
              (func (export "big") (result i64) (i64.const -1)))
            """);
    // An integer passed to float parameters is cast.
    assertEquals(10.0, WasmCall.invoke(i, "mix", List.of(1, 2L, 3, 4.0)));
    assertEquals(0.05, WasmCall.invoke(i, "half", List.of(0.1)));
    assertEquals(List.of(3L, 2L), WasmCall.invoke(i, "divmod", List.of(17, 5)));
    var nan =
        assertThrows(
            WasmCallException.AbiViolation.class, () -> WasmCall.invoke(i, "nan", List.of()));
    assertEquals("\"nan\": the result is NaN, which IPLD cannot represent", nan.getMessage());
    assertEquals(-1L, WasmCall.invoke(i, "big", List.of()));
    assertEquals(
        new java.math.BigInteger("18446744073709551615"),
        WasmCall.invoke(i, "big", List.of(), WitType.U64));
  }
}
