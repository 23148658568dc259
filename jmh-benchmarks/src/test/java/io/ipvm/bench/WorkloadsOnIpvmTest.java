package io.ipvm.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;

/**
 * Runs the benchmark's setup-and-verify path on the ipvm engine for every workload in {@code
 * jmh-benchmarks/workloads/}, so that {@code mvn verify} checks the workloads without running JMH.
 */
class WorkloadsOnIpvmTest {

  private static final Path WORKLOADS = Path.of("workloads");

  private static List<Path> wasmFiles() throws IOException {
    if (!Files.isDirectory(WORKLOADS)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(WORKLOADS)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".wasm")).sorted().toList();
    }
  }

  private static String name(Path wasm) {
    String file = wasm.getFileName().toString();
    return file.substring(0, file.length() - ".wasm".length());
  }

  @TestFactory
  Stream<DynamicTest> everyWorkloadVerifiesOnIpvm() throws IOException {
    // exactly what KernelBench does: set up (verify), one more call, tear down (verify);
    // "auto" is JMH's default prewarm (ipvm-jvm's is none)
    return everyWorkload(Engines.IPVM, "auto", 1);
  }

  /**
   * One test per built workload: KernelBench's trial set-up on {@code engine}, {@code calls} calls
   * of {@code bench()}, and its tear-down, which checks the checksum again.
   */
  private Stream<DynamicTest> everyWorkload(String engine, String prewarm, int calls)
      throws IOException {
    List<Path> files = wasmFiles();
    assumeTrue(!files.isEmpty(), "no workloads/*.wasm built yet");
    return files.stream()
        .map(
            wasm ->
                DynamicTest.dynamicTest(
                    name(wasm),
                    () -> {
                      KernelBench bench = new KernelBench();
                      bench.engine = engine;
                      bench.workload = name(wasm);
                      bench.prewarm = prewarm;
                      bench.setup();
                      for (int i = 0; i < calls; i++) {
                        bench.bench();
                      }
                      bench.tearDown();
                    }));
  }

  @TestFactory
  Stream<DynamicTest> everyWorkloadIsPackagedAsAResource() throws IOException {
    List<Path> files = wasmFiles();
    assumeTrue(!files.isEmpty(), "no workloads/*.wasm built yet");
    assumeTrue(Workloads.overrideDir() == null, "IPVM_BENCH_WORKLOADS overrides the resources");
    return files.stream()
        .map(
            wasm ->
                DynamicTest.dynamicTest(
                    name(wasm),
                    () -> assertArrayEquals(Files.readAllBytes(wasm), Workloads.load(name(wasm)))));
  }

  @Test
  void theseTestsRunTheHugeMethodForm() {
    // surefire's argLine has -XX:-DontCompileHugeMethods, as KernelBench's forks do.
    assertTrue(io.ipvm.compiler.JitLimits.hugeMethodsCompiled());
    assertTrue(io.ipvm.compiler.CompileOptions.DEFAULT.hugeMethods());
  }

  @Test
  void aWrongChecksumFailsVerification() {
    WasmRunner wrong =
        new WasmRunner() {
          @Override
          public long bench() {
            return 41;
          }

          @Override
          public long expected() {
            return 42;
          }
        };
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> WasmRunner.verify(wrong, "x", "y", "before"));
    assertTrue(e.getMessage().contains("wrong checksum"), e.getMessage());
  }

  /**
   * Every workload again on the adaptive tier: by the end of the first {@code bench()} its hot
   * functions run variants with their fixed arguments as constants, and the checksum is checked
   * after the last call (the pa_* workloads are SpecializationBench's).
   */
  @TestFactory
  Stream<DynamicTest> everyWorkloadVerifiesOnTheAdaptiveTier() throws IOException {
    return everyWorkload(Engines.IPVM_ADAPTIVE, "0", 2);
  }

  @Test
  void parameterListsMatchTheNamedConstants() throws Exception {
    assertEquals(
        Workloads.PARTIAL_APPLICATIONS,
        List.of(SpecializationBench.class.getField("workload").getAnnotation(Param.class).value()));
    assertEquals(
        Engines.ALL,
        List.of(KernelBench.class.getField("engine").getAnnotation(Param.class).value()));
    assertEquals(
        Workloads.ALL,
        List.of(KernelBench.class.getField("workload").getAnnotation(Param.class).value()));
  }

  @Test
  void benchMainPassesEveryFlagOfKernelBenchsFork() {
    // BenchMain's -jvmArgsAppend replaces @Fork's, so a JIT flag added to one must be in the other
    List<String> forkFlags = List.of(KernelBench.class.getAnnotation(Fork.class).jvmArgsAppend());
    assertTrue(forkFlags.contains("-XX:-DontCompileHugeMethods"), forkFlags.toString());
    assertTrue(forkFlags.contains("-XX:Tier3DelayOn=100000"), forkFlags.toString());
    assertTrue(
        BenchMain.COMMON_FLAGS.containsAll(forkFlags),
        forkFlags + " not all in " + BenchMain.COMMON_FLAGS);
  }

  @Test
  void userJvmArgsAppendIsSplitAndKeptAfterTheLaunchersFlags() {
    List<String> args =
        BenchMain.withJvmArgsAppend(
            new String[] {"KernelBench", "-jvmArgsAppend", "-Da=1 -Db=2", "-f", "1"},
            List.of("-Xmx2g", "--upgrade-module-path=/a b/c.jar"));
    assertEquals(
        List.of(
            "KernelBench",
            "-f",
            "1",
            "-foe",
            "true",
            "-jvmArgsAppend",
            "-Xmx2g",
            "-jvmArgsAppend",
            "--upgrade-module-path=/a b/c.jar",
            "-jvmArgsAppend",
            "-Da=1",
            "-jvmArgsAppend",
            "-Db=2"),
        args);
  }
}
