package io.ipvm.bench.realworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.ipvm.runtime.WasmModule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * RealWorldBench's correctness check: every run of {@code realworld/runs.txt} executed on ipvm-jvm
 * (in this JVM, WASI as {@code ipvm run} gives it) must print exactly what the native build printed
 * ({@code build/expected/RUN.out}, recorded by {@code realworld/build.sh}; for yosys, Node's
 * output) and exit with the same status.
 *
 * <p>By default the small runs (the {@code -small} ones and yosys); {@code
 * -Dipvm.realworld.full=true} runs every run, benchmark sizes included (long: the interpreters' big
 * dispatch functions take HotSpot minutes to compile), {@code -Dipvm.realworld.runs=a,b} the named
 * ones. The programs are not in the repository: without {@code realworld/build/} the tests are
 * skipped on a developer's machine, saying how to build them, and fail under {@code CI=true}, where
 * {@code .ci/run} builds them first.
 */
class RealWorldOnIpvmTest {

  private final Map<Path, WasmModule> modules = new HashMap<>();

  @TestFactory
  Stream<DynamicTest> outputsEqualNative() {
    RealWorldRuns runs = RealWorldRuns.load();
    String only = System.getProperty("ipvm.realworld.runs", "");
    boolean full = Boolean.getBoolean("ipvm.realworld.full");
    List<RealWorldRuns.Run> selected =
        runs.all().stream()
            .filter(
                r ->
                    only.isBlank()
                        ? full || r.small()
                        : List.of(only.split(",")).contains(r.name()))
            .toList();
    return selected.stream()
        .map(
            r ->
                DynamicTest.dynamicTest(r.name() + " (" + r.program() + ")", () -> check(runs, r)));
  }

  /**
   * The small runs but yosys's once more on the adaptive tier (entry checks, {@code
   * SpecializationPolicy.adaptive()}): functions called a thousand times with an argument unchanged
   * run variants compiled with it folded, and the output must still be the native one. (yosys is
   * left out: compiling its 30 MB a second time takes minutes here.)
   */
  @TestFactory
  Stream<DynamicTest> outputsEqualNativeOnTheAdaptiveTier() {
    RealWorldRuns runs = RealWorldRuns.load();
    io.ipvm.runtime.Engine adaptive =
        io.ipvm.runtime.Engine.create(
            io.ipvm.runtime.Engine.Config.defaults()
                .withSpecialization(io.ipvm.profiler.SpecializationPolicy.adaptive()));
    Map<Path, WasmModule> compiled = new HashMap<>();
    return runs.all().stream()
        .filter(r -> r.small() && !r.program().startsWith("yosys"))
        .map(
            r ->
                DynamicTest.dynamicTest(
                    r.name() + " (" + r.program() + ", adaptive)",
                    () -> {
                      long before = adaptive.compilations();
                      check(
                          runs,
                          r,
                          compiled,
                          bytes ->
                              adaptive.compile(
                                  bytes,
                                  io.ipvm.compiler.CompileOptions.DEFAULT.withEntryChecks(true)));
                      System.err.printf(
                          "RealWorldOnIpvmTest: %s (adaptive): %d compilations (module and"
                              + " variants)%n",
                          r.name(), adaptive.compilations() - before);
                    }));
  }

  private void check(RealWorldRuns runs, RealWorldRuns.Run run) throws IOException {
    check(runs, run, modules, WasmModule::compile);
  }

  private void check(
      RealWorldRuns runs,
      RealWorldRuns.Run run,
      Map<Path, WasmModule> modules,
      java.util.function.Function<byte[], WasmModule> compiler)
      throws IOException {
    Path wasm = run.wasm(runs);
    Path expected = run.expectedOutput(runs);
    Path exit = run.expectedExit(runs);
    for (Path p : List.of(wasm, expected, exit)) {
      if (!Files.isRegularFile(p)) {
        String why =
            p
                + " is missing: the RealWorldBench programs are downloaded and built outside Maven."
                + " Run "
                + RealWorldRuns.buildCommand()
                + " (about 3 to 10 minutes; needs clang-19, wasi-libc, node, npm and a deb-src"
                + " entry: see jmh-benchmarks/README.md, RealWorldBench)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
          fail(why);
        }
        System.err.println("RealWorldOnIpvmTest: SKIPPED: " + why);
        Assumptions.abort(why);
      }
    }
    WasmModule module =
        modules.computeIfAbsent(
            wasm,
            p -> {
              try {
                return compiler.apply(Files.readAllBytes(p));
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long t0 = System.nanoTime();
    int status = IpvmWasi.run(module, runs, run, out, err);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.err.printf(
        "RealWorldOnIpvmTest: %s: exit %d, %d bytes, %d ms%n", run.name(), status, out.size(), ms);
    String want = Files.readString(expected, StandardCharsets.UTF_8);
    String got = out.toString(StandardCharsets.UTF_8);
    int wantStatus = Integer.parseInt(Files.readString(exit).strip());
    assertEquals(
        wantStatus,
        status,
        () ->
            run.name() + ": exit status; standard error: " + err.toString(StandardCharsets.UTF_8));
    assertEquals(want, got, () -> run.name() + ": standard output differs from " + expected);
  }
}
