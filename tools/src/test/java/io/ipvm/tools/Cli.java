package io.ipvm.tools;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

  /** Compiles WebAssembly text with wabt's wat2wasm to {@code dir/name.wasm}. */
  static Path wat(Path dir, String name, String text) throws IOException, InterruptedException {
    Path source = dir.resolve(name + ".wat");
    Path binary = dir.resolve(name + ".wasm");
    Files.writeString(source, text);
    String wat2wasm =
        Files.isExecutable(Path.of("/usr/bin/wat2wasm")) ? "/usr/bin/wat2wasm" : "wat2wasm";
    Process p =
        new ProcessBuilder(wat2wasm, source.toString(), "-o", binary.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new AssertionError("wat2wasm failed:\n" + log);
    }
    return binary;
  }

  /**
   * Runs {@link Main} in a child JVM with this test's class path: its standard output goes to
   * {@code stdout} (a file such as /dev/full), or to a pipe that is closed unread when {@code
   * stdout} is null; standard error is returned in the result.
   */
  static Result process(Map<String, String> env, File stdout, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    if (stdout != null) {
      pb.redirectOutput(stdout);
    }
    Process p = pb.start();
    if (stdout == null) {
      // The reader goes away before ipvm writes (or while it does): a closed pipe.
      p.getInputStream().close();
    }
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("ipvm did not finish: " + String.join(" ", args));
    }
    return new Result(p.exitValue(), new byte[0], err);
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
