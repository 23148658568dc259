package io.ipvm.node.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.ipvm.runtime.Instance;
import io.ipvm.runtime.WasmModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test guests: the project's example module, and small modules compiled from text with wabt. */
public final class Guests {
  private Guests() {}

  private static WasmModule workflow;

  /** A fresh instance of examples/workflow.wasm (the module is compiled once). */
  static synchronized Instance workflow() throws IOException {
    if (workflow == null) {
      workflow = WasmModule.compile(examples().resolve("workflow.wasm"));
    }
    return workflow.instantiate();
  }

  static Path examples() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("examples/workflow.wasm"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      fail("examples/workflow.wasm not found above " + Path.of("").toAbsolutePath());
    }
    return dir.resolve("examples");
  }

  /** Compiles WebAssembly text with wabt's wat2wasm and instantiates it without imports. */
  static Instance wat(String text) throws IOException, InterruptedException {
    return WasmModule.compile(watBytes(text)).instantiate();
  }

  /** Compiles WebAssembly text with wabt's wat2wasm. */
  public static byte[] watBytes(String text) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("node-abi");
    try {
      Path source = dir.resolve("m.wat");
      Path binary = dir.resolve("m.wasm");
      Files.writeString(source, text);
      String wat2wasm =
          Files.isExecutable(Path.of("/usr/bin/wat2wasm")) ? "/usr/bin/wat2wasm" : "wat2wasm";
      Process p;
      try {
        p =
            new ProcessBuilder(wat2wasm, source.toString(), "-o", binary.toString())
                .redirectErrorStream(true)
                .start();
      } catch (IOException e) {
        throw new AssertionError("wat2wasm (wabt) is needed by these tests: " + e.getMessage(), e);
      }
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), "wat2wasm failed:\n" + log);
      return Files.readAllBytes(binary);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) Files.delete(f);
      }
      Files.delete(dir);
    }
  }
}
