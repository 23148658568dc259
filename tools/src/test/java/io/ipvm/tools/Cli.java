package io.ipvm.tools;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Runs {@link Main} in-process with a given environment and captures what it prints. */
final class Cli {
  private Cli() {}

  /** Exit status, standard output and standard error of one command. */
  record Result(int status, byte[] out, String err) {
    String text() {
      return new String(out, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "exit " + status + "\n--- stdout\n" + text() + "--- stderr\n" + err;
    }
  }

  static Result run(Map<String, String> env, byte[] stdin, String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int status;
    try (var o = new PrintStream(out, true, StandardCharsets.UTF_8);
        var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = Main.run(args, new ByteArrayInputStream(stdin), o, e, env);
    }
    return new Result(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  static Result run(Map<String, String> env, String... args) {
    return run(env, new byte[0], args);
  }

  /** examples/fib.wasm, found from the working directory up. */
  static Path fib() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("examples/fib.wasm"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new AssertionError("examples/fib.wasm not found");
    }
    return dir.resolve("examples/fib.wasm");
  }
}
