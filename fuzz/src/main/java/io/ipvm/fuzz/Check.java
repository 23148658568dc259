package io.ipvm.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Prints a one-line signature of what ipvm-jvm (and, unless {@code --jvm-only}, V8) make of one
 * module: the verdict and, for a crash, where and which exception. The line leaves out what varies
 * from one variant of a failure to the next (numbers, bytecode), so that {@code wasm-reduce} (via
 * {@code fuzz/reduce.sh}) can shrink a module while the failure stays the same:
 *
 * <pre>
 * java ... io.ipvm.fuzz.Check [--metered] [--jvm-only] [--split-budget N] FILE.wasm
 *   CRASH compile java.lang.NegativeArraySizeException
 *   MISMATCH
 * </pre>
 */
public final class Check {
  private Check() {}

  /** Prints the signature of the module named by the last argument. */
  public static void main(String[] args) throws IOException {
    List<String> list = List.of(args);
    if (list.isEmpty()) {
      System.err.println(
          "usage: Check [--metered] [--jvm-only] [--split-budget N] [--no-ladders] [--relinkable] [--lazy] FILE.wasm");
      System.exit(2);
    }
    Path file = Path.of(list.getLast());
    JvmEngine.Mode mode =
        list.contains("--metered") ? JvmEngine.Mode.METERED : JvmEngine.Mode.PLAIN;
    byte[] bytes = Files.readAllBytes(file);
    EngineResult jvm;
    int at = list.indexOf("--split-budget");
    CodeVariant variant =
        CodeVariant.DEFAULT
            .withSplitBudget(at >= 0 ? Integer.parseInt(list.get(at + 1)) : 0)
            .withLadders(!list.contains("--no-ladders"))
            .withRelinkable(list.contains("--relinkable"))
            .withLazy(list.contains("--lazy"));
    try (JvmEngine engine = new JvmEngine(Duration.ofSeconds(30), variant)) {
      jvm = engine.run(bytes, mode);
    }
    if (jvm.status() == EngineResult.Status.CRASH) {
      System.out.println("CRASH " + signature(jvm.message()));
    } else if (list.contains("--jvm-only")) {
      System.out.println(jvm.status());
    } else {
      Path work = Files.createTempDirectory("fuzz-check");
      EngineResult v8 =
          new NodeEngine("node", work)
              .runAll(List.of(file), List.of(Duration.ofSeconds(30)))
              .getFirst();
      System.out.println(Verdict.of(v8, jvm, false));
    }
    System.exit(0);
  }

  /** "where: exception class" with the message's first line, digits and hex dropped. */
  static String signature(String crash) {
    String first = crash.lines().findFirst().orElse("");
    return first.replaceAll("0x[0-9a-fA-F]+|-?[0-9]+", "#").replaceAll("call [^:]*:", "call:");
  }
}
