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
  void lazyRunsKeepTheValidationAndEachFunctionInTheCache() throws Exception {
    Result lazy = ipvmProcess("run", "--verbose", "--lazy", FIB, "--invoke", "fib", "20");
    assertEquals("6765\n", lazy.out(), lazy.err());
    assertTrue(lazy.err().contains("validated in"), lazy.err());
    assertTrue(lazy.err().contains("functions compiled on first call"), lazy.err());
    assertTrue(lazy.err().contains("0 function classes in the cache"), lazy.err());

    // A second process: not validated again, fib's class loaded (the run's end wrote it).
    Result again = ipvmProcess("run", "--verbose", "--lazy", FIB, "--invoke", "fib", "20");
    assertEquals("6765\n", again.out(), again.err());
    assertTrue(again.err().contains("validated before (class cache)"), again.err());
    assertTrue(again.err().contains("1 function classes in the cache"), again.err());

    // --no-cache: validated and compiled, the cache neither read nor written.
    Result uncached =
        ipvm("run", "--verbose", "--lazy", "--no-cache", FIB, "--invoke", "fib", "20");
    assertEquals("6765\n", uncached.out());
    assertTrue(uncached.err().contains("validated in"), uncached.err());
    assertFalse(uncached.err().contains("cache"), uncached.err());
  }

  /**
   * 65 functions () -> i32 of 65,536 nops each then {@code i32.const 7}: 4 MiB of code and a bit;
   * function 0 exported as "big".
   */
  private static byte[] bigModule() {
    int n = 65;
    int nops = 1 << 16;
    ByteArrayOutputStream code = new ByteArrayOutputStream();
    code.write(n);
    for (int i = 0; i < n; i++) {
      int size = 1 + nops + 3;
      code.write(0x80 | (size & 0x7F));
      code.write(0x80 | ((size >> 7) & 0x7F));
      code.write(size >> 14);
      code.write(0); // no locals
      code.writeBytes(new byte[nops]);
      code.write(0x41);
      code.write(7);
      code.write(0x0B);
    }
    byte[] c = code.toByteArray();
    // nop is 0x01: fill in the bodies' instructions
    int pos = 1;
    for (int i = 0; i < n; i++) {
      pos += 4;
      java.util.Arrays.fill(c, pos, pos + nops, (byte) 0x01);
      pos += nops + 3;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    out.writeBytes(new byte[] {1, 5, 1, 0x60, 0, 1, 0x7F}); // type () -> i32
    out.write(3);
    out.write(1 + n);
    out.write(n);
    for (int i = 0; i < n; i++) {
      out.write(0);
    }
    out.writeBytes(new byte[] {7, 7, 1, 3, 'b', 'i', 'g', 0, 0}); // export "big" = func 0
    out.write(10);
    int size = c.length;
    out.write(0x80 | (size & 0x7F));
    out.write(0x80 | ((size >> 7) & 0x7F));
    out.write(0x80 | ((size >> 14) & 0x7F));
    out.write(size >> 21);
    out.writeBytes(c);
    return out.toByteArray();
  }

  @Test
  void modulesWithFourMibOfCodeRunLazilyUnlessEager() throws Exception {
    Path big = home.resolve("big.wasm");
    Files.write(big, bigModule());
    Result r = ipvm("run", "--verbose", "--no-cache", big.toString(), "--invoke", "big");
    assertEquals("7\n", r.out(), r.err());
    assertTrue(r.err().contains("lazy: 4 MiB of code; --eager compiles it all first"), r.err());
    Result small = ipvm("run", "--verbose", "--no-cache", FIB, "--invoke", "fib", "20");
    assertFalse(small.err().contains("lazy"), small.err());
    Result both = ipvm("run", "--lazy", "--eager", FIB, "--invoke", "fib", "20");
    assertEquals(2, both.status());
    assertTrue(both.err().contains("--lazy and --eager exclude each other"), both.err());
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
