package io.ipvm.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Makes the random module for a seed: bytes from a {@link SplittableRandom} seeded with it are
 * given to binaryen's {@code wasm-opt -ttf} ("translate to fuzz"), which turns any input into a
 * valid module with the given features. The same seed and the same binaryen version give the same
 * module, so a failure is reproducible from its seed alone.
 *
 * <p>Modules are made with binaryen's {@code --denan} pass, which turns every NaN a float
 * expression produces into 0 at run time. The spec lets an operation with NaN operands return any
 * arithmetic NaN, and V8 and the JVM pick different ones (V8's {@code f64.max} answers the
 * canonical NaN, {@code Math.max} the operand's payload); once such bits are stored and read back
 * as integers, two correct engines differ (seed 1484 without {@code --denan}). Binaryen's own
 * fuzzer does the same when it compares against V8.
 */
public final class ModuleGenerator {
  /**
   * The Wasm 2.0 features ipvm-jvm supports, except reference types: binaryen 108's fuzzer still
   * follows the pre-standard proposal (funcref a subtype of anyref, stored into externref globals),
   * so with {@code --enable-reference-types} nine modules in ten are invalid for V8 and for the
   * final spec. No SIMD, exceptions, GC, tail calls, memory64 or threads.
   */
  public static final List<String> FEATURES =
      List.of(
          "--enable-sign-ext",
          "--enable-mutable-globals",
          "--enable-nontrapping-float-to-int",
          "--enable-bulk-memory",
          "--enable-multivalue");

  /** Smallest input handed to {@code -ttf}, in bytes. */
  static final int MIN_INPUT = 1024;

  /** Largest input: bigger inputs make more and bigger functions (up to ~10 KB of code). */
  static final int MAX_INPUT = 16 * 1024;

  private final String wasmOpt;

  /** A generator running the given {@code wasm-opt} executable. */
  public ModuleGenerator(String wasmOpt) {
    this.wasmOpt = wasmOpt;
  }

  /** The {@code -ttf} input for a seed: 1 to 16 KiB of seeded pseudo-random bytes. */
  public static byte[] input(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] bytes = new byte[MIN_INPUT + random.nextInt(MAX_INPUT - MIN_INPUT + 1)];
    random.nextBytes(bytes);
    return bytes;
  }

  /**
   * Generates the module of {@code seed} as {@code out} (the input is written beside it as {@code
   * out.dat} and removed afterwards).
   *
   * @throws IOException when wasm-opt cannot run or fails (its output is in the message)
   */
  public void generate(long seed, Path out) throws IOException {
    Path in = out.resolveSibling(out.getFileName() + ".dat");
    Files.write(in, input(seed));
    try {
      List<String> command = new ArrayList<>(List.of(wasmOpt, in.toString(), "-ttf"));
      command.addAll(FEATURES);
      command.add("--denan");
      command.addAll(List.of("-o", out.toString()));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] log = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("wasm-opt -ttf did not finish in 60 s for seed " + seed);
      }
      if (p.exitValue() != 0 || !Files.isRegularFile(out)) {
        throw new IOException(
            "wasm-opt -ttf failed for seed "
                + seed
                + " (exit "
                + p.exitValue()
                + "): "
                + new String(log, StandardCharsets.UTF_8).strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running wasm-opt", e);
    } finally {
      Files.deleteIfExists(in);
    }
  }
}
