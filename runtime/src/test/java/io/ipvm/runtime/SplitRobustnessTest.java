package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.compiler.CompileOptions;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Functions split into several JVM methods (frame mode, chunks) must behave exactly like the
 * reference interpreter: loops entered with values of every type on the operand stack and left by
 * {@code return}, {@code br}, {@code br_if} or {@code br_table} from inside a chunk (the binaryen
 * fuzzer's reproducers in {@code resources/split}, and their siblings), and operand stacks of
 * 20,000 and 40,000 values. Each module is compiled several ways — split as the default budget
 * decides (without huge methods, so big functions really are split), plain and metered, and with
 * tiny split budgets that cut even small functions into many chunks — and every export's result is
 * compared with what wabt's {@code wasm-interp --run-all-exports} prints.
 */
class SplitRobustnessTest {
  /** How each module is compiled: every one must split the functions and agree with wasm-interp. */
  private static final List<CompileOptions> VARIANTS =
      List.of(
          CompileOptions.DEFAULT.withHugeMethods(false),
          CompileOptions.METERED.withHugeMethods(false),
          CompileOptions.DEFAULT.withSplitBudget(CompileOptions.MIN_SPLIT_BUDGET),
          CompileOptions.METERED.withSplitBudget(CompileOptions.MIN_SPLIT_BUDGET),
          CompileOptions.DEFAULT.withSplitBudget(700));

  /**
   * How the deep-stack functions are compiled: split by the default budget, plain and metered. (A
   * tiny budget cuts their 40,000 instructions into more methods than one class can hold.)
   */
  private static final List<CompileOptions> DEEP_VARIANTS =
      List.of(
          CompileOptions.DEFAULT.withHugeMethods(false),
          CompileOptions.METERED.withHugeMethods(false));

  @Test
  void returnFromLoopOverSpilledStack() throws Exception {
    checkResource("chunk-return-pops-spilled-stack.wat", Map.of("f", "i64:782"));
  }

  @Test
  void branchFromLoopOverSpilledStack() throws Exception {
    checkResource("chunk-br-pops-spilled-stack.wat", Map.of("f", "i32:782"));
  }

  @Test
  void returnsInNestedLoopsCompile() throws Exception {
    // Compiling it threw NegativeArraySizeException out of ASM; the export returns nothing.
    checkResource("chunk-return-negative-array-size.wat", Map.of("hangLimitInitializer", ""));
  }

  /**
   * Where a function is cut depends on the budget, and each bug shows only with the loop and the
   * values beneath it inside one chunk: the siblings are compiled at many budgets.
   */
  @Test
  void siblingsOfTheLoopBugs() throws Exception {
    List<CompileOptions> variants = new ArrayList<>(VARIANTS);
    for (int budget : new int[] {150, 200, 300, 400, 500, 600, 800, 1000, 1500, 2500, 4000}) {
      variants.add(CompileOptions.DEFAULT.withSplitBudget(budget));
      variants.add(CompileOptions.METERED.withSplitBudget(budget));
    }
    checkResource("siblings.wat", Map.of(), variants);
  }

  @Test
  void deepI32Stacks() throws Exception {
    for (int n : new int[] {20_000, 40_000}) {
      StringBuilder wat = new StringBuilder("(module (func (export \"sum\") (result i32)\n");
      long sum = 0;
      for (int i = 1; i <= n; i++) {
        wat.append("i32.const ").append(i * 7).append('\n');
        sum += i * 7;
      }
      wat.append("i32.add\n".repeat(n - 1)).append("))\n");
      checkText(wat.toString(), Map.of("sum", "i32:" + (sum & 0xFFFF_FFFFL)), DEEP_VARIANTS);
    }
  }

  /**
   * 40,000 i64 values (80,000 JVM slots, over the JVM's 65,535-slot operand stack) left behind by a
   * {@code return}: with huge methods allowed the function's bytecode would fit one method, its
   * stack would not, so it must be split too.
   */
  @Test
  void deepI64StackLeftByReturn() throws Exception {
    int n = 40_000;
    String wat =
        "(module (func (export \"ret\") (result i64) (local $x i64)\n"
            + "(local.set $x (i64.const 1234567890123))\n"
            + "local.get $x\n".repeat(n)
            + "i64.const 7 i64.add return))\n";
    List<CompileOptions> variants = new ArrayList<>(DEEP_VARIANTS);
    variants.add(CompileOptions.DEFAULT.withHugeMethods(true));
    checkText(wat, Map.of("ret", "i64:" + (1234567890123L + 7)), variants);
  }

  /**
   * A valid module over a limit of the JVM's class-file format is refused with a ModuleException
   * naming the limit and the function, not an internal error out of ASM. The smallest way to get
   * there: a split budget of 100 cuts a 40,000-instruction function into so many methods (and
   * constants) that its class needs about 140,000 constant-pool entries, over 65,535.
   */
  @Test
  void overAJvmLimitIsAModuleException() throws Exception {
    int n = 40_000;
    StringBuilder wat = new StringBuilder("(module (func (export \"sum\") (result i32)\n");
    for (int i = 1; i <= n; i++) {
      wat.append("i32.const ").append(i * 7).append('\n');
    }
    wat.append("i32.add\n".repeat(n - 1)).append("))\n");
    byte[] wasm = Wabt.wat2wasm(wat.toString());
    ModuleException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ModuleException.Invalid.class,
            () ->
                WasmModule.compile(
                    wasm, CompileOptions.DEFAULT.withSplitBudget(CompileOptions.MIN_SPLIT_BUDGET)));
    assertTrue(e.getMessage().startsWith("implementation limit: class "), e.getMessage());
    assertTrue(e.getMessage().contains("the JVM allows 65,535"), e.getMessage());
    assertEquals(0, e.functionIndex());
  }

  /**
   * A function only the host calls, made of loop nests big enough to be outlined one chunk each
   * (FunctionEmitter.outlinesLoopNests), whose last nest leaves the function's results: they stay
   * resident in the frame after the nest's call and must be put back on the JVM stack before the
   * return (fuzz seeds 158 and 1156: a missing reload was an ASM crash or a VerifyError).
   */
  @Test
  void lastOutlinedLoopNestLeavesTheResults() throws Exception {
    int k = 60;
    String step =
        "(local.set $acc (i64.add (i64.mul (local.get $acc) (i64.const 31))"
            + " (i64.extend_i32_u (local.get $i))))\n";
    String nest =
        "(local.set $i (i32.const 0))\n"
            + "(loop $l\n"
            + step.repeat(k)
            + "(local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
            + "(br_if $l (i32.lt_u (local.get $i) (i32.const 10))))\n";
    String wat =
        "(module (func (export \"f\") (result i64 i32) (local $i i32) (local $acc i64)\n"
            + "(block "
            + nest
            + ")\n"
            + "(block (result i64 i32) "
            + nest
            + "(local.get $acc) (local.get $i) (i32.const 5) (i32.add))))\n";
    long acc = 0;
    for (int nests = 0; nests < 2; nests++) {
      for (int i = 0; i < 10; i++) {
        for (int j = 0; j < k; j++) {
          acc = acc * 31 + i;
        }
      }
    }
    checkText(wat, Map.of("f", "i64:" + Long.toUnsignedString(acc) + ", i32:15"), VARIANTS);
  }

  /** Values of every number type, and a loop run over the whole deep stack. */
  @Test
  void deepMixedStackUnderALoop() throws Exception {
    int n = 20_000;
    checkText(mixedModule(n), Map.of("mixed", "i64:" + mixedExpected(n)), DEEP_VARIANTS);
  }

  /**
   * {@code n} values in quadruples (f64, i32, f32, i64) on the stack, a loop over them all, then a
   * fold from the top: each quadruple's i64 is added to an accumulator local, the f32 truncated and
   * added, the i32 widened and added, the f64 truncated and added.
   */
  private static String mixedModule(int n) {
    StringBuilder wat =
        new StringBuilder(
            "(module (func (export \"mixed\") (result i64) (local $i i32) (local $acc i64)\n");
    for (int q = 0; q < n / 4; q++) {
      int i = 4 * q;
      wat.append("f64.const ").append(i).append(".5\n");
      wat.append("i32.const ").append(i + 1).append('\n');
      wat.append("f32.const ").append(i + 2).append('\n');
      wat.append("i64.const ").append(i + 3).append('\n');
    }
    wat.append("(loop $l (local.set $i (i32.add (local.get $i) (i32.const 1)))")
        .append(" (br_if $l (i32.lt_u (local.get $i) (i32.const 100))))\n");
    String fold =
        "local.get $acc i64.add local.set $acc\n"
            + "i64.trunc_f32_s local.get $acc i64.add local.set $acc\n"
            + "i64.extend_i32_s local.get $acc i64.add local.set $acc\n"
            + "i64.trunc_f64_s local.get $acc i64.add local.set $acc\n";
    wat.append(fold.repeat(n / 4));
    wat.append("local.get $acc local.get $i i64.extend_i32_u i64.add))\n");
    return wat.toString();
  }

  private static long mixedExpected(int n) {
    long acc = 0;
    for (int q = 0; q < n / 4; q++) {
      int i = 4 * q;
      acc += (long) (i + 0.5) + (i + 1) + (i + 2) + (i + 3);
    }
    return acc + 100;
  }

  // ------------------------------------------------------------------------------------------

  private static void checkResource(String name, Map<String, String> stated) throws Exception {
    checkResource(name, stated, VARIANTS);
  }

  private static void checkResource(
      String name, Map<String, String> stated, List<CompileOptions> variants) throws Exception {
    String text;
    try (InputStream in = SplitRobustnessTest.class.getResourceAsStream("/split/" + name)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    checkText(text, stated, variants);
  }

  /**
   * Compiles {@code wat} every way of {@code variants}, checks that functions were split into
   * methods HotSpot compiles, and compares every parameterless export with wasm-interp and with the
   * results the source states.
   */
  private static void checkText(
      String wat, Map<String, String> stated, List<CompileOptions> variants) throws Exception {
    byte[] wasm = Wabt.wat2wasm(wat);
    Map<String, String> reference = wasmInterp(wasm);
    for (Map.Entry<String, String> e : stated.entrySet()) {
      assertEquals(
          e.getValue(), reference.get(e.getKey()), "wasm-interp disagrees with the source");
    }
    assertTrue(!reference.isEmpty(), "no exports run by wasm-interp");
    for (CompileOptions options : variants) {
      WasmModule module = WasmModule.compile(wasm, options);
      assertEquals(List.of(), module.verifyGeneratedClasses(), options.key());
      assertTrue(GeneratedMethods.chunks(module) > 0, "nothing split with " + options.key());
      assertTrue(
          GeneratedMethods.largest(module) <= 8000,
          "a method over 8,000 bytes with " + options.key());
      Instance instance = module.instantiate();
      for (Map.Entry<String, String> e : reference.entrySet()) {
        Object[] results = instance.call(e.getKey());
        assertEquals(e.getValue(), format(results), e.getKey() + " with " + options.key());
      }
    }
  }

  /** Results as wasm-interp prints them: {@code i32:N} (unsigned), {@code i64:N} (unsigned). */
  private static String format(Object[] results) {
    List<String> parts = new ArrayList<>();
    for (Object r : results) {
      parts.add(
          switch (r) {
            case Integer i -> "i32:" + Integer.toUnsignedString(i);
            case Long l -> "i64:" + Long.toUnsignedString(l);
            default -> throw new AssertionError("unexpected result type: " + r);
          });
    }
    return String.join(", ", parts);
  }

  private static final Pattern INTERP_LINE = Pattern.compile("^(\\S+)\\(\\) => ?(.*)$");

  /** Runs every parameterless export with wabt's reference interpreter: name → printed results. */
  private static Map<String, String> wasmInterp(byte[] wasm) throws Exception {
    Path dir = Files.createTempDirectory("split-test");
    try {
      Path binary = dir.resolve("m.wasm");
      Files.write(binary, wasm);
      String out = Wabt.run("wasm-interp", "--run-all-exports", binary.toString());
      Map<String, String> results = new LinkedHashMap<>();
      for (String line : out.split("\n")) {
        Matcher m = INTERP_LINE.matcher(line.strip());
        if (m.matches()) {
          results.put(m.group(1), m.group(2).strip());
        }
      }
      return results;
    } finally {
      Wabt.deleteAll(dir);
    }
  }
}
