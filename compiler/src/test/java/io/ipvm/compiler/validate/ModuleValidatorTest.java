package io.ipvm.compiler.validate;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.Parser;
import io.ipvm.compiler.ModuleCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Tests {@link ModuleValidator}: a probe over every binary module of the official WebAssembly 2.0
 * spec suite, plus small hand-written modules.
 */
class ModuleValidatorTest {

  /** The wast2json output of the 2.0 suite, shared by the workspace (/work/shared from here). */
  private static final Path SUITE = Path.of("..", "..", "shared", "wasm-testsuite", "json");

  /** Non-SIMD directories of the suite (see SOURCE.md there); a smaller count means a bad path. */
  private static final int NON_SIMD_DIRECTORIES = 90;

  /**
   * Every binary module the suite declares must be rejected exactly when it is an {@code
   * assert_invalid} or {@code assert_malformed} one, and only with a Chicory {@link
   * MalformedException}/{@link InvalidException} or one of ours. The other commands ({@code
   * module}, {@code assert_unlinkable}, {@code assert_uninstantiable}) are valid modules that fail
   * later or not at all, so they must be accepted.
   */
  @Test
  void specSuiteBinaryModules() throws IOException {
    assertTrue(Files.isDirectory(SUITE), "spec suite not found at " + SUITE.toAbsolutePath());
    List<Path> directories;
    try (Stream<Path> list = Files.list(SUITE)) {
      directories =
          list.filter(Files::isDirectory)
              .filter(d -> !d.getFileName().toString().startsWith("simd_"))
              .sorted()
              .toList();
    }
    assertEquals(NON_SIMD_DIRECTORIES, directories.size(), "non-SIMD directories in " + SUITE);

    // Counts per command type and outcome, e.g. "assert_invalid rejected" -> 1477.
    Map<String, Integer> outcomes = new TreeMap<>();
    // Which check rejected the module: Chicory's parser or this validator.
    Map<String, Integer> rejectedBy = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (Path directory : directories) {
      String name = directory.getFileName().toString();
      String json = Files.readString(directory.resolve(name + ".json"));
      @SuppressWarnings("unchecked")
      var commands = (List<Object>) ((Map<String, Object>) Json.parse(json)).get("commands");
      for (Object c : commands) {
        @SuppressWarnings("unchecked")
        var command = (Map<String, Object>) c;
        String type = (String) command.get("type");
        String file = (String) command.get("filename");
        if (file == null || !file.endsWith(".wasm") || !isModuleCommand(type)) {
          continue;
        }
        boolean mustReject = type.equals("assert_invalid") || type.equals("assert_malformed");
        String where = name + ".wast:" + command.get("line") + " (" + file + ", " + type + ")";
        RuntimeException error = check(Files.readAllBytes(directory.resolve(file)));
        if (error == null) {
          outcomes.merge(type + " accepted", 1, Integer::sum);
          if (mustReject) {
            failures.add(where + ": accepted, expected \"" + command.get("text") + "\"");
          }
          continue;
        }
        outcomes.merge(type + " rejected", 1, Integer::sum);
        boolean ours =
            error instanceof InvalidModuleException || error instanceof MalformedModuleException;
        boolean chicory = error instanceof MalformedException || error instanceof InvalidException;
        rejectedBy.merge(ours ? "ModuleValidator" : chicory ? "Chicory" : "other", 1, Integer::sum);
        if (!mustReject) {
          failures.add(where + ": rejected: " + error);
        } else if (!ours && !chicory) {
          failures.add(where + ": rejected with an unexpected exception: " + error);
        }
      }
    }
    System.out.println("ModuleValidator spec probe: " + outcomes + ", rejected by " + rejectedBy);
    if (!failures.isEmpty()) {
      fail(failures.size() + " spec modules judged wrongly:\n" + String.join("\n", failures));
    }
  }

  private static boolean isModuleCommand(String type) {
    return switch (type) {
      case "module",
              "assert_invalid",
              "assert_malformed",
              "assert_unlinkable",
              "assert_uninstantiable" ->
          true;
      default -> false;
    };
  }

