package io.ipvm.spectest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ipvm.compiler.CompileOptions;
import io.ipvm.runtime.Engine;
import io.ipvm.spectest.FileResult.Failure;
import io.ipvm.spectest.FileResult.MessageMismatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The WebAssembly 2.0 core spec suite (wast2json form, see /work/shared/wasm-testsuite/SOURCE.md):
 * every command of the 90 non-SIMD scripts. Writes {@code target/spec-report.json}, prints one line
 * per script and finally {@code spec: N passed, M failed, K skipped}; fails when anything failed.
 *
 * <p>System properties: {@code ipvm.testsuite} (suite root, default {@code
 * ../../shared/wasm-testsuite}), {@code ipvm.spec.only} (comma-separated script names to run, e.g.
 * {@code i32,f32}), {@code ipvm.spec.timeout} (seconds per script, default 120), {@code
 * ipvm.spec.threads} (scripts run at once, default min(4, cores)).
 */
class SpecSuiteTest {
  /** Non-SIMD scripts in the 2.0 suite; fewer means a wrong path or a damaged copy. */
  private static final int NON_SIMD_FILES = 90;

  /** Stack of each script's thread: assert_exhaustion recurses until the stack overflows. */
  private static final long STACK_SIZE = 64L << 20;

  /** Failures listed in the report (the per-file counts are always complete). */
  private static final int REPORTED_FAILURES = 500;

  /** {@code -Dipvm.spec.verbose=true}: log each script's start and end to stderr. */
  private static final boolean VERBOSE = Boolean.getBoolean("ipvm.spec.verbose");

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void specSuite() throws Exception {
    run(CompileOptions.DEFAULT, "spec-report.json", "spec");
  }

  /**
   * The whole suite again on metered code (fuel counting and limit checks compiled in, unlimited
   * fuel): metering must not change what any instruction does.
   */
  @Test
  void specSuiteMetered() throws Exception {
    run(CompileOptions.METERED, "spec-report-metered.json", "spec (metered)");
  }

  /**
   * The whole suite again with the smallest split budget, so that every function of more than a few
   * instructions is split into chunk methods: splitting must not change what any function does (the
   * suite's functions are otherwise far too small to be split).
   */
  @Test
  void specSuiteSplit() throws Exception {
    run(
        CompileOptions.DEFAULT.withSplitBudget(CompileOptions.MIN_SPLIT_BUDGET),
        "spec-report-split.json",
        "spec (split)");
  }

  /**
   * The whole suite again on relinkable code (calls between functions are invokedynamics linked to
   * a replaceable call site per function; exports and tables call through the same sites).
   */
  @Test
  void specSuiteRelinkable() throws Exception {
    run(
        CompileOptions.DEFAULT.withRelinkable(true),
        "spec-report-relinkable.json",
        "spec (relinkable)");
  }

  /**
   * The whole suite again with every function specialized on the numeric arguments of its first
   * call ({@code SpecializationPolicy.forced()}, the adaptive tier's code with entry checks): from
   * its second call on, a call passing the same values runs a variant compiled with them as
   * constants, any other call the general code. Neither may change what a function does.
   */
  @Test
  void specSuiteSpecialized() throws Exception {
    run(
        CompileOptions.DEFAULT.withEntryChecks(true),
        "spec-report-specialized.json",
        "spec (specialized)",
        Engine.create(
            Engine.Config.defaults()
                .withSpecialization(io.ipvm.profiler.SpecializationPolicy.forced())));
  }

  /**
   * The whole suite again on lazy modules ({@code Engine.Config.lazy()}): each module validated
   * completely when compiled (invalid ones still rejected), each function compiled when first
   * called and linked to constant call sites.
   */
  @Test
  void specSuiteLazy() throws Exception {
    run(
        CompileOptions.DEFAULT,
        "spec-report-lazy.json",
        "spec (lazy)",
        Engine.create(Engine.Config.defaults().withLazy(true)));
  }

  private void run(CompileOptions options, String reportName, String label) throws Exception {
    run(options, reportName, label, null);
  }

