package io.ipvm.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds a workload's {@code NAME.wasm}: in the folder named by the system property {@code
 * ipvm.bench.workloads} or the environment variable {@code IPVM_BENCH_WORKLOADS} when one is set
 * (handy for trying a module without rebuilding the jar; forked JMH JVMs inherit the environment),
 * otherwise the class-path resource {@code /workloads/NAME.wasm} packaged from {@code
 * jmh-benchmarks/workloads/}.
 */
public final class Workloads {

  /** The workloads of {@link KernelBench}, in the order of its {@code @Param}. */
  public static final List<String> ALL =
      List.of(
          "fib",
          "matmul",
          "sha256",
          "nbody",
          "mandelbrot",
          "json",
          "image",
          "lz77",
          "hashmap",
          "script");

  /** The workloads of {@link SpecializationBench}: partial applications, in its order. */
  public static final List<String> PARTIAL_APPLICATIONS =
      List.of("pa_blur", "pa_sort", "pa_matmul", "pa_hash", "pa_interp");

  private Workloads() {}

  /** The folder that overrides the packaged workloads, or null. */
  public static Path overrideDir() {
    String dir = System.getProperty("ipvm.bench.workloads");
    if (dir == null || dir.isBlank()) {
      dir = System.getenv("IPVM_BENCH_WORKLOADS");
    }
    return dir == null || dir.isBlank() ? null : Path.of(dir);
  }

  public static byte[] load(String name) {
    Path dir = overrideDir();
    String file = name + ".wasm";
    try {
      if (dir != null) {
        Path path = dir.resolve(file);
        if (!Files.isRegularFile(path)) {
          throw new IllegalArgumentException(
              "no workload " + path + " (folder from ipvm.bench.workloads / IPVM_BENCH_WORKLOADS)");
        }
        return Files.readAllBytes(path);
      }
      try (InputStream in = Workloads.class.getResourceAsStream("/workloads/" + file)) {
        if (in == null) {
          throw new IllegalArgumentException(
              "no workload /workloads/"
                  + file
                  + " on the class path: build jmh-benchmarks/workloads/"
                  + file
                  + " and rebuild the jar, or point IPVM_BENCH_WORKLOADS at a folder holding it");
        }
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
