package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The wabt tools the splitter tests compare against: {@code wat2wasm} and {@code wasm-interp}. */
final class Wabt {
  private Wabt() {}

  /** The binary of a module in text form. */
  static byte[] wat2wasm(String text) throws Exception {
    Path dir = Files.createTempDirectory("wabt");
    try {
      Path source = dir.resolve("m.wat");
      Path binary = dir.resolve("m.wasm");
      Files.writeString(source, text);
      run("wat2wasm", source.toString(), "-o", binary.toString());
      return Files.readAllBytes(binary);
    } finally {
      deleteAll(dir);
    }
  }

  /** Runs a wabt tool, failing the test if it is missing or fails; returns what it printed. */
  static String run(String tool, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Files.isExecutable(Path.of("/usr/bin/" + tool)) ? "/usr/bin/" + tool : tool);
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError(tool + " (wabt) is needed by this test: " + e.getMessage(), e);
    }
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), tool + " failed:\n" + log);
    return log;
  }

  /** Deletes a flat temporary directory. */
  static void deleteAll(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }
}
