package io.ipvm.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ipvm run} on the WASI C programs of {@code runtime/src/test/resources/wasi}: exit codes,
 * stdio, arguments, environment and {@code --dir}.
 */
class WasiRunTest {
  @TempDir Path tmp;

  static Path programs;

  record Result(int status, String out, String err) {}

  @BeforeAll
  static void findPrograms() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null
        && !Files.isRegularFile(dir.resolve("runtime/src/test/resources/wasi/hello.wasm"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      fail("runtime/src/test/resources/wasi/hello.wasm not found above " + Path.of(""));
    }
    programs = dir.resolve("runtime/src/test/resources/wasi");
  }

  static String program(String name) {
    return programs.resolve(name + ".wasm").toString();
  }

  static Result ipvm(String stdin, String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int status;
    try (var o = new PrintStream(out, true, StandardCharsets.UTF_8);
        var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status =
          Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e);
    }
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void hello() {
    assertEquals(
        new Result(0, "hello, world\n", "to stderr 42\n"), ipvm("", "run", program("hello")));
  }

  @Test
  void argsAndEnv() {
    String file = program("args");
    Result r = ipvm("", "run", file, "--env", "HOME=/h", "--env=X=1=2", "--", "a", "--b", "-5");
    assertEquals(
        new Result(
            0,
            "argc=4\nargv[0]="
                + file
                + "\nargv[1]=a\nargv[2]=--b\nargv[3]=-5\nenv HOME=/h\nenv X=1=2\nHOME=/h\n",
            ""),
        r);
  }

  @Test
  void exitCodeIsTheProcExitCode() {
    assertEquals(new Result(3, "exiting with 3", ""), ipvm("", "run", program("exit")));
    assertEquals(new Result(0, "exiting with 0", ""), ipvm("", "run", program("exit"), "0"));
    assertEquals(new Result(42, "exiting with 42", ""), ipvm("", "run", program("exit"), "42"));
  }

  @Test
  void stdin() {
    assertEquals(
        new Result(0, "bob: 3 numbers, sum 6\n", ""), ipvm("bob 1 2 3\n", "run", program("scanf")));
  }

  @Test
  void filesUnderDir() throws IOException {
    Result r = ipvm("", "run", program("files"), "--dir", tmp + "::/sandbox", "--", "/sandbox");
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().endsWith("done\n"), r.out());
    assertFalse(r.out().contains("FAIL"), r.out());
    assertEquals("kept\n", Files.readString(tmp.resolve("keep.txt")));
  }

  @Test
  void escapesFailUnderDir() throws IOException {
    Path sandbox = Files.createDirectory(tmp.resolve("box"));
    Files.writeString(sandbox.resolve("inside.txt"), "in");
    Files.writeString(tmp.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(sandbox.resolve("link_out"), tmp.resolve("secret.txt"));
    Result r = ipvm("", "run", program("escape"), "--dir=" + sandbox + "::/sandbox", "/sandbox");
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().contains("raw_dotdot 76\n"), r.out());
    assertTrue(r.out().contains("raw_absolute 76\n"), r.out());
    assertTrue(r.out().contains("raw_link_out 76\n"), r.out());
    assertTrue(r.out().contains("raw_inside 0\n"), r.out());
    assertTrue(r.out().contains("libc_inside 0\n"), r.out());
  }

  @Test
  void withoutDirNothingIsReachable() {
    // No preopen: the guest cannot open anything, even what exists on the host.
    Result r = ipvm("", "run", program("files"), "--", "/tmp");
    assertEquals(1, r.status(), r.toString());
    assertTrue(r.out().startsWith("FAIL fopen w"), r.out());
  }

  @Test
  void badDir() {
    Result r = ipvm("", "run", program("hello"), "--dir", tmp.resolve("nope").toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--dir"), r.err());
    Result r2 = ipvm("", "run", program("hello"), "--dir");
    assertEquals(2, r2.status());
    assertTrue(r2.err().contains("--dir needs"), r2.err());
    Result r3 = ipvm("", "run", program("hello"), "--env", "NOEQUALS");
    assertEquals(2, r3.status());
    assertTrue(r3.err().contains("expected KEY=VALUE"), r3.err());
  }

  @Test
  void missingWasiFunctionIsNamed() throws Exception {
    Path wat = tmp.resolve("sock.wat");
    Path wasm = tmp.resolve("sock.wasm");
    Files.writeString(
        wat,
        """
        (module
          (import "wasi_snapshot_preview1" "sock_accept" (func (param i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (func (export "_start")))
        """);
    String wat2wasm =
        Files.isExecutable(Path.of("/usr/bin/wat2wasm")) ? "/usr/bin/wat2wasm" : "wat2wasm";
    Process p =
        new ProcessBuilder(wat2wasm, wat.toString(), "-o", wasm.toString())
            .redirectErrorStream(true)
            .start();
    assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
    Result r = ipvm("", "run", wasm.toString());
    assertEquals(2, r.status(), r.toString());
    assertTrue(r.err().contains("wasi_snapshot_preview1.sock_accept"), r.err());
  }

  @Test
  void trapInWasiProgramIsExitOne() throws Exception {
    Path wat = tmp.resolve("trap.wat");
    Path wasm = tmp.resolve("trap.wasm");
    Files.writeString(
        wat,
        """
        (module
          (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
          (memory (export "memory") 1)
          (func (export "_start") (unreachable)))
        """);
    String wat2wasm =
        Files.isExecutable(Path.of("/usr/bin/wat2wasm")) ? "/usr/bin/wat2wasm" : "wat2wasm";
    Process p =
        new ProcessBuilder(wat2wasm, wat.toString(), "-o", wasm.toString())
            .redirectErrorStream(true)
            .start();
    assertEquals(0, p.waitFor());
    assertEquals(new Result(1, "", "trap: unreachable\n"), ipvm("", "run", wasm.toString()));
  }

  @Test
  void invokeWithWasi() throws Exception {
    Path wat = tmp.resolve("inv.wat");
    Path wasm = tmp.resolve("inv.wasm");
    Files.writeString(
        wat,
        """
        (module
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory (export "memory") 1)
          (func (export "twice") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
          (func (export "quit") (param i32) (call $exit (local.get 0))))
        """);
    String wat2wasm =
        Files.isExecutable(Path.of("/usr/bin/wat2wasm")) ? "/usr/bin/wat2wasm" : "wat2wasm";
    Process p =
        new ProcessBuilder(wat2wasm, wat.toString(), "-o", wasm.toString())
            .redirectErrorStream(true)
            .start();
    assertEquals(0, p.waitFor());
    assertEquals(
        new Result(0, "42\n", ""), ipvm("", "run", wasm.toString(), "--invoke", "twice", "21"));
    assertEquals(new Result(9, "", ""), ipvm("", "run", wasm.toString(), "--invoke", "quit", "9"));
  }
}
