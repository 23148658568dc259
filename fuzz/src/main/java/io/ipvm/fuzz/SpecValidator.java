package io.ipvm.fuzz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The referee when V8 and ipvm-jvm disagree on whether a mutant is valid: wabt's {@code
 * wasm-validate} restricted to exactly the Wasm 2.0 features. Node's V8 ships features beyond 2.0
 * that no flag turns off (exception handling's {@code try}, SIMD, threads) and has implementation
 * limits of its own (e.g. at most 50,000 locals), so a mutant can be "valid" for V8 and not for the
 * spec, or the reverse. Such a disagreement only fails the batch when ipvm-jvm also disagrees with
 * wabt.
 */
public final class SpecValidator {
  private final String wasmValidate;

  /** A referee running the given {@code wasm-validate} executable. */
  public SpecValidator(String wasmValidate) {
    this.wasmValidate = wasmValidate;
  }

  /**
   * Whether wabt finds the module valid under Wasm 2.0 (its defaults without SIMD: mutable globals,
   * saturating float-to-int, sign extension, multi-value, bulk memory, reference types).
   *
   * @throws IOException when wasm-validate cannot run
   */
  public boolean valid(Path wasm) throws IOException {
    Process p =
        new ProcessBuilder(wasmValidate, "--disable-simd", wasm.toString())
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("wasm-validate did not finish in 60 s on " + wasm);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running wasm-validate", e);
    }
    return p.exitValue() == 0;
  }
}
