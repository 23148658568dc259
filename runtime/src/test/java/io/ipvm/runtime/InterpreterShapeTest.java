package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.compiler.CompileOptions;
import java.lang.classfile.ClassFile;
import java.lang.classfile.instruction.InvokeInstruction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A function shaped like a C interpreter — a dispatch loop around a {@code br_table} at the bottom
 * of 300 nested blocks, each case's code after the end of its block, some blocks with a result,
 * cases that fall through, jump ahead or continue the loop — is too big for one method and is split
 * (compiler/README.md, "Splitting large functions"). The cases must become sibling methods called
 * from the loop, not a chain of nested methods: the host import called from a case deep in the
 * ladder counts the generated frames on the JVM stack, and the chunk call graph of the classes is
 * checked statically, both against a small constant whatever the nesting. Results are compared with
 * wabt's {@code wasm-interp} (on the same module with the import replaced by a function returning
 * the same value), every method must fit HotSpot's 8,000 bytes and every class verify.
 */
class InterpreterShapeTest {
  private static final int CASES = 300;
  private static final int STEPS = 20_000;

  /**
   * Generated frames (the function's method and its chunks) under one guest call, at most: the
   * method, which keeps the dispatch loop (split in place around the ladder), a group of cases and
   * a sub-group (a function split around a ladder keeps its locals in the frame, where each access
   * takes more bytecode, so its methods hold fewer cases and a group may dispatch to sub-groups);
   * in metered code, whose pieces are bigger, one more level (measured: 3 plain, 4 metered).
   */
  private static final int MAX_FRAMES = 4;

  /**
   * The same bound for {@link #manyLocalsMakeBigGroups}: the method, a big group (a dispatch), a
   * sub-group, and in metered code (fuel makes every piece bigger) two more levels (measured while
   * such functions still cached their locals: 3 plain, 5 metered, for 300 and 600 cases alike;
   * nested blocks instead made 10 frames and a chain of 19 chunk calls for 300).
   */
  private static final int BIG_GROUP_FRAMES = 5;

  private static final Pattern GUEST_METHOD = Pattern.compile("f\\d+(\\$\\d+)?");

  private static int deepest;

  private static int probe() {
    long frames =
        StackWalker.getInstance()
            .walk(
                s ->
                    s.filter(
                            f ->
                                f.getClassName().startsWith("io.ipvm.generated.")
                                    && GUEST_METHOD.matcher(f.getMethodName()).matches())
                        .count());
    deepest = Math.max(deepest, (int) frames);
    return 1;
  }

  @Test
  void casesAreSiblingsNotAChain() throws Exception {
    check(
        CASES,
        List.of(
            CompileOptions.DEFAULT.withHugeMethods(false),
            CompileOptions.METERED.withHugeMethods(false),
            CompileOptions.DEFAULT.withSplitBudget(1500),
            CompileOptions.METERED.withSplitBudget(400)));
  }

  /** A smaller ladder, flattened even under small split budgets (groups of a few cases). */
  @Test
  void smallLaddersUnderSmallBudgets() throws Exception {
    List<CompileOptions> variants = new ArrayList<>();
    for (int budget : new int[] {300, 700, 1500, 3000}) {
      variants.add(CompileOptions.DEFAULT.withSplitBudget(budget));
      variants.add(CompileOptions.METERED.withSplitBudget(budget));
    }
    check(40, variants);
  }

  /**
   * Cases that use many locals: the calls of the groups, each syncing the locals its cases use,
   * would take more than a method, so the tails go into a few big groups, each dispatching to
   * sub-groups of its own (QuickJS's and SQLite's interpreters have that shape; as nested blocks it
   * was a chain of 38 methods per opcode, as big groups split inside methods of 27 KB that C1
   * cannot compile). Every method stays under 8,000 bytes.
   */
  @Test
  void manyLocalsMakeBigGroups() throws Exception {
    check(
        CASES,
        48,
        List.of(
            CompileOptions.DEFAULT.withHugeMethods(true),
            CompileOptions.METERED.withHugeMethods(true),
            CompileOptions.DEFAULT.withHugeMethods(false)),
        8000,
        BIG_GROUP_FRAMES);
    // Twice the cases, the same depth.
    check(
        2 * CASES,
        48,
        List.of(CompileOptions.DEFAULT.withHugeMethods(true)),
        8000,
        BIG_GROUP_FRAMES);
  }

