package io.ipvm.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvm.compiler.CompileOptions;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reduced fuzz finding in {@code src/test/resources/regressions/*.wat} must now behave in
 * ipvm-jvm (plain and metered, in every code variant: split budgets 7,000, 500 and 100, without
 * ladders, relinkable, lazy) exactly as in V8. A file whose header has a line {@code ;; open:
 * REASON} is a bug still being fixed elsewhere: it is reported as skipped with the reason (remove
 * the line with the fix).
 */
class RegressionTest {
  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> reducedFindingsBehaveAsInV8() throws IOException, URISyntaxException {
    Path folder = Path.of(RegressionTest.class.getResource("/regressions").toURI());
    List<Path> files;
    try (Stream<Path> s = Files.list(folder)) {
      files = s.filter(p -> p.toString().endsWith(".wat")).sorted().toList();
    }
    return files.stream()
        .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
  }

  private void check(Path wat) throws Exception {
    Tools.require("node", "wat2wasm");
    String text = Files.readString(wat);
    String open =
        text.lines()
            .filter(l -> l.startsWith(";; open:"))
            .findFirst()
            .map(l -> l.substring(";; open:".length()).strip())
            .orElse(null);
    Assumptions.assumeTrue(open == null, () -> "open bug: " + open);
    Path wasm = dir.resolve(wat.getFileName() + ".wasm");
    Process p =
        new ProcessBuilder("wat2wasm", wat.toString(), "-o", wasm.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes());
    p.waitFor(30, TimeUnit.SECONDS);
    assertEquals(0, p.exitValue(), "wat2wasm: " + log);
    EngineResult v8 =
        new NodeEngine("node", dir.resolve("node"))
            .runAll(List.of(wasm), List.of(Duration.ofSeconds(30)))
            .getFirst();
    // The default split budget, the smallest, which splits every function into many chunks, one
    // between (ladders are flattened only where their groups fit methods of the budget), and the
    // other code variants.
    List<CodeVariant> variants =
        List.of(
            CodeVariant.DEFAULT,
            CodeVariant.DEFAULT.withSplitBudget(CompileOptions.MIN_SPLIT_BUDGET),
            CodeVariant.DEFAULT.withSplitBudget(500),
            CodeVariant.DEFAULT.withSplitBudget(500).withLadders(false),
            CodeVariant.DEFAULT.withRelinkable(true),
            CodeVariant.DEFAULT.withLazy(true));
    for (CodeVariant variant : variants) {
      try (JvmEngine jvm = new JvmEngine(Duration.ofSeconds(30), variant)) {
        for (JvmEngine.Mode mode : List.of(JvmEngine.Mode.PLAIN, JvmEngine.Mode.METERED)) {
          EngineResult r = jvm.run(Files.readAllBytes(wasm), mode);
          assertEquals(
              Verdict.IDENTICAL,
              Verdict.of(v8, r, false),
              mode + " " + variant + "\nV8:\n" + v8.render() + "ipvm-jvm:\n" + r.render());
        }
      }
    }
  }
}
