package io.ipvm.compiler.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.compiler.ModuleCompiler;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Error messages of rejected modules say where: the function, or the section. */
class ErrorLocatorTest {
  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h.replace(" ", ""));
  }

  @Test
  void invalidBodyNamesTheFunction() {
    // three functions () -> i32; the second returns an i64: "type mismatch" in function 1
    byte[] wasm =
        hex(
            "0061736d 01000000 0105 0160 00 017f 0304 03 000000"
                + " 0a10 03 0400 4101 0b 0400 4202 0b 0400 4103 0b");
    var e = assertThrows(InvalidModuleException.class, () -> ModuleCompiler.compile(wasm));
    assertEquals(1, e.functionIndex(), e.getMessage());
    assertEquals(0x1d, e.byteOffset(), e.getMessage()); // the size field of body 1
    assertTrue(e.getMessage().contains("(function 1)"), e.getMessage());
  }

  @Test
  void truncatedSectionNamesTheSection() {
    // a type section that claims 5 bytes but has 3
    byte[] wasm = hex("0061736d 01000000 0105 0160 00");
    var e = assertThrows(MalformedModuleException.class, () -> ModuleCompiler.compile(wasm));
    assertEquals(8, e.byteOffset(), e.getMessage());
    assertTrue(e.getMessage().contains("type section"), e.getMessage());
  }
}
