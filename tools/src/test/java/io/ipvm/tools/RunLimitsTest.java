package io.ipvm.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ipvm run --fuel/--timeout/--max-memory}: each limit ends a run with its own status. */
class RunLimitsTest {
  @TempDir static Path tmp;
  static String loop;
  static String bigMemory;
  static String wasiGrow;
  static Map<String, String> env;

  @BeforeAll
  static void modules() throws Exception {
    env = Map.of("IPVM_HOME", tmp.resolve("home").toString());
    loop =
        Cli.wat(
                tmp,
                "loop",
                """
                (module
                  (memory 1)
                  (func (export "spin") (loop $l (br $l)))
                  (func (export "count") (param $n i32) (result i32) (local $i i32)
                    (loop $l
                      (local.set $i (i32.add (local.get $i) (i32.const 1)))
                      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
                    (local.get $i))
                  (func (export "grow") (param $pages i32) (result i32)
                    (if (i32.eq (memory.grow (local.get $pages)) (i32.const -1))
                      (then unreachable))
                    (memory.size))
                  (func (export "try_grow") (param $pages i32) (result i32)
                    (memory.grow (local.get $pages))))
                """)
            .toString();
    bigMemory = Cli.wat(tmp, "big", "(module (memory 20) (func (export \"f\")))").toString();
    // A WASI program whose malloc fails: it exits with code 3 when memory.grow is refused.
    wasiGrow =
        Cli.wat(
                tmp,
                "wasigrow",
                """
                (module
                  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
                  (memory (export "memory") 1)
                  (func (export "_start")
                    (if (i32.eq (memory.grow (i32.const 4)) (i32.const -1))
                      (then (call $exit (i32.const 3))))))
                """)
            .toString();
  }

  @Test
  void fuelEnoughRunsAndPrints() {
    Cli.Result r = Cli.run(env, "run", loop, "--invoke", "count", "--fuel", "1000", "10");
    assertEquals(0, r.status(), r.toString());
    assertEquals("10\n", r.text());
  }

  @Test
  void fuelExhaustedIsExitFour() {
    Cli.Result r = Cli.run(env, "run", loop, "--invoke", "count", "--fuel=1000", "100000");
    assertEquals(Main.EXIT_FUEL, r.status(), r.toString());
    assertEquals(4, Main.EXIT_FUEL);
    assertEquals("", r.text());
    assertTrue(
        r.err().startsWith("error: fuel exhausted: the run used all of its --fuel 1000"), r.err());
  }

  @Test
  void timeoutStopsAnEndlessLoop() {
    long start = System.nanoTime();
    Cli.Result r = Cli.run(env, "run", loop, "--invoke", "spin", "--timeout", "300ms");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(Main.EXIT_TIMEOUT, r.status(), r.toString());
    assertEquals(5, Main.EXIT_TIMEOUT);
    assertEquals(
        "error: time limit exceeded: the run was stopped after --timeout 300ms\n", r.err());
    assertTrue(millis >= 300, "stopped after " + millis + " ms, before the deadline");
  }

