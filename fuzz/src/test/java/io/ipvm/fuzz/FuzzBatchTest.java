package io.ipvm.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The CI batch: 300 generated modules (seeds 0..299 unless {@code -Dipvm.fuzz.seed} / {@code
 * -Dipvm.fuzz.modules} say otherwise) run plain and metered in ipvm-jvm and in V8, plus two
 * corrupted variants of each. Any failure fails the test, listing seeds and the folders under
 * {@code fuzz/target/fuzz/failures/} that hold the module and both engines' output.
 */
class FuzzBatchTest {
  @Test
  void generatedModulesAndMutantsBehaveAsInV8() throws Exception {
    Tools.require("wasm-opt", "node", "wasm-validate");
    long seed = Long.parseLong(property("ipvm.fuzz.seed", "0"));
    int modules = Integer.parseInt(property("ipvm.fuzz.modules", "300"));
    FuzzConfig d = FuzzConfig.defaults(seed, modules, Path.of("target", "fuzz"));
    FuzzConfig config =
        new FuzzConfig(
            seed,
            modules,
            2,
            true,
            true,
            d.outDir(),
            d.timeout(),
            d.mutantTimeout(),
            d.wasmOpt(),
            d.node(),
            d.wasmValidate(),
            d.chunk(),
            d.variant());
    FuzzReport report = new Campaign(config, System.out).run();
    System.out.print(report.summary());
    assertEquals(modules, report.total(Pass.PLAIN));
    assertEquals(modules, report.total(Pass.METERED));
    assertEquals(2 * modules, report.total(Pass.CORRUPT));
    assertTrue(report.failures().isEmpty(), report.summary());
  }

  private static String property(String name, String otherwise) {
    String v = System.getProperty(name, "");
    return v.isBlank() ? otherwise : v;
  }
}
