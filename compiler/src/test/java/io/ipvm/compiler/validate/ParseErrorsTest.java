package io.ipvm.compiler.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ipvm.compiler.ModuleCompiler;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Messages for modules the parser rejects name what is wrong and where, not the parser's raw
 * exception ("malformed module (ArrayIndexOutOfBoundsException ...)").
 */
class ParseErrorsTest {
  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h.replace(" ", ""));
  }

  private static String message(byte[] wasm) {
    return assertThrows(RuntimeException.class, () -> ModuleCompiler.compile(wasm)).getMessage();
  }

  /**
   * (module (func (export "f") (result i32) i32.const 7)), 34 bytes: sections at 8, 15, 19 and 26.
   */
  private static final String MODULE =
      "0061736d 01000000 0105 0160 00 017f 0302 0100 0705 0101 66 0000 0a06 0104 0041 070b";

  @Test
  void wellFormedModuleCompiles() {
    ModuleCompiler.compile(hex(MODULE));
  }

  @Test
  void truncatedModuleSaysWhichSectionEndsEarly() {
    byte[] whole = hex(MODULE);
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);
    assertEquals(
        "unexpected end: the code section declares 6 bytes, but the file ends 3 bytes into it (is"
            + " the file truncated?) at byte offset 0x"
            + Integer.toHexString(whole.length - 8),
        message(cut));
    byte[] cutSize = java.util.Arrays.copyOf(whole, 9); // the type section's id, then nothing
    assertEquals(
        "unexpected end: the size of the type section is cut off or is not a valid u32 at byte"
            + " offset 0x8",
        message(cutSize));
  }

  @Test
  void everyTruncationIsReportedAsAnUnexpectedEnd() {
    byte[] whole = hex(MODULE);
    java.util.Set<Integer> sectionStarts = java.util.Set.of(15, 19, 26);
    for (int n = 9; n < whole.length; n++) {
      byte[] cut = java.util.Arrays.copyOf(whole, n);
      if (sectionStarts.contains(n)) {
        continue; // whole sections dropped: still a well-formed module (or an invalid one)
      }
      String m = message(cut);
      assertEquals(true, m.startsWith("unexpected end"), n + " bytes: " + m);
    }
  }

  @Test
  void tableWithoutMaximumIsNotMinimumGreaterThanMaximum() {
    // (module (table 10000001 funcref)): no maximum, a minimum above Chicory's table limit
    byte[] wasm = hex("0061736d 01000000 0407 01 70 00 81ade204");
    assertEquals(
        "table 0 (of this module's own) has a minimum of 10000001 elements and no maximum; this"
            + " implementation supports tables of at most 10000000 elements in the table section"
            + " at byte offset 0x8",
        message(wasm));
    // a real min > max still says so
    String real = message(hex("0061736d 01000000 0405 01 70 01 0201"));
    assertEquals(true, real.contains("size minimum must not be greater than maximum"), real);
  }

  @Test
  void notWasmSaysMagicHeaderNotDetected() {
    byte[] text = "hello world\n".getBytes(StandardCharsets.UTF_8);
    assertEquals(
        "magic header not detected: the bytes start with 68 65 6c 6c, a WebAssembly binary with 00"
            + " 61 73 6d (\\0asm) at byte offset 0x0",
        message(text));
    assertEquals(
        "unknown binary version 2 (WebAssembly 1.0 and 2.0 binaries are 1) at byte offset 0x4",
        message(hex("0061736d 02000000")));
  }

  @Test
  void unknownSectionId() {
    assertEquals(
        "malformed section id 14 at byte offset 0x8", message(hex("0061736d 01000000 0e01 00")));
  }

  @Test
  void illegalOpcodeWithoutTheParsersHedge() {
    // the body of f is 0xd7 (no such opcode) instead of i32.const 7
    byte[] wasm =
        hex("0061736d 01000000 0105 0160 00 017f 0302 0100 0705 0101 66 0000 0a05 0103 00d7 0b");
    assertEquals("illegal opcode 0xd7 at byte offset 0x1d (function 0)", message(wasm));
  }
}