  private static void check(int cases, List<CompileOptions> variants) throws Exception {
    check(cases, 0, variants, 8000, MAX_FRAMES);
  }

  private static void check(
      int cases, int extraLocals, List<CompileOptions> variants, int maxBytes, int maxFrames)
      throws Exception {
    String reference = wasmInterp(Wabt.wat2wasm(module(cases, false, extraLocals)));
    byte[] wasm = Wabt.wat2wasm(module(cases, true, extraLocals));
    Imports imports =
        new Imports()
            .add(
                "env",
                "probe",
                HostFunction.of(
                    io.ipvm.wasm.FunctionType.of(List.of(), List.of(io.ipvm.wasm.ValType.I32)),
                    args -> new Object[] {probe()}));
    for (CompileOptions options : variants) {
      WasmModule module = WasmModule.compile(wasm, options);
      assertEquals(List.of(), module.verifyGeneratedClasses(), options.key());
      assertTrue(GeneratedMethods.chunks(module) > 1, "nothing split with " + options.key());
      assertTrue(
          GeneratedMethods.largest(module) <= maxBytes,
          "a method over " + maxBytes + " bytes with " + options.key());
      deepest = 0;
      Object[] result = module.instantiate(imports).call("run");
      assertEquals(
          reference, "i32:" + Integer.toUnsignedString((Integer) result[0]), options.key());
      assertTrue(deepest > 0, "the probe did not run");
      if (options.splitBudget() == CompileOptions.DEFAULT_SPLIT_BUDGET) {
        assertTrue(
            deepest <= maxFrames,
            deepest + " generated frames under one guest call with " + options.key());
        int depth = chunkCallDepth(module);
        assertTrue(depth <= maxFrames - 1, "chunk calls nest " + depth + " deep");
      }
    }
  }

  /** The longest chain of chunk calls (f<N> → f<N>$a → f<N>$b …) in the generated classes. */
  static int chunkCallDepth(WasmModule module) {
    Map<String, List<String>> calls = new HashMap<>();
    for (byte[] cls : module.compiled().classes().values()) {
      for (var m : ClassFile.of().parse(cls).methods()) {
        List<String> callees = new ArrayList<>();
        m.code()
            .ifPresent(
                code ->
                    code.elementStream()
                        .forEach(
                            e -> {
                              if (e instanceof InvokeInstruction i
                                  && i.name().stringValue().matches("f\\d+\\$\\d+")) {
                                callees.add(i.name().stringValue());
                              }
                            }));
        calls.put(m.methodName().stringValue(), callees);
      }
    }
    int worst = 0;
    Map<String, Integer> memo = new HashMap<>();
    for (String name : calls.keySet()) {
      worst = Math.max(worst, depth(name, calls, memo));
    }
    return worst;
  }

  private static int depth(
      String name, Map<String, List<String>> calls, Map<String, Integer> memo) {
    Integer known = memo.get(name);
    if (known != null) {
      return known;
    }
    int d = 0;
    for (String callee : calls.getOrDefault(name, List.of())) {
      d = Math.max(d, 1 + depth(callee, calls, memo));
    }
    memo.put(name, d);
    return d;
  }

  /** Whether block B_k (the end of which starts case k+1's code) has an i32 result. */
  private static boolean hasResult(int k) {
    return k % 50 == 25;
  }

  /**
   * The interpreter with {@code cases} cases: {@code $probe} is the host import or, for
   * wasm-interp, a function returning the same value. Only with the default split budget do the 300
   * cases of {@link #CASES} go beyond one method's worth of calls; smaller budgets keep them nested
   * (compiler/README.md), so the bound on frames is checked there.
   */
  static String module(int cases, boolean importProbe) {
    return module(cases, importProbe, 0);
  }

