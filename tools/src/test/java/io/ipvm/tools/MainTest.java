package io.ipvm.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Drives {@link Main#run} in-process against the modules in {@code examples/} and small modules
 * made here with {@code wat2wasm} or written as bytes, and checks exit status and output.
 */
class MainTest {
  @TempDir static Path tmp;

  static Path examples;

  /** The result of one command line. */
  record Result(int status, String out, String err) {
    @Override
    public String toString() {
      return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  @BeforeAll
  static void findExamples() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("examples/fib.wasm"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      fail("examples/fib.wasm not found above " + Path.of("").toAbsolutePath());
    }
    examples = dir.resolve("examples");
  }

  static Result ipvm(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int status;
    try (var o = new PrintStream(out, true, StandardCharsets.UTF_8);
        var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = Main.run(args, o, e);
    }
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static String example(String name) {
    return examples.resolve(name).toString();
  }

  /** Compiles WebAssembly text with wabt's wat2wasm into the temporary folder. */
  static String wat(String name, String text) throws IOException, InterruptedException {
    Path source = tmp.resolve(name + ".wat");
    Path binary = tmp.resolve(name + ".wasm");
    Files.writeString(source, text);
    String wat2wasm =
        Files.isExecutable(Path.of("/usr/bin/wat2wasm")) ? "/usr/bin/wat2wasm" : "wat2wasm";
    Process p;
    try {
      p =
          new ProcessBuilder(wat2wasm, source.toString(), "-o", binary.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new AssertionError("wat2wasm (wabt) is needed by these tests: " + e.getMessage(), e);
    }
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "wat2wasm failed:\n" + log);
    return binary.toString();
  }

  static String bytes(String name, int... values) throws IOException {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    Path file = tmp.resolve(name);
    Files.write(file, b);
    return file.toString();
  }

  static void assertOk(Result r, String expectedOut) {
    assertEquals(0, r.status(), r::toString);
    assertEquals(expectedOut, r.out(), r::toString);
    assertEquals("", r.err(), r::toString);
  }

  static void assertFails(Result r, int status, String... fragments) {
    assertEquals(status, r.status(), r::toString);
    assertEquals("", r.out(), r::toString);
    for (String f : fragments) {
      assertTrue(r.err().contains(f), () -> "expected \"" + f + "\" in stderr\n" + r);
    }
    assertFalse(r.err().contains("\tat "), () -> "unexpected stack trace\n" + r);
  }

  // ---- the examples ----------------------------------------------------------------------------

  @Test
  void fib() {
    assertOk(ipvm("run", example("fib.wasm"), "--invoke", "fib", "20"), "6765\n");
    assertOk(ipvm("run", example("fib.wasm"), "--invoke", "fib_iter", "46"), "1836311903\n");
    // i32 arithmetic wraps; results print as signed.
    assertOk(ipvm("run", example("fib.wasm"), "--invoke", "fib_iter", "47"), "-1323752223\n");
  }

  @Test
  void memory() {
    assertOk(ipvm("run", example("memory.wasm"), "--invoke", "sum", "0", "10"), "55\n");
    assertOk(ipvm("run", example("memory.wasm"), "--invoke", "fill_sum", "100", "7", "10"), "70\n");
    assertOk(ipvm("run", example("memory.wasm"), "--invoke", "pages"), "1\n");
    assertOk(ipvm("run", example("memory.wasm"), "--invoke", "fill", "0", "1", "1"), "");
    Result r = ipvm("run", example("memory.wasm"), "--invoke", "sum", "65530", "10");
    assertFails(r, 1);
    assertEquals("trap: out of bounds memory access\n", r.err());
  }

  @Test
  void indirectCallsAndMultiValue() {
    String f = example("indirect.wasm");
    assertOk(ipvm("run", f, "--invoke", "divmod", "17", "5"), "3\n2\n");
    assertOk(ipvm("run", f, "--invoke", "apply", "0", "6", "7"), "13\n");
    assertOk(ipvm("run", f, "--invoke", "apply", "2", "6", "7"), "42\n");
    assertOk(ipvm("run", f, "--invoke", "rsub", "3", "10"), "7\n");
    assertOk(ipvm("run", f, "--invoke", "all_ops", "12", "4"), "75\n");
    // Negative numbers are arguments, not options.
    assertOk(ipvm("run", f, "--invoke", "apply", "0", "-6", "7"), "1\n");
    assertOk(ipvm("run", f, "--invoke=apply", "1", "6", "7"), "-1\n");
  }

  @ParameterizedTest
  @CsvSource({
    "4, indirect call type mismatch",
    "6, uninitialized element",
    "9, undefined element",
    "3, integer divide by zero"
  })
  void indirectTraps(String slot, String message) {
    Result r =
        ipvm(
            "run",
            example("indirect.wasm"),
            "--invoke",
            "apply",
            slot,
            "1",
            slot.equals("3") ? "0" : "2");
    assertFails(r, 1);
    assertEquals("trap: " + message + "\n", r.err());
  }

  @Test
  void json() {
    assertOk(
        ipvm("run", example("fib.wasm"), "--invoke", "fib", "20", "--json"),
        "{\"results\":[6765],\"types\":[\"i32\"]}\n");
    assertOk(
        ipvm("run", "--json", example("indirect.wasm"), "--invoke", "divmod", "17", "5"),
        "{\"results\":[3,2],\"types\":[\"i32\",\"i32\"]}\n");
    assertOk(
        ipvm("run", "--json", example("memory.wasm"), "--invoke", "fill", "0", "0", "0"),
        "{\"results\":[],\"types\":[]}\n");
  }

  // ---- values ----------------------------------------------------------------------------------

  static String identities;

  static String identities() throws Exception {
    if (identities == null) {
      identities =
          wat(
              "identities",
              """
              (module
                (func (export "i32") (param i32) (result i32) (local.get 0))
                (func (export "i64") (param i64) (result i64) (local.get 0))
                (func (export "f32") (param f32) (result f32) (local.get 0))
                (func (export "f64") (param f64) (result f64) (local.get 0))
                (func (export "mixed") (param i32 i64 f32 f64) (result f64 f32 i64 i32)
                  (local.get 3) (local.get 2) (local.get 1) (local.get 0)))
              """);
    }
    return identities;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "i32 | 42                   | 42",
        "i32 | -7                   | -7",
        "i32 | +7                   | 7",
        "i32 | 4294967295           | -1",
        "i32 | 2147483648           | -2147483648",
        "i32 | -2147483648          | -2147483648",
        "i32 | 0xffffffff           | -1",
        "i32 | 0X2A                 | 42",
        "i32 | -0x80000000          | -2147483648",
        "i64 | 18446744073709551615 | -1",
        "i64 | -9223372036854775808 | -9223372036854775808",
        "i64 | 0x7fffffffffffffff   | 9223372036854775807",
        "i64 | 0xffffffffffffffff   | -1",
        "f32 | 1.5                  | 1.5",
        "f32 | 0.1                  | 0.1",
        "f32 | -0                   | -0.0",
        "f32 | 1e10                 | 1.0E10",
        "f32 | 0x1.8p1              | 3.0",
        "f32 | 0x1.8                | 1.5",
        "f32 | 0x1p-149             | 1.4E-45",
        "f32 | 3.4028235e38         | 3.4028235E38",
        "f32 | inf                  | inf",
        "f32 | -inf                 | -inf",
        "f32 | nan                  | nan",
        "f32 | -nan                 | -nan",
        "f32 | nan:0x1              | nan:0x1",
        "f32 | nan:0x400000         | nan",
        "f32 | -nan:0x7fffff        | -nan:0x7fffff",
        "f64 | 0.1                  | 0.1",
        "f64 | 1e308                | 1.0E308",
        "f64 | -2.5e-3              | -0.0025",
        "f64 | 0x1p-1074            | 4.9E-324",
        "f64 | 0x1.fffffffffffffp1023 | 1.7976931348623157E308",
        "f64 | .5                   | 0.5",
        "f64 | 5.                   | 5.0",
        "f64 | Infinity             | inf",
        "f64 | nan                  | nan",
        "f64 | nan:0x8000000000000  | nan",
        "f64 | nan:0x1              | nan:0x1",
        "f64 | -nan                 | -nan",
      })
  void argumentsAndResults(String type, String input, String output) throws Exception {
    assertOk(ipvm("run", identities(), "--invoke", type, "--", input), output + "\n");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "i32 | 4294967296           | out of range for i32",
        "i32 | -2147483649          | out of range for i32",
        "i32 | 0x100000000          | out of range for i32",
        "i32 | 99999999999999999999 | out of range for i32",
        "i32 | abc                  | not an integer",
        "i32 | ''                   | not an integer",
        "i32 | 1.5                  | a float is not accepted",
        "i32 | 0x                   | not an integer",
        "i32 | 1_000                | not an integer",
        "i32 | ' 1'                 | not an integer",
        "i64 | 18446744073709551616 | out of range for i64",
        "i64 | -9223372036854775809 | out of range for i64",
        "f32 | 1e39                 | out of range for f32",
        "f32 | 1.5f                 | not a float",
        "f32 | 1.5d                 | not a float",
        "f32 | abc                  | not a float",
        "f32 | nan:0x800000         | NaN payload out of range",
        "f32 | nan:0x0              | NaN payload out of range",
        "f32 | nan:xyz              | not a NaN",
        "f64 | 1e309                | out of range for f64",
        "f64 | 1e                   | not a float",
        "f64 | 0x1p                 | not a float",
        "f64 | NaN123               | not a NaN",
      })
  void badArguments(String type, String input, String message) throws Exception {
    Result r = ipvm("run", identities(), "--invoke", type, "--", input);
    assertFails(r, 2, "error: argument 1 of " + type + " is an " + type, message);
  }

  @Test
  void mixedTypesAndJson() throws Exception {
    assertOk(
        ipvm("run", identities(), "--invoke", "mixed", "-1", "0x10", "2.5", "-nan"),
        "-nan\n2.5\n16\n-1\n");
    assertOk(
        ipvm("run", identities(), "--json", "--invoke", "mixed", "7", "-8", "-inf", "1e-3"),
        "{\"results\":[0.001,\"-inf\",-8,7],\"types\":[\"f64\",\"f32\",\"i64\",\"i32\"]}\n");
  }

  @Test
  void everyFloatReadsBackAsTheSameBits() throws Exception {
    var random = new java.util.Random(1);
    List<Integer> floats = new ArrayList<>(List.of(0, 0x8000_0000, 0x7f80_0000, 0x7fc0_0000, 1));
    List<Long> doubles = new ArrayList<>(List.of(0L, Long.MIN_VALUE, 0x7ff8_0000_0000_0000L, 1L));
    for (int i = 0; i < 20_000; i++) {
      floats.add(random.nextInt());
      doubles.add(random.nextLong());
    }
    for (int bits : floats) {
      String text = WasmValues.formatF32(Float.intBitsToFloat(bits));
      Object back = WasmValues.parse(io.ipvm.wasm.ValType.F32, text);
      assertEquals(bits, Float.floatToRawIntBits((Float) back), text);
    }
    for (long bits : doubles) {
      String text = WasmValues.formatF64(Double.longBitsToDouble(bits));
      Object back = WasmValues.parse(io.ipvm.wasm.ValType.F64, text);
      assertEquals(bits, Double.doubleToRawLongBits((Double) back), text);
    }
  }

  @Test
  void wrongNumberOfArguments() {
    assertFails(
        ipvm("run", example("fib.wasm"), "--invoke", "fib", "1", "2"),
        2,
        "error: fib takes 1 argument (i32), but 2 were given");
    assertFails(
        ipvm("run", example("indirect.wasm"), "--invoke", "divmod"),
        2,
        "error: divmod takes 2 arguments (i32, i32), but 0 were given");
    assertFails(
        ipvm("run", example("memory.wasm"), "--invoke", "pages", "1"),
        2,
        "error: pages takes no arguments, but 1 was given");
  }

  // ---- exports and _start ----------------------------------------------------------------------

  @Test
  void missingExport() {
    Result r = ipvm("run", example("fib.wasm"), "--invoke", "fibonacci", "20");
    assertFails(r, 2);
    assertEquals("error: no exported function fibonacci; exports: fib, fib_iter\n", r.err());
    assertFails(
        ipvm("run", example("memory.wasm"), "--invoke", "memory"),
        2,
        "export memory is a memory, not a function; exports: sum, fill, fill_sum, grow, pages");
  }

  @Test
  void withoutInvokeRunsStart() throws Exception {
    String start =
        wat(
            "start",
            """
            (module
              (func (export "_start"))
              (func (export "other") (result i32) (i32.const 1)))
            """);
    assertOk(ipvm("run", start), "");
    String trapping = wat("start_trap", "(module (func (export \"_start\") (unreachable)))");
    Result r = ipvm("run", trapping);
    assertFails(r, 1);
    assertEquals("trap: unreachable\n", r.err());
    assertFails(
        ipvm("run", example("fib.wasm")),
        2,
        "no --invoke NAME given",
        "exports no _start function; exported functions: fib, fib_iter");
  }

  // ---- traps -----------------------------------------------------------------------------------

  @Test
  void trapsExitWithStatusOne() throws Exception {
    String f =
        wat(
            "traps",
            """
            (module
              (func (export "div") (param i32 i32) (result i32)
                (i32.div_s (local.get 0) (local.get 1)))
              (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
              (func (export "unreachable") (unreachable)))
            """);
    Result r = ipvm("run", f, "--invoke", "div", "1", "0");
    assertFails(r, 1);
    assertEquals("trap: integer divide by zero\n", r.err());
    r = ipvm("run", f, "--invoke", "div", "-2147483648", "-1");
    assertEquals("trap: integer overflow\n", r.err(), r::toString);
    r = ipvm("run", f, "--invoke", "trunc", "nan");
    assertEquals("trap: invalid conversion to integer\n", r.err(), r::toString);
    r = ipvm("run", f, "--invoke", "unreachable");
    assertEquals(1, r.status());
    assertEquals("trap: unreachable\n", r.err(), r::toString);
  }

  @Test
  void trapInStartFunction() throws Exception {
    String f =
        wat(
            "start_section",
            """
            (module
              (func $boom (unreachable))
              (start $boom)
              (func (export "f") (result i32) (i32.const 1)))
            """);
    Result r = ipvm("run", f, "--invoke", "f");
    assertFails(r, 1);
    assertEquals("trap: unreachable\n", r.err());
  }

  @Test
  void deepRecursionUsesTheBigStack() throws Exception {
    String f =
        wat(
            "recursion",
            """
            (module
              (func $depth (export "depth") (param i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0))
                  (then (i64.const 0))
                  (else (i64.add (i64.const 1)
                    (call $depth (i64.sub (local.get 0) (i64.const 1)))))))
              (func $forever (export "forever") (param i32) (result i32)
                (i32.add (i32.const 1) (call $forever (local.get 0)))))
            """);
    // Far beyond what a default 1 MiB (or the tests' 16 MiB) JVM stack holds.
    assertOk(ipvm("run", f, "--invoke", "depth", "1000000"), "1000000\n");
    Result r = ipvm("run", f, "--invoke", "forever", "0");
    assertFails(r, 1);
    assertEquals("trap: call stack exhausted\n", r.err());
  }

  // ---- bad modules and files -------------------------------------------------------------------

  @Test
  void malformedBytes() throws Exception {
    String junk = bytes("junk.wasm", 1, 2, 3, 4, 5, 6, 7, 8);
    Result r = ipvm("run", junk, "--invoke", "f");
    assertFails(r, 2);
    assertEquals(
        "error: invalid module "
            + junk
            + ": not a WebAssembly binary: magic header not detected at byte offset 0x0"
            + " (expected 00 61 73 6d)\n",
        r.err());

    assertFails(
        ipvm("run", bytes("v2.wasm", 0, 'a', 's', 'm', 2, 0, 0, 0), "--invoke", "f"),
        2,
        "error: invalid module",
        "unknown binary version 2 at byte offset 0x4");
    assertFails(
        ipvm("run", bytes("short.wasm", 0, 'a', 's', 'm', 1), "--invoke", "f"),
        2,
        "error: invalid module",
        "unexpected end of file at byte offset 0x5");
    assertFails(
        ipvm("run", bytes("empty.wasm"), "--invoke", "f"),
        2,
        "error: invalid module",
        "at byte offset 0x0");

    // Past the header the compiler reports; section id 13 (exception tags) is not WebAssembly 2.0.
    String tag = bytes("tag.wasm", 0, 'a', 's', 'm', 1, 0, 0, 0, 13, 1, 0);
    r = ipvm("run", tag, "--invoke", "f");
    assertFails(r, 2, "error: invalid module " + tag + ": ", "section id 13", "byte offset 0x8");

    // Text instead of a binary: say so.
    assertFails(
        ipvm("run", example("fib.wat"), "--invoke", "fib", "1"),
        2,
        "magic header not detected",
        "looks like WebAssembly text: compile it with wat2wasm");
  }

  @Test
  void invalidModules() throws Exception {
    // Two memories: well-formed, invalid in WebAssembly 2.0; the message has the offset.
    String twoMemories =
        bytes("two_memories.wasm", 0, 'a', 's', 'm', 1, 0, 0, 0, 5, 5, 2, 0, 1, 0, 1);
    assertFails(
        ipvm("run", twoMemories, "--invoke", "f"),
        2,
        "error: invalid module " + twoMemories + ": ",
        "multiple memories",
        "byte offset 0xd");
    // A type error in a function body: type (func), function, code: i32.add on an empty stack.
    String typeError =
        bytes(
            "type_error.wasm",
            0,
            'a',
            's',
            'm',
            1,
            0,
            0,
            0,
            1,
            4,
            1,
            0x60,
            0,
            0,
            3,
            2,
            1,
            0,
            10,
            5,
            1,
            3,
            0,
            0x6a,
            0x0b);
    assertFails(
        ipvm("inspect", typeError),
        2,
        "error: invalid module " + typeError + ": ",
        "type mismatch");
  }

  @Test
  void verbosePrintsTheStackTrace() throws Exception {
    String twoMemories =
        bytes("two_memories_v.wasm", 0, 'a', 's', 'm', 1, 0, 0, 0, 5, 5, 2, 0, 1, 0, 1);
    Result r = ipvm("run", "--verbose", twoMemories, "--invoke", "f");
    assertEquals(2, r.status(), r::toString);
    assertTrue(r.err().startsWith("error: invalid module"), r::toString);
    assertTrue(r.err().contains("ModuleException$Invalid"), r::toString);
    assertTrue(r.err().contains("\tat "), r::toString);
  }

  @Test
  void unreadableFiles() {
    Path missing = tmp.resolve("missing.wasm");
    Result r = ipvm("run", missing.toString(), "--invoke", "f");
    assertFails(r, 2);
    assertEquals("error: cannot read " + missing + ": no such file\n", r.err());
    assertFails(ipvm("inspect", tmp.toString()), 2, "error: cannot read", "is a directory");
  }

  @Test
  void unlinkableModuleListsItsImports() throws Exception {
    String f =
        wat(
            "imports",
            """
            (module
              (import "env" "log" (func (param i32)))
              (import "env" "memory" (memory 1))
              (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
              (func (export "f") (result i32) (i32.const 1)))
            """);
    Result r = ipvm("run", f, "--invoke", "f");
    assertFails(r, 2);
    assertEquals(
        "error: cannot run "
            + f
            + ": it needs imports, and ipvm run provides only wasi_snapshot_preview1. Missing:\n"
            + "  func env.log: (i32) -> ()\n"
            + "  memory env.memory: at least 1 page\n",
        r.err());
    String plain =
        wat(
            "imports_no_wasi",
            """
            (module
              (import "env" "log" (func (param i32)))
              (func (export "f") (result i32) (i32.const 1)))
            """);
    Result r2 = ipvm("run", plain, "--invoke", "f");
    assertFails(r2, 2);
    assertEquals(
        "error: cannot run "
            + plain
            + ": it needs imports, and ipvm run provides none. Missing:\n"
            + "  func env.log: (i32) -> ()\n",
        r2.err());
  }

  // ---- inspect ---------------------------------------------------------------------------------

  @Test
  void inspect() throws Exception {
    assertOk(
        ipvm("inspect", example("memory.wasm")),
        """
        imports (0):
          (none)
        exports (6):
          memory memory    1 to 16 pages
          func   sum       (i32, i32) -> (i32)
          func   fill      (i32, i32, i32) -> ()
          func   fill_sum  (i32, i32, i32) -> (i32)
          func   grow      (i32) -> (i32)
          func   pages     () -> (i32)
        """);
    String f =
        wat(
            "inspect",
            """
            (module
              (import "env" "g" (global (mut i32)))
              (import "env" "t" (table 2 10 funcref))
              (global (export "counter") (mut i64) (i64.const 0))
              (table (export "refs") 3 externref)
              (func (export "two") (param f32) (result f64 i32) (f64.const 0) (i32.const 0)))
            """);
    assertOk(
        ipvm("inspect", f),
        """
        imports (2):
          global env.g  mut i32
          table  env.t  funcref, 2 to 10 elements
        exports (3):
          global counter  mut i64
          table  refs     externref, at least 3 elements
          func   two      (f32) -> (f64, i32)
        """);
    assertOk(
        ipvm("inspect", "--json", f),
        "{\"imports\":["
            + "{\"module\":\"env\",\"name\":\"g\",\"kind\":\"global\",\"type\":\"i32\",\"mutable\":true},"
            + "{\"module\":\"env\",\"name\":\"t\",\"kind\":\"table\",\"type\":\"funcref\",\"min\":2,\"max\":10}"
            + "],\"exports\":["
            + "{\"name\":\"counter\",\"kind\":\"global\",\"type\":\"i64\",\"mutable\":true},"
            + "{\"name\":\"refs\",\"kind\":\"table\",\"type\":\"externref\",\"min\":3,\"max\":null},"
            + "{\"name\":\"two\",\"kind\":\"func\",\"params\":[\"f32\"],\"results\":[\"f64\",\"i32\"]}"
            + "]}\n");
  }

  // ---- the command line itself -----------------------------------------------------------------

  @Test
  void helpAndVersion() {
    for (String help : new String[] {"help", "--help", "-h"}) {
      Result r = ipvm(help);
      assertEquals(0, r.status(), r::toString);
      assertTrue(
          r.out().contains("ipvm run [--json] [--verbose] FILE.wasm [--invoke NAME]"), r::toString);
      assertEquals("", r.err());
    }
    Result none = ipvm();
    assertEquals(2, none.status());
    assertTrue(none.err().contains("Usage:"), none::toString);

    Result v = ipvm("version");
    assertEquals(0, v.status(), v::toString);
    assertTrue(v.out().matches("ipvm \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java .+\\)\n"), v::toString);
  }

  @Test
  void usageErrors() {
    assertFails(ipvm("frobnicate"), 2, "error: unknown command 'frobnicate'", "ipvm help");
    assertFails(ipvm("fib.wasm"), 2, "did you mean: ipvm run fib.wasm");
    assertFails(ipvm("run"), 2, "missing FILE.wasm");
    assertFails(ipvm("run", example("fib.wasm"), "--invoke"), 2, "--invoke needs the name");
    assertFails(
        ipvm("run", example("fib.wasm"), "--invoke", "fib", "--invoke", "fib"),
        2,
        "--invoke given twice");
    assertFails(ipvm("run", example("fib.wasm"), "--frob"), 2, "unknown option --frob");
    assertFails(ipvm("inspect"), 2, "missing FILE.wasm");
    assertFails(
        ipvm("inspect", "--invoke", "f", example("fib.wasm")), 2, "unknown option --invoke");
  }
}