  @Test
  void timeoutGivesUpOnAGuestBlockedReadingStdin() throws Exception {
    Path sum = Cli.fib().resolveSibling("sum.wasm");
    var never = new java.util.concurrent.CountDownLatch(1);
    java.io.InputStream blocked =
        new java.io.InputStream() {
          @Override
          public int read() throws java.io.IOException {
            try {
              never.await(); // standard input that never delivers
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return -1;
          }
        };
    var err = new java.io.ByteArrayOutputStream();
    long start = System.nanoTime();
    int status;
    try (var o = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        var e = new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8)) {
      status =
          Main.run(new String[] {"run", "--timeout", "200ms", sum.toString()}, blocked, o, e, env);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    String message = err.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(Main.EXIT_TIMEOUT, status, message);
    assertTrue(
        message.startsWith(
            "error: time limit exceeded: the run was stopped after --timeout 200ms (it did not"
                + " stop at the interrupt"),
        message);
    assertTrue(millis >= 200 + Main.HARD_DEADLINE_GRACE, "gave up after " + millis + " ms");
  }

  @Test
  void timeoutNotReachedChangesNothing() {
    Cli.Result r = Cli.run(env, "run", loop, "--invoke", "count", "--timeout", "1m", "5");
    assertEquals(new Cli.Result(0, r.out(), "").toString(), r.toString());
    assertEquals("5\n", r.text());
  }

  @Test
  void initialMemoryAboveTheLimitIsExitSix() {
    Cli.Result r = Cli.run(env, "run", bigMemory, "--invoke", "f", "--max-memory", "1MiB");
    assertEquals(Main.EXIT_MEMORY, r.status(), r.toString());
    assertEquals(6, Main.EXIT_MEMORY);
    assertTrue(r.err().startsWith("error: memory limit exceeded: "), r.err());
    assertTrue(r.err().contains("1310720 bytes"), r.err());
    assertTrue(r.err().contains("--max-memory 1MiB"), r.err());
    // 20 pages fit in 1280 KiB exactly.
    assertEquals(
        0, Cli.run(env, "run", bigMemory, "--invoke", "f", "--max-memory", "1280KiB").status());
  }

  @Test
  void growthRefusedThenTrapIsExitSix() {
    Cli.Result ok = Cli.run(env, "run", loop, "--invoke", "grow", "--max-memory", "131072", "1");
    assertEquals("2\n", ok.text(), ok.toString());
    Cli.Result r = Cli.run(env, "run", loop, "--invoke", "grow", "--max-memory", "128KiB", "2");
    assertEquals(Main.EXIT_MEMORY, r.status(), r.toString());
    assertEquals(
        "error: memory limit exceeded: memory.grow was refused at 65536 bytes by --max-memory"
            + " 128KiB; then: trap: unreachable\n",
        r.err());
  }

  @Test
  void growthRefusedButHandledSucceedsWithANote() {
    Cli.Result r = Cli.run(env, "run", loop, "--invoke", "try_grow", "--max-memory", "64KiB", "1");
    assertEquals(0, r.status(), r.toString());
    assertEquals("-1\n", r.text());
    assertTrue(r.err().contains("note: memory.grow was refused at 65536 bytes"), r.err());
  }

  @Test
  void wasiExitAfterRefusedGrowthIsExitSix() {
    Cli.Result r = Cli.run(env, "run", wasiGrow, "--max-memory", "64KiB");
    assertEquals(Main.EXIT_MEMORY, r.status(), r.toString());
    assertTrue(r.err().contains("then the program exited with code 3"), r.err());
    assertEquals(0, Cli.run(env, "run", wasiGrow, "--max-memory", "1MiB").status());
  }

  @Test
  void badLimitValuesAreUsageErrors() {
    Cli.Result fuel = Cli.run(env, "run", loop, "--invoke", "count", "--fuel", "lots", "1");
    assertEquals(2, fuel.status());
    assertTrue(fuel.err().startsWith("error: --fuel: expected a number"), fuel.err());
    Cli.Result time = Cli.run(env, "run", loop, "--invoke", "count", "--timeout", "5 weeks", "1");
    assertEquals(2, time.status());
    assertTrue(time.err().startsWith("error: --timeout: expected a duration"), time.err());
    Cli.Result mem = Cli.run(env, "run", loop, "--invoke", "count", "--max-memory", "-1", "1");
    assertEquals(2, mem.status());
    assertTrue(mem.err().startsWith("error: --max-memory: expected a size"), mem.err());
    Cli.Result missing = Cli.run(env, "run", loop, "--invoke", "count", "1", "--timeout");
    assertEquals(2, missing.status());
    assertTrue(missing.err().startsWith("error: --timeout needs a duration"), missing.err());
  }

  @Test
  void quantities() throws Exception {
    assertEquals(500, Quantities.millis("500ms"));
    assertEquals(10_000, Quantities.millis("10s"));
    assertEquals(120_000, Quantities.millis("2m"));
    assertEquals(3_600_000, Quantities.millis("1h"));
    assertEquals(7_000, Quantities.millis("7"));
    assertEquals(65536, Quantities.bytes("65536"));
    assertEquals(64L << 20, Quantities.bytes("64MiB"));
    assertEquals(1L << 30, Quantities.bytes("1GiB"));
    assertEquals(1L << 30, Quantities.bytes("1g"));
    assertEquals(10_000_000, Quantities.bytes("10MB"));
    assertEquals(1_000_000, Quantities.count("1_000_000", "n"));
  }
}