  /** {@link #module(int, boolean)} with {@code extra} more locals, each case updating three. */
  static String module(int cases, boolean importProbe, int extra) {
    StringBuilder w = new StringBuilder("(module\n");
    if (importProbe) {
      w.append("(import \"env\" \"probe\" (func $probe (result i32)))\n");
    } else {
      w.append("(func $probe (result i32) i32.const 1)\n");
    }
    w.append(
        "(func (export \"run\") (result i32) (local $pc i32) (local $acc i32) (local $t i32)\n");
    for (int x = 0; x < extra; x++) {
      w.append("(local $x").append(x).append(" i32)\n");
    }
    w.append("i32.const 12345 local.set $acc\n");
    w.append("block $done\nloop $dispatch\n");
    w.append("local.get $pc i32.const ").append(STEPS).append(" i32.ge_u br_if $done\n");
    w.append("local.get $pc i32.const 1 i32.add local.set $pc\n");
    for (int k = cases; k >= 0; k--) {
      w.append("block $L").append(k).append(hasResult(k) ? " (result i32)\n" : "\n");
    }
    // The head: a pseudo-random opcode, dispatched to the blocks without a result.
    w.append("local.get $acc local.get $pc i32.xor i32.const 0x9E3779B1 i32.mul")
        .append(" i32.const 15 i32.shr_u i32.const ")
        .append(cases)
        .append(" i32.rem_u\nbr_table");
    for (int i = 0; i < cases; i++) {
      w.append(" $L").append(hasResult(i) ? i - 1 : i);
    }
    w.append(" $L0\n");
    for (int k = 1; k <= cases; k++) {
      w.append("end\n");
      if (hasResult(k - 1)) {
        w.append("local.get $acc i32.add local.set $acc\n");
      }
      for (int r = 0; r < 4; r++) {
        int c = k * 4 + r;
        w.append("local.get $acc i32.const ")
            .append(2 * c + 1)
            .append(" i32.mul i32.const ")
            .append(c)
            .append(" i32.add local.set $acc\n");
        w.append("local.get $t local.get $acc i32.const ")
            .append(c % 31 + 1)
            .append(" i32.rotl i32.xor local.set $t\n");
        w.append("local.get $acc local.get $t i32.add local.set $acc\n");
      }
      for (int r = 0; extra > 0 && r < 3; r++) {
        int x = (k * 3 + r) % extra;
        w.append("local.get $x")
            .append(x)
            .append(" local.get $acc i32.add i32.const ")
            .append(r + 1)
            .append(" i32.rotl local.tee $x")
            .append(x)
            .append(" local.get $t i32.xor local.set $t\n");
      }
      if (k == cases * 2 / 3) {
        w.append("call $probe local.get $acc i32.add local.set $acc\n");
      }
      if (hasResult(k)) {
        w.append("local.get $t\n"); // the block's result; falls into the next case
      } else if (k % 7 == 3) {
        w.append(""); // falls into the next case
      } else if (k % 11 == 5 && k + 4 <= cases && !hasResult(k + 4)) {
        w.append("br $L").append(k + 4).append('\n'); // jumps ahead
      } else {
        w.append("br $dispatch\n");
      }
    }
    w.append("end\nbr $dispatch\nend\nend\nlocal.get $acc local.get $t i32.xor\n");
    for (int x = 0; x < extra; x++) {
      w.append("local.get $x").append(x).append(" i32.add\n");
    }
    w.append(")\n)\n");
    return w.toString();
  }

  /** What wasm-interp prints for the export {@code run}, e.g. {@code i32:42}. */
  private static String wasmInterp(byte[] wasm) throws Exception {
    Path dir = Files.createTempDirectory("interp-shape");
    try {
      Path binary = dir.resolve("m.wasm");
      Files.write(binary, wasm);
      String out = Wabt.run("wasm-interp", "--run-all-exports", binary.toString());
      for (String line : out.split("\n")) {
        if (line.strip().startsWith("run() => ")) {
          return line.strip().substring("run() => ".length()).strip();
        }
      }
      throw new AssertionError("wasm-interp printed no result:\n" + out);
    } finally {
      Wabt.deleteAll(dir);
    }
  }
}
