package io.ipvm.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.runtime.Engine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ipvm run} and the compiled-class cache under $IPVM_HOME/classes. */
class ClassCacheCommandTest {
  private static final String FIB = Path.of("..", "examples", "fib.wasm").toString();

  @TempDir Path home;

  private record Result(int status, String out, String err) {}

  private Result ipvm(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            args,
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of("IPVM_HOME", home.toString()));
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs ipvm in a child JVM (a real second process) with this test's class path. */
  private Result ipvmProcess(String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        Stream.concat(
                Stream.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()),
                Stream.of(args))
            .toList();
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("IPVM_HOME", home.toString());
    File errFile = home.resolveSibling(home.getFileName() + ".err").toFile();
    pb.redirectError(errFile);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ipvm did not finish");
    String err = Files.readString(errFile.toPath());
    Files.delete(errFile.toPath());
    return new Result(p.exitValue(), out, err);
  }

  @Test
  void secondRunLoadsClassesWithoutCompiling() {
    Result first = ipvm("run", "--verbose", FIB, "--invoke", "fib", "20");
    assertEquals(0, first.status(), first.err());
    assertEquals("6765\n", first.out());
    assertTrue(first.err().contains("compiled in"), first.err());
    assertTrue(first.err().contains("cached as bafyrei"), first.err());

    // Each Main.run is a new command with an empty in-memory cache, like a new process.
    long before = Engine.shared().compilations();
    Result second = ipvm("run", "--verbose", FIB, "--invoke", "fib", "20");
    assertEquals(before, Engine.shared().compilations(), "the compiler ran on a cache hit");
    assertEquals(0, second.status(), second.err());
    assertEquals("6765\n", second.out());
    assertTrue(second.err().contains("cache hit"), second.err());

    // --no-cache compiles.
    Result uncached = ipvm("run", "--verbose", "--no-cache", FIB, "--invoke", "fib", "20");
    assertEquals(before + 1, Engine.shared().compilations());
    assertEquals("6765\n", uncached.out());
    assertFalse(uncached.err().contains("cache"), uncached.err());
  }

  @Test
  void lazyRunsCompileOnFirstCallAndSkipTheCache() throws Exception {
    Result lazy = ipvm("run", "--verbose", "--lazy", FIB, "--invoke", "fib", "20");
    assertEquals("6765\n", lazy.out());
    assertTrue(lazy.err().contains("functions compiled on first call"), lazy.err());
    assertFalse(lazy.err().contains("cache"), lazy.err());
  }

  @Test
  void aSecondProcessHitsTheCache() throws Exception {
    Result first = ipvmProcess("run", "--verbose", FIB, "--invoke", "fib", "25");
    assertEquals(0, first.status(), first.err());
    assertEquals("75025\n", first.out());
    assertTrue(first.err().contains("compiled in"), first.err());

    Result second = ipvmProcess("run", "--verbose", FIB, "--invoke", "fib", "25");
    assertEquals(0, second.status(), second.err());
    assertEquals("75025\n", second.out());
    assertTrue(second.err().contains("cache hit, classes loaded"), second.err());
    assertFalse(second.err().contains("compiled in"), second.err());
  }

  @Test
  void aCorruptedEntryIsRecompiled() throws Exception {
    assertEquals(0, ipvm("run", FIB, "--invoke", "fib", "10").status());
    // Damage every block the entry wrote after the module itself: the class files.
    try (Stream<Path> files = Files.walk(home.resolve("blocks"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        byte[] b = Files.readAllBytes(f);
        b[b.length - 1] ^= 1;
        Files.write(f, b);
      }
    }
    Result again = ipvm("run", "--verbose", FIB, "--invoke", "fib", "10");
    assertEquals(0, again.status(), again.err());
    assertEquals("55\n", again.out());
    assertTrue(again.err().contains("unusable"), again.err());
    assertTrue(again.err().contains("compiled in"), again.err());
    assertTrue(ipvm("run", "--verbose", FIB, "--invoke", "fib", "10").err().contains("cache hit"));
  }
}