  /** Parses and validates; returns the exception that rejected the module, or null. */
  private static RuntimeException check(byte[] bytes) {
    try {
      ModuleValidator.validate(bytes, Parser.parse(bytes));
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  private static void validate(String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    ModuleValidator.validate(bytes, Parser.parse(bytes));
  }

  // Hand-written modules, made with wat2wasm --no-check (its 2.0 checks would refuse some).

  @Test
  void twoMemoriesAreRejected() {
    // (module (memory 1) (memory 1))
    var e =
        assertThrows(
            InvalidModuleException.class, () -> validate("0061736d0100000005050200010001"));
    assertTrue(e.getMessage().startsWith("multiple memories"), e.getMessage());
    assertEquals(0x0d, e.byteOffset()); // the second memory's limits
    assertEquals(-1, e.functionIndex());
  }

  @Test
  void duplicateExportNameIsRejected() {
    // (module (func $f) (export "a" (func $f)) (export "a" (func $f)))
    var e =
        assertThrows(
            InvalidModuleException.class,
            () ->
                validate("0061736d010000000104016000000302010007090201610000016100000a040102000b"));
    assertEquals("duplicate export name \"a\" at byte offset 0x19", e.getMessage());
    assertEquals(0x19, e.byteOffset());
  }

  @Test
  void exportOfUnknownFunctionIsRejected() {
    // (module (func) (export "a" (func 1))), the index patched by hand
    var e =
        assertThrows(
            InvalidModuleException.class,
            () -> validate("0061736d010000000104016000000302010007050101610001" + "0a040102000b"));
    assertTrue(e.getMessage().startsWith("unknown function 1 in export \"a\""), e.getMessage());
  }

  @Test
  void longZeroAfterMemoryGrowIsMalformed() {
    // binary.wast line 146: memory.grow whose reserved byte is 0x80 0x00
    var e =
        assertThrows(
            MalformedModuleException.class,
            () ->
                validate(
                    "0061736d01000000010401600000030201000503010000"
                        + "0a0a0108004100408000"
                        + "1a0b"));
    assertEquals("zero byte expected at byte offset 0x1f (function 0)", e.getMessage());
    assertEquals(0x1f, e.byteOffset());
    assertEquals(0, e.functionIndex());
  }

  @Test
  void dataOffsetMayOnlyReadImportedGlobals() {
    // (module (memory 1) (global i32 (i32.const 0)) (data (global.get 0) "a"))
    var e =
        assertThrows(
            InvalidModuleException.class,
            () -> validate("0061736d0100000005030100010606017f0041000b0b07010023000b0161"));
    assertTrue(e.getMessage().startsWith("unknown global 0 in data segment 0"), e.getMessage());

    // (module (import "env" "g" (global i32)) (memory 1) (data (global.get 0) "a"))
    assertDoesNotThrow(
        () -> validate("0061736d01000000020a0103656e760167037f0005030100010b07010023000b0161"));
  }

  @Test
  void refFuncNeedsADeclaration() {
    // (module (func $f) (func (result funcref) (ref.func $f)))
    var e =
        assertThrows(
            InvalidModuleException.class,
            () -> validate("0061736d010000000108026000006000017003030200010a090202000b0400d2000b"));
    assertTrue(e.getMessage().startsWith("undeclared function reference 0"), e.getMessage());
    assertEquals(1, e.functionIndex());

    // The same with $f exported, which declares it.
    assertDoesNotThrow(
        () ->
            validate(
                "0061736d01000000010802600000600001700303020001070501016600000a090202000b0400d2000b"));
  }

  @Test
  void sharedMemoryIsNotWasm20() {
    // (memory 1 1 shared): limits flags 0x03 come from the threads proposal
    var e =
        assertThrows(
            MalformedModuleException.class, () -> validate("0061736d01000000050401030101"));
    assertTrue(e.getMessage().startsWith("malformed limits flags 0x03"), e.getMessage());
  }

  @Test
  void elseWithoutIfIsMalformedEvenWithAssertionsEnabled() {
    // (func block i32.const 0 else end end): Chicory's parser asserts that an else closes an if,
    // and with -ea (surefire's default) that AssertionError escaped ModuleCompiler.parse. Found by
    // fuzz's corruption pass (seed 23, mutant 0: a flipped bit made a br_if an else).
    assertTrue(ModuleValidatorTest.class.desiredAssertionStatus(), "tests run with -ea");
    byte[] one =
        HexFormat.of()
            .parseHex("0061736d0100000001040160000003020100" + "0a0b0109000240410005" + "0b0b0b");
    var e = assertThrows(MalformedModuleException.class, () -> ModuleCompiler.parse(one));
    // named as what is wrong with the body, not as the parser's internal assertion
    assertTrue(e.getMessage().contains("unbalanced blocks"), e.getMessage());
    assertFalse(e.getMessage().contains("AssertionError"), e.getMessage());
    assertEquals(0, e.functionIndex(), e.getMessage());
    // With two bodies, ErrorLocator bisects by re-parsing with bodies stubbed: the same assertion
    // must not escape from there either (seed 10001, mutant 0).
    byte[] two =
        HexFormat.of()
            .parseHex(
                "0061736d01000000010401600000030302000" + "00a0e0202000b09000240410005" + "0b0b0b");
    var e2 = assertThrows(MalformedModuleException.class, () -> ModuleCompiler.parse(two));
    assertEquals(1, e2.functionIndex(), e2.getMessage());
  }

  @Test
  void tailCallIsNotWasm20() {
    // (module (func (return_call 0))): Chicory decodes the 3.0 opcode 0x12, 2.0 has no such opcode
    var e =
        assertThrows(
            MalformedModuleException.class,
            () -> validate("0061736d0100000001040160000003020100" + "0a060104001200" + "0b"));
    assertEquals(
        "illegal opcode 0x12 (not part of WebAssembly 2.0) at byte offset 0x17 (function 0)",
        e.getMessage());
  }

  /**
   * Just enough JSON for wast2json output (Jackson is not on this module's classpath): objects
   * become {@link LinkedHashMap}, arrays {@link ArrayList}, numbers {@link Double}.
   */
  private static final class Json {
    private final String text;
    private int pos;

    private Json(String text) {
      this.text = text;
    }

    static Object parse(String text) {
      var json = new Json(text);
      Object value = json.value();
      json.skipSpace();
      if (json.pos != text.length()) {
        throw json.error("trailing text");
      }
      return value;
    }

    private Object value() {
      skipSpace();
      if (pos >= text.length()) {
        throw error("unexpected end");
      }
      char c = text.charAt(pos);
      return switch (c) {
        case '{' -> object();
        case '[' -> array();
        case '"' -> string();
        case 't' -> literal("true", Boolean.TRUE);
        case 'f' -> literal("false", Boolean.FALSE);
        case 'n' -> literal("null", null);
        default -> number();
      };
    }

    private Map<String, Object> object() {
      var map = new LinkedHashMap<String, Object>();
      pos++; // '{'
      skipSpace();
      if (peek() == '}') {
        pos++;
        return map;
      }
      while (true) {
        skipSpace();
        String key = string();
        skipSpace();
        expect(':');
        map.put(key, value());
        skipSpace();
        if (peek() == ',') {
          pos++;
        } else {
          expect('}');
          return map;
        }
      }
    }

    private List<Object> array() {
      var list = new ArrayList<Object>();
      pos++; // '['
      skipSpace();
      if (peek() == ']') {
        pos++;
        return list;
      }
      while (true) {
        list.add(value());
        skipSpace();
        if (peek() == ',') {
          pos++;
        } else {
          expect(']');
          return list;
        }
      }
    }

    private String string() {
      expect('"');
      var s = new StringBuilder();
      while (true) {
        char c = text.charAt(pos++);
        if (c == '"') {
          return s.toString();
        }
        if (c != '\\') {
          s.append(c);
          continue;
        }
        char e = text.charAt(pos++);
        switch (e) {
          case 'n' -> s.append('\n');
          case 't' -> s.append('\t');
          case 'r' -> s.append('\r');
          case 'b' -> s.append('\b');
          case 'f' -> s.append('\f');
          case 'u' -> {
            s.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> s.append(e); // '"', '\\', '/'
        }
      }
    }

    private Object literal(String word, Object value) {
      if (!text.startsWith(word, pos)) {
        throw error("bad literal");
      }
      pos += word.length();
      return value;
    }

    private Double number() {
      int start = pos;
      while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
        pos++;
      }
      if (start == pos) {
        throw error("unexpected character");
      }
      return Double.valueOf(text.substring(start, pos));
    }

    private char peek() {
      if (pos >= text.length()) {
        throw error("unexpected end");
      }
      return text.charAt(pos);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    private void skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private IllegalArgumentException error(String message) {
      return new IllegalArgumentException(message + " at JSON offset " + pos);
    }
  }
}
