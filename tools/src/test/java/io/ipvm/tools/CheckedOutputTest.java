package io.ipvm.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output that cannot be written (a full disk, a closed pipe) ends every command with {@link
 * Main#EXIT_OUTPUT} and a message saying why, instead of exit 0 with the output lost.
 */
class CheckedOutputTest {
  @TempDir static Path tmp;
  static Map<String, String> env;
  static String bigCid;
  static String fibCid;

  @BeforeAll
  static void store() throws Exception {
    env = Map.of("IPVM_HOME", tmp.resolve("home").toString());
    byte[] data = new byte[3 << 20]; // bigger than any pipe buffer
    new Random(7).nextBytes(data);
    Path big = tmp.resolve("big.bin");
    Files.write(big, data);
    bigCid = Cli.run(env, "add", big.toString()).text().strip();
    fibCid = Cli.run(env, "add", Cli.fib().toString()).text().strip();
    // A memo table and receipts to list.
    Cli.run(env, "add", Cli.fib().resolveSibling("workflow.wasm").toString());
    Cli.Result ran = Cli.run(env, "workflow", "run", workflow().toString());
    assertEquals(0, ran.status(), ran.toString());
    String ls = Cli.run(env, "memo", "ls").text();
    receiptCid = ls.substring(ls.indexOf(" -> ") + 4).split(" ")[0];
  }

  static String receiptCid;

  static Path workflow() {
    return Cli.fib().resolveSibling("workflow-add-one.json");
  }

  /** A stream that fails like a full disk. */
  static final class FullDisk extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      throw new IOException("No space left on device");
    }
  }

  /** Runs in-process with standard output on a full disk. */
  static Cli.Result full(String... args) {
    var err = new ByteArrayOutputStream();
    int status;
    try (var o = new CheckedPrintStream(new FullDisk(), StandardCharsets.UTF_8);
        var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = Main.run(args, new ByteArrayInputStream(new byte[0]), o, e, env);
    }
    return new Cli.Result(status, new byte[0], err.toString(StandardCharsets.UTF_8));
  }

  static void assertOutputLost(Cli.Result r, String reason) {
    assertEquals(Main.EXIT_OUTPUT, r.status(), r.toString());
    assertTrue(
        r.err()
            .endsWith(
                "error: cannot write to standard output: "
                    + reason
                    + " (the output is incomplete)\n"),
        r.toString());
  }

  @Test
  void everyCommandChecksItsOutput() throws Exception {
    Path workflow = workflow();
    String[][] commands = {
      {"run", Cli.fib().toString(), "--invoke", "fib", "20"},
      {"run", "--json", Cli.fib().toString(), "--invoke", "fib", "20"},
      {"cat", bigCid},
      {"car", "export", fibCid, "-"},
      {"add", Cli.fib().toString()},
      {"inspect", Cli.fib().toString()},
      {"memo", "ls"},
      {"memo", "ls", "--json"},
      {"receipt", receiptCid},
      {"workflow", "run", workflow.toString()},
      {"workflow", "run", "--json", workflow.toString()},
      {"workflow", "inspect", workflow.toString()},
      {"version"},
      {"help"},
      {"run", "--help"},
    };
    for (String[] c : commands) {
      assertOutputLost(full(c), "No space left on device");
    }
  }

  @Test
  void catToDevFullInAProcess() throws Exception {
    Cli.Result r = Cli.process(env, new File("/dev/full"), "cat", fibCid);
    assertOutputLost(r, "No space left on device");
  }

  @Test
  void runToDevFullInAProcess() throws Exception {
    Cli.Result r =
        Cli.process(
            env, new File("/dev/full"), "run", Cli.fib().toString(), "--invoke", "fib", "20");
    assertOutputLost(r, "No space left on device");
  }

  @Test
  void catIntoAClosedPipe() throws Exception {
    Cli.Result r = Cli.process(env, null, "cat", bigCid);
    assertOutputLost(r, "Broken pipe");
  }

  @Test
  void carExportIntoAClosedPipe() throws Exception {
    Cli.Result r = Cli.process(env, null, "car", "export", bigCid, "-");
    assertOutputLost(r, "Broken pipe");
  }

  @Test
  void wasiGuestGetsEioAndTheRunFails() throws Exception {
    // The guest writes "hi\n" and exits with fd_write's errno: 29 (EIO) when the write failed.
    Path guest =
        Cli.wat(
            tmp,
            "hello",
            """
            (module
              (import "wasi_snapshot_preview1" "fd_write"
                (func $write (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (memory (export "memory") 1)
              (data (i32.const 16) "hi\\n")
              (func (export "_start")
                (i32.store (i32.const 0) (i32.const 16))
                (i32.store (i32.const 4) (i32.const 3))
                (call $exit (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
            """);
    Cli.Result ok = Cli.run(env, "run", guest.toString());
    assertEquals(0, ok.status(), ok.toString());
    assertEquals("hi\n", ok.text());

    var err = new ByteArrayOutputStream();
    var seen = new ByteArrayOutputStream();
    int status;
    try (var o = new CheckedPrintStream(new FullDisk(), StandardCharsets.UTF_8);
        var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status =
          Main.run(
              new String[] {"run", guest.toString()},
              new ByteArrayInputStream(seen.toByteArray()),
              o,
              e,
              env);
    }
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(Main.EXIT_OUTPUT, status, message);
    assertEquals(
        "error: cannot write to standard output: No space left on device (the output is"
            + " incomplete)\n",
        message);
  }
}
