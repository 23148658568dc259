package io.ipvm.fuzz;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Command line of the fuzzer ({@code fuzz/run.sh} starts it):
 *
 * <pre>
 * run.sh [--seed N|random] [--modules N] [--mutants N] [--no-plain] [--no-metered]
 *        [--out DIR] [--timeout S] [--mutant-timeout S] [--chunk N] [--wasm-opt PATH] [--node PATH]
 *        [--wasm-validate PATH] [--split-budget N] [--no-ladders] [--relinkable] [--lazy]
 *        [--specialized]
 * </pre>
 *
 * Exit status 0 when nothing failed, 1 when something did (listed, and saved under {@code
 * DIR/failures/}), 2 for a bad command line or when a tool cannot run.
 */
public final class FuzzMain {
  private FuzzMain() {}

  /** Runs a campaign as the arguments say. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    long seed = 0;
    int modules = 1000;
    FuzzConfig d = FuzzConfig.defaults(0, 0, Path.of("fuzz/target/fuzz-run"));
    int mutants = d.mutantsPerModule();
    boolean plain = true;
    boolean metered = true;
    Path out = d.outDir();
    Duration timeout = d.timeout();
    Duration mutantTimeout = d.mutantTimeout();
    int chunk = d.chunk();
    CodeVariant variant = d.variant();
    String wasmOpt = d.wasmOpt();
    String node = d.node();
    String wasmValidate = d.wasmValidate();
    List<String> list = List.of(args);
    try {
      for (int i = 0; i < list.size(); i++) {
        String a = list.get(i);
        switch (a) {
          case "--no-plain" -> plain = false;
          case "--no-metered" -> metered = false;
          case "--no-ladders" -> variant = variant.withLadders(false);
          case "--relinkable" -> variant = variant.withRelinkable(true);
          case "--lazy" -> variant = variant.withLazy(true);
          case "--specialized" -> variant = variant.withSpecialized(true);
          case "--help", "-h" -> {
            System.out.println(usage());
            return 0;
          }
          default -> {
            if (i + 1 >= list.size()) {
              throw new IllegalArgumentException(
                  a.startsWith("--") ? a + " needs a value" : "unexpected argument: " + a);
            }
            String v = list.get(++i);
            switch (a) {
              case "--seed" ->
                  seed = v.equals("random") ? System.currentTimeMillis() : Long.parseLong(v);
              case "--modules" -> modules = Integer.parseInt(v);
              case "--mutants" -> mutants = Integer.parseInt(v);
              case "--out" -> out = Path.of(v);
              case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(v));
              case "--mutant-timeout" -> mutantTimeout = Duration.ofSeconds(Long.parseLong(v));
              case "--chunk" -> chunk = Integer.parseInt(v);
              case "--split-budget" -> variant = variant.withSplitBudget(Integer.parseInt(v));
              case "--wasm-opt" -> wasmOpt = v;
              case "--node" -> node = v;
              case "--wasm-validate" -> wasmValidate = v;
              default -> throw new IllegalArgumentException("unknown option: " + a);
            }
          }
        }
      }
    } catch (NumberFormatException e) {
      System.err.println("fuzz: not a number: " + e.getMessage() + "\n" + usage());
      return 2;
    } catch (IllegalArgumentException e) {
      System.err.println("fuzz: " + e.getMessage() + "\n" + usage());
      return 2;
    }
    FuzzConfig config;
    try {
      config =
          new FuzzConfig(
              seed,
              modules,
              mutants,
              plain,
              metered,
              out,
              timeout,
              mutantTimeout,
              wasmOpt,
              node,
              wasmValidate,
              chunk,
              variant);
    } catch (IllegalArgumentException e) {
      System.err.println("fuzz: " + e.getMessage());
      return 2;
    }
    System.out.printf(
        "fuzz: seeds %d..%d, %d mutant(s) per module, output in %s%n",
        seed, seed + modules - 1, mutants, out);
    FuzzReport report;
    try {
      report = new Campaign(config, System.out).run();
    } catch (IOException e) {
      System.err.println("fuzz: " + e.getMessage());
      return 2;
    }
    System.out.print(report.summary());
    return report.failures().isEmpty() ? 0 : 1;
  }

  private static String usage() {
    return """
        usage: run.sh [--seed N|random] [--modules N] [--mutants N] [--no-plain] [--no-metered]
                      [--out DIR] [--timeout S] [--mutant-timeout S] [--chunk N]
                      [--wasm-opt PATH] [--node PATH] [--wasm-validate PATH] [--split-budget N]
                      [--no-ladders] [--relinkable] [--lazy] [--specialized]
          --seed       seed of the first module (module k has seed N+k); default 0
          --modules    how many modules to generate; default 1000
          --mutants    corrupted variants per module for the corruption pass; default 1
          --out        failures go to DIR/failures/; default fuzz/target/fuzz-run
          --split-budget  compile with this split budget (100..7000), so small functions are
                       split into chunk methods too; default: the compiler's own
          --no-ladders emit switch-shaped nests of blocks in split functions as nested blocks
          --relinkable compile calls as relinkable call sites
          --lazy       compile each function when it is first called
          --specialized  specialize every function on the arguments of its first call
                       (relinkable code; later calls with those arguments run the variant)""";
  }
}
