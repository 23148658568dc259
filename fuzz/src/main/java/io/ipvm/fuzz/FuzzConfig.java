package io.ipvm.fuzz;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a fuzzing campaign runs.
 *
 * @param firstSeed seed of the first module; module k of the batch has seed {@code firstSeed + k}
 * @param modules how many modules to generate
 * @param mutantsPerModule corrupted variants of each module for the corruption pass (0: no pass)
 * @param plain whether to run the plain pass
 * @param metered whether to run the fuel-metered pass
 * @param outDir where failures (and the working files of the batch) go
 * @param timeout time budget per generated module in each engine
 * @param mutantTimeout time budget per mutant in each engine
 * @param wasmOpt the binaryen {@code wasm-opt} executable
 * @param node the {@code node} executable
 * @param wasmValidate wabt's {@code wasm-validate}, the referee of validity disagreements
 * @param chunk modules per node process and per working directory (bounds disk use)
 * @param variant the ipvm-jvm code variant compiled to
 */
public record FuzzConfig(
    long firstSeed,
    int modules,
    int mutantsPerModule,
    boolean plain,
    boolean metered,
    Path outDir,
    Duration timeout,
    Duration mutantTimeout,
    String wasmOpt,
    String node,
    String wasmValidate,
    int chunk,
    CodeVariant variant) {
  /** Checks the values. */
  public FuzzConfig {
    if (modules < 0 || mutantsPerModule < 0 || chunk < 1) {
      throw new IllegalArgumentException(
          "modules and mutants must be >= 0 and chunk >= 1: "
              + modules
              + ", "
              + mutantsPerModule
              + ", "
              + chunk);
    }
  }

  /** The defaults: plain, metered and one mutant per module, 30 s and 5 s budgets. */
  public static FuzzConfig defaults(long firstSeed, int modules, Path outDir) {
    return new FuzzConfig(
        firstSeed,
        modules,
        1,
        true,
        true,
        outDir,
        Duration.ofSeconds(30),
        Duration.ofSeconds(5),
        "wasm-opt",
        "node",
        "wasm-validate",
        500,
        CodeVariant.DEFAULT);
  }

  /** This campaign with {@code n} mutants per module (0: no corruption pass). */
  public FuzzConfig withMutants(int n) {
    return new FuzzConfig(
        firstSeed,
        modules,
        n,
        plain,
        metered,
        outDir,
        timeout,
        mutantTimeout,
        wasmOpt,
        node,
        wasmValidate,
        chunk,
        variant);
  }

  /** This campaign compiled to {@code v}. */
  public FuzzConfig withVariant(CodeVariant v) {
    return new FuzzConfig(
        firstSeed,
        modules,
        mutantsPerModule,
        plain,
        metered,
        outDir,
        timeout,
        mutantTimeout,
        wasmOpt,
        node,
        wasmValidate,
        chunk,
        v);
  }
}
