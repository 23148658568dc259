package io.ipvm.fuzz;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Runs a fuzzing campaign: generates the modules of a seed range, runs them (and their mutants) in
 * V8 and in ipvm-jvm, compares, and saves every failing module with both engines' output under
 * {@code outDir/failures/}. Works in chunks: the modules of a chunk are generated, one node process
 * runs them in the background while ipvm-jvm runs them in this process (two cores busy), then the
 * chunk's working files are deleted.
 */
public final class Campaign {
  private final FuzzConfig config;
  private final PrintStream progress;

  /** A campaign reporting progress (one line per chunk) to {@code progress}. */
  public Campaign(FuzzConfig config, PrintStream progress) {
    this.config = config;
    this.progress = progress;
  }

  /** Runs the campaign. */
  public FuzzReport run() throws IOException {
    FuzzReport report = new FuzzReport();
    ModuleGenerator generator = new ModuleGenerator(config.wasmOpt());
    Path work = config.outDir().resolve("work");
    try (JvmEngine jvm = new JvmEngine(config.timeout(), config.variant())) {
      for (int start = 0; start < config.modules(); start += config.chunk()) {
        int count = Math.min(config.chunk(), config.modules() - start);
        long t0 = System.nanoTime();
        runChunk(config.firstSeed() + start, count, generator, jvm, work, report);
        progress.printf(
            "fuzz: seeds %d..%d done in %.1f s%n",
            config.firstSeed() + start,
            config.firstSeed() + start + count - 1,
            (System.nanoTime() - t0) / 1e9);
      }
    }
    deleteTree(work);
    return report;
  }

  private record Item(long seed, int mutant, String mutation, Path file) {}

  private void runChunk(
      long firstSeed,
      int count,
      ModuleGenerator generator,
      JvmEngine jvm,
      Path work,
      FuzzReport report)
      throws IOException {
    deleteTree(work);
    Files.createDirectories(work);
    List<Item> modules = generate(firstSeed, count, generator, work);
    List<Item> mutants = new ArrayList<>();
    for (Item m : modules) {
      byte[] original = Files.readAllBytes(m.file());
      for (int k = 0; k < config.mutantsPerModule(); k++) {
        Mutator.Mutant mutant = Mutator.mutate(original, m.seed(), k);
        Path file = work.resolve("seed-" + m.seed() + "-m" + k + ".wasm");
        Files.write(file, mutant.bytes());
        mutants.add(new Item(m.seed(), k, mutant.description(), file));
      }
    }
    List<Path> files = new ArrayList<>();
    List<Duration> budgets = new ArrayList<>();
    for (Item m : modules) {
      files.add(m.file());
      budgets.add(config.timeout());
    }
    for (Item m : mutants) {
      files.add(m.file());
      budgets.add(config.mutantTimeout());
    }
    NodeEngine node = new NodeEngine(config.node(), work.resolve("node"));
    CompletableFuture<List<EngineResult>> v8 =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return node.runAll(files, budgets);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    List<EngineResult> plain = new ArrayList<>();
    List<EngineResult> metered = new ArrayList<>();
    List<EngineResult> corrupt = new ArrayList<>();
    for (Item m : modules) {
      byte[] bytes = Files.readAllBytes(m.file());
      if (config.plain()) {
        plain.add(jvm.run(bytes, JvmEngine.Mode.PLAIN));
      }
      if (config.metered()) {
        metered.add(jvm.run(bytes, JvmEngine.Mode.METERED));
      }
    }
    JvmEngine mutantEngine = new JvmEngine(config.mutantTimeout(), config.variant());
    try (mutantEngine) {
      for (Item m : mutants) {
        corrupt.add(mutantEngine.run(Files.readAllBytes(m.file()), JvmEngine.Mode.BOUNDED));
      }
    }
    List<EngineResult> expected;
    try {
      expected = v8.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for node", e);
    } catch (ExecutionException e) {
      throw new IOException("running the batch in node failed: " + e.getCause(), e.getCause());
    }
    for (int i = 0; i < modules.size(); i++) {
      if (config.plain()) {
        judge(Pass.PLAIN, modules.get(i), expected.get(i), plain.get(i), report);
      }
      if (config.metered()) {
        judge(Pass.METERED, modules.get(i), expected.get(i), metered.get(i), report);
      }
    }
    for (int i = 0; i < mutants.size(); i++) {
      judge(Pass.CORRUPT, mutants.get(i), expected.get(modules.size() + i), corrupt.get(i), report);
    }
  }