  private void run(CompileOptions options, String reportName, String label, Engine engine)
      throws Exception {
    Path basedir = Path.of(System.getProperty("basedir", "."));
    Path json = locateSuite(basedir);
    List<String> all;
    try (Stream<Path> list = Files.list(json)) {
      all = list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
    List<String> simd = all.stream().filter(n -> n.startsWith("simd_")).toList();
    List<String> core = all.stream().filter(n -> !n.startsWith("simd_")).toList();
    Set<String> only = only();
    List<String> selected;
    if (only.isEmpty()) {
      assertEquals(NON_SIMD_FILES, core.size(), "non-SIMD scripts in " + json);
      selected = core;
    } else {
      List<String> unknown = only.stream().filter(n -> !core.contains(n)).toList();
      assertTrue(
          unknown.isEmpty(), "ipvm.spec.only names no non-SIMD script of the suite: " + unknown);
      selected = core.stream().filter(only::contains).toList();
    }

    long timeout = longProperty("ipvm.spec.timeout", 120);
    int threads =
        (int)
            longProperty(
                "ipvm.spec.threads", Math.min(4, Runtime.getRuntime().availableProcessors()));
    long started = System.nanoTime();
    List<FileResult> results =
        runAll(json, selected, timeout, Math.max(1, threads), options, engine);
    double seconds = (System.nanoTime() - started) / 1e9;

    int passed = 0;
    int failed = 0;
    int skipped = 0;
    for (FileResult r : results) {
      passed += r.passed();
      failed += r.failed();
      skipped += r.skipped();
    }
    Path report = basedir.resolve("target").resolve(reportName);
    writeReport(report, json, results, simd, only, passed, failed, skipped, seconds);

    System.out.printf(
        "WebAssembly 2.0 spec suite: %d scripts from %s (%d SIMD scripts skipped), %.1f s%n",
        results.size(), json.toAbsolutePath().normalize(), simd.size(), seconds);
    for (FileResult r : results) {
      System.out.printf(
          "  %s: %d passed, %d failed, %d skipped%n", r.file, r.passed(), r.failed(), r.skipped());
    }
    for (FileResult r : results) {
      if (r.timeout() != null) {
        System.out.println("timeout: " + r.file + " " + r.timeout());
      }
    }
    System.out.println("report: " + report.toAbsolutePath().normalize());
    System.out.printf("%s: %d passed, %d failed, %d skipped%n", label, passed, failed, skipped);
    System.out.flush();

    if (failed > 0) {
      fail(
          "spec: "
              + failed
              + " commands failed ("
              + passed
              + " passed, "
              + skipped
              + " skipped); see "
              + report);
    }
  }

  /** The suite's {@code json} directory: {@code ipvm.testsuite}, or ../../shared/wasm-testsuite. */
  private static Path locateSuite(Path basedir) {
    String property = System.getProperty("ipvm.testsuite", "").strip();
    Path root =
        property.isEmpty()
            ? basedir.resolve("../../shared/wasm-testsuite").normalize()
            : Path.of(property);
    Path json = Files.isDirectory(root.resolve("json")) ? root.resolve("json") : root;
    assertTrue(
        Files.isDirectory(json),
        "WebAssembly spec suite not found at "
            + root.toAbsolutePath()
            + " (set -Dipvm.testsuite=/path/to/wasm-testsuite)");
    return json;
  }

  private static Set<String> only() {
    Set<String> names = new LinkedHashSet<>();
    for (String s : System.getProperty("ipvm.spec.only", "").split(",")) {
      String n = s.strip();
      if (n.endsWith(".wast")) {
        n = n.substring(0, n.length() - ".wast".length());
      }
      if (!n.isEmpty()) {
        names.add(n);
      }
    }
    return names;
  }

  private static long longProperty(String name, long fallback) {
    String v = System.getProperty(name, "").strip();
    return v.isEmpty() ? fallback : Long.parseLong(v);
  }

  /** One script being run on a thread of its own. */
  private record Job(FileResult result, Thread thread, long startNanos) {}

  /**
   * Runs the scripts, at most {@code threads} at once, each on a fresh thread with a big stack. A
   * script still running after {@code timeout} seconds is abandoned (its thread is left behind as a
   * daemon) and its unfinished commands count as failed.
   */
  private static List<FileResult> runAll(
      Path json,
      List<String> names,
      long timeout,
      int threads,
      CompileOptions options,
      Engine engine)
      throws InterruptedException {
    Map<String, FileResult> results = new LinkedHashMap<>();
    Deque<String> pending = new ArrayDeque<>(names);
    List<Job> running = new ArrayList<>();
    while (!pending.isEmpty() || !running.isEmpty()) {
      while (running.size() < threads && !pending.isEmpty()) {
        String name = pending.removeFirst();
        Job job = start(json.resolve(name), name, options, engine);
        if (VERBOSE) {
          System.err.println("spec: started " + name);
        }
        results.put(name, job.result());
        running.add(job);
      }
      try {
        running.get(0).thread().join(50);
        long now = System.nanoTime();
        for (Iterator<Job> it = running.iterator(); it.hasNext(); ) {
          Job job = it.next();
          if (!job.thread().isAlive()) {
            job.result().close();
            if (VERBOSE) {
              System.err.printf(
                  "spec: finished %s in %.1f s%n",
                  job.result().file, (now - job.startNanos()) / 1e9);
            }
            it.remove();
          } else if (now - job.startNanos() > timeout * 1_000_000_000L) {
            job.result().timeOut(timeout);
            job.thread().interrupt();
            it.remove();
          }
        }
      } catch (OutOfMemoryError e) {
        // A runaway guest on a worker thread can exhaust the heap; its own thread will get (and
        // record) an OutOfMemoryError too. Keep scheduling rather than lose the whole report.
      }
    }
    return names.stream().map(results::get).toList();
  }

  private static Job start(Path directory, String name, CompileOptions options, Engine engine) {
    String file = name + ".wast";
    JsonNode commands;
    try {
      commands = JSON.readTree(directory.resolve(name + ".json").toFile()).get("commands");
      if (commands == null || !commands.isArray()) {
        throw new IOException("no \"commands\" array");
      }
    } catch (IOException | RuntimeException e) {
      FileResult broken = new FileResult(file, 1);
      broken.fail(new Failure(file, 0, "runner", null, null, null, "cannot read script: " + e));
      broken.close();
      Thread done = new Thread(() -> {});
      done.start();
      return new Job(broken, done, System.nanoTime());
    }
    FileResult result = new FileResult(file, commands.size());
    Thread thread =
        new Thread(
            null,
            new WastRunner(directory, file, commands, result, options, engine),
            "spec-" + name,
            STACK_SIZE);
    thread.setDaemon(true);
    thread.start();
    return new Job(result, thread, System.nanoTime());
  }

  private static void writeReport(
      Path report,
      Path json,
      List<FileResult> results,
      List<String> simd,
      Set<String> only,
      int passed,
      int failed,
      int skipped,
      double seconds)
      throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    List<Map<String, Object>> files = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    List<MessageMismatch> mismatches = new ArrayList<>();
    List<String> timeouts = new ArrayList<>();
    for (FileResult r : results) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("file", r.file);
      f.put("passed", r.passed());
      f.put("failed", r.failed());
      f.put("skipped", r.skipped());
      files.add(f);
      for (Failure x : r.failures()) {
        if (failures.size() < REPORTED_FAILURES) {
          failures.add(x);
        }
      }
      mismatches.addAll(r.mismatches());
      if (r.timeout() != null) {
        timeouts.add(r.file + ": " + r.timeout());
      }
    }
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("passed", passed);
    totals.put("failed", failed);
    totals.put("skipped", skipped);
    root.put("totals", totals);
    root.put("files", files);
    root.put("skipped_files", simd.stream().map(n -> n + ".wast").toList());
    root.put("failures", failures);
    root.put("timeouts", timeouts);
    root.put("trap_message_mismatches", mismatches);
    root.put("suite", json.toAbsolutePath().normalize().toString());
    root.put("only", List.copyOf(only));
    root.put("seconds", Math.round(seconds * 10) / 10.0);
    Files.createDirectories(report.getParent());
    JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), root);
  }
}
