package io.ipvm.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The external tools the fuzz tests need (wasm-opt, node, wat2wasm). Missing ones skip a test on a
 * developer's machine but fail it under {@code CI=true}, where {@code .ci/run} installs them.
 */
final class Tools {
  private Tools() {}

  static void require(String... tools) {
    for (String tool : tools) {
      if (!runs(tool)) {
        String why = tool + " is not on PATH (Debian: apt-get install binaryen nodejs wabt)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
          fail(why);
        }
        Assumptions.abort(why);
      }
    }
  }

  private static boolean runs(String tool) {
    try {
      Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