  private List<Item> generate(long firstSeed, int count, ModuleGenerator generator, Path work)
      throws IOException {
    // wasm-opt is a separate process: two at a time keep both cores busy.
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Item>> futures = new ArrayList<>();
      for (int k = 0; k < count; k++) {
        long seed = firstSeed + k;
        futures.add(
            pool.submit(
                () -> {
                  Path file = work.resolve("seed-" + seed + ".wasm");
                  generator.generate(seed, file);
                  return new Item(seed, -1, "", file);
                }));
      }
      List<Item> items = new ArrayList<>();
      for (Future<Item> f : futures) {
        items.add(f.get());
      }
      return items;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while generating modules", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private void judge(Pass pass, Item item, EngineResult v8, EngineResult jvm, FuzzReport report)
      throws IOException {
    Verdict verdict = Verdict.of(v8, jvm, pass == Pass.CORRUPT);
    if (verdict == Verdict.VALIDITY && refereeAgreesWithJvm(item.file(), jvm)) {
      verdict = Verdict.V8_BEYOND_SPEC;
    }
    report.record(pass, verdict);
    if (!verdict.failure()) {
      return;
    }
    String name =
        pass.name().toLowerCase()
            + "-seed-"
            + item.seed()
            + (item.mutant() >= 0 ? "-m" + item.mutant() : "");
    Path dir = config.outDir().resolve("failures").resolve(name);
    Files.createDirectories(dir);
    Files.copy(
        item.file(), dir.resolve("module.wasm"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(dir.resolve("v8.txt"), v8.render());
    Files.writeString(dir.resolve("jvm.txt"), jvm.render());
    String detail = detail(verdict, v8, jvm);
    String about =
        "verdict: "
            + verdict
            + "\npass: "
            + pass.name().toLowerCase()
            + "\nseed: "
            + item.seed()
            + (item.mutant() >= 0
                ? "\nmutant: " + item.mutant() + " (" + item.mutation() + ")"
                : "")
            + "\nreproduce: fuzz/run.sh --seed "
            + item.seed()
            + " --modules 1"
            + config.variant().flags()
            + (item.mutant() >= 0 ? " --mutants " + (item.mutant() + 1) : "")
            + "\n\n"
            + detail
            + "\n";
    Files.writeString(dir.resolve("about.txt"), about);
    report.fail(new FuzzReport.Failure(pass, item.seed(), item.mutant(), verdict, detail, dir));
  }

  /**
   * Whether wabt's 2.0 validator says what ipvm-jvm said (valid when it ran or could not link,
   * invalid when it rejected). Without wasm-validate the disagreement stays a failure.
   */
  private boolean refereeAgreesWithJvm(Path file, EngineResult jvm) {
    boolean jvmValid = jvm.status() != EngineResult.Status.REJECTED;
    try {
      return new SpecValidator(config.wasmValidate()).valid(file) == jvmValid;
    } catch (IOException e) {
      progress.println("fuzz: cannot referee " + file + ": " + e.getMessage());
      return false;
    }
  }

  /** The exception, or the first entry where the traces part. */
  static String detail(Verdict verdict, EngineResult v8, EngineResult jvm) {
    if (verdict != Verdict.MISMATCH) {
      return "ipvm-jvm: "
          + jvm.status()
          + " "
          + jvm.message()
          + "\nv8: "
          + v8.status()
          + " "
          + v8.message();
    }
    List<String> a = v8.trace();
    List<String> b = jvm.trace();
    int i = 0;
    while (i < a.size() && i < b.size() && TraceFormat.agree(a.get(i), b.get(i))) {
      i++;
    }
    return "traces differ at entry "
        + i
        + ": v8 `"
        + (i < a.size() ? a.get(i) : "<end>")
        + "` vs ipvm-jvm `"
        + (i < b.size() ? b.get(i) : "<end>")
        + "`";
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
