package io.ipvm.runtime.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.runtime.Imports;
import io.ipvm.runtime.Instance;
import io.ipvm.runtime.ModuleException;
import io.ipvm.runtime.WasmModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the C programs in {@code src/test/resources/wasi} (built with clang-19 and wasi-libc by
 * {@code build.sh}) through {@link Wasi}, with byte-array stdio.
 */
class WasiTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  static final Map<String, WasmModule> MODULES = new LinkedHashMap<>();

  static synchronized WasmModule module(String name) throws IOException {
    WasmModule m = MODULES.get(name);
    if (m == null) {
      try (InputStream in = WasiTest.class.getResourceAsStream("/wasi/" + name + ".wasm")) {
        m = WasmModule.compile(in.readAllBytes());
      }
      MODULES.put(name, m);
    }
    return m;
  }

  static Run run(String name, String stdin, Consumer<Wasi.Builder> config) throws IOException {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    Wasi.Builder b =
        Wasi.builder()
            .stdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)))
            .stdout(out)
            .stderr(err);
    config.accept(b);
    int code;
    try (Wasi wasi = b.build()) {
      Instance instance = module(name).instantiate(wasi.imports());
      code = wasi.run(instance);
    }
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void hello() throws IOException {
    Run r = run("hello", "", b -> b.args("hello.wasm"));
    assertEquals(new Run(0, "hello, world\n", "to stderr 42\n"), r);
  }

  @Test
  void argsAndEnvironment() throws IOException {
    Run r =
        run(
            "args",
            "",
            b ->
                b.args("args.wasm", "one", "two words", "ünï")
                    .env("HOME", "/home/x")
                    .env("A", "b=c"));
    assertEquals(
        """
        argc=4
        argv[0]=args.wasm
        argv[1]=one
        argv[2]=two words
        argv[3]=ünï
        env HOME=/home/x
        env A=b=c
        HOME=/home/x
        """,
        r.out());
    assertEquals(0, r.code());
    Run empty = run("args", "", b -> {});
    assertEquals("argc=0\nHOME=(unset)\n", empty.out());
  }

  @Test
  void exitCodes() throws IOException {
    assertEquals(new Run(3, "exiting with 3", ""), run("exit", "", b -> b.args("exit")));
    assertEquals(new Run(0, "exiting with 0", ""), run("exit", "", b -> b.args("exit", "0")));
    assertEquals(new Run(200, "exiting with 200", ""), run("exit", "", b -> b.args("exit", "200")));
  }

  @Test
  void procExitThrowsWasiExit() throws IOException {
    try (Wasi wasi = Wasi.builder().args("exit", "7").build()) {
      Instance instance = module("exit").instantiate(wasi.imports());
      wasi.bind(instance);
      WasiExit e = assertThrows(WasiExit.class, () -> instance.call("_start"));
      assertEquals(7, e.code());
    }
  }

  @Test
  void scanfFromStdin() throws IOException {
    Run r = run("scanf", "ada 1 2 3\n-4\n 100", b -> {});
    assertEquals(new Run(0, "ada: 5 numbers, sum 102\n", ""), r);
    assertEquals(new Run(1, "no name\n", ""), run("scanf", "", b -> {}));
  }

  @Test
  void filesInAPreopenedDirectory() throws IOException {
    Files.writeString(tmp.resolve("keep.txt"), "old");
    Run r = run("files", "", b -> b.args("files", "/sandbox").preopen(tmp, "/sandbox"));
    assertEquals(0, r.code(), r.out());
    assertTrue(r.out().endsWith("readdir saw 7\n" + tail()), r.out());
    assertFalse(r.out().contains("FAIL"), r.out());
    // What the guest left behind, seen from the host.
    assertEquals("kept\n", Files.readString(tmp.resolve("keep.txt")));
    assertFalse(Files.exists(tmp.resolve("a.txt")));
    assertFalse(Files.exists(tmp.resolve("b.txt")));
    assertFalse(Files.exists(tmp.resolve("sub")));
  }

  private static String tail() {
    return """
        ok readdir lists b.txt and sub
        ok unlink in sub
        ok rmdir
        ok unlink
        ok unlink again is ENOENT
        ok open missing is ENOENT
        ok create keep.txt
        done
        """;
  }

  @Test
  void sandboxEscapesFail() throws IOException {
    Path sandbox = Files.createDirectory(tmp.resolve("sandbox"));
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Files.writeString(sandbox.resolve("inside.txt"), "inside");
    Files.createSymbolicLink(sandbox.resolve("link_out"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(sandbox.resolve("dir_out"), outside);
    Files.createSymbolicLink(sandbox.resolve("link_in"), Path.of("inside.txt"));
    // dangling links: one through dir_out to a file that does not exist yet, one inside
    Files.createSymbolicLink(sandbox.resolve("dangle"), Path.of("dir_out/created.txt"));
    Files.createSymbolicLink(sandbox.resolve("dangle_in"), Path.of("created_in.txt"));
    Run r = run("escape", "", b -> b.args("escape", "/sandbox").preopen(sandbox, "/sandbox"));
    assertEquals(0, r.code());
    int notCapable = 76;
    int noEnt = 44;
    int badF = 8;
    assertEquals(
        String.join(
            "\n",
            "raw_dotdot " + notCapable,
            "raw_deep_dotdot " + notCapable,
            "raw_absolute " + notCapable,
            "raw_link_out " + notCapable,
            "raw_through_link " + notCapable,
            "raw_stat_through_link " + notCapable,
            "raw_create_through_dangling " + notCapable,
            "raw_create_dangling_in 0",
            "raw_inside 0",
            "raw_link_in 0",
            "raw_missing " + noEnt,
            "raw_bad_fd " + badF,
            "raw_rename_out " + notCapable,
            "raw_mkdir_out " + notCapable,
            "raw_unlink_through_link " + notCapable,
            // wasi-libc maps ENOTCAPABLE to its own errno value; the open fails either way
            "libc_absolute " + libcErrno(r.out(), "libc_absolute"),
            "libc_dotdot " + libcErrno(r.out(), "libc_dotdot"),
            "libc_link_out " + libcErrno(r.out(), "libc_link_out"),
            "libc_inside 0",
            ""),
        r.out());
    assertNotEquals("0", libcErrno(r.out(), "libc_absolute"));
    assertNotEquals("0", libcErrno(r.out(), "libc_dotdot"));
    assertNotEquals("0", libcErrno(r.out(), "libc_link_out"));
    assertEquals("secret", Files.readString(outside.resolve("secret.txt")));
    assertFalse(Files.exists(tmp.resolve("stolen.txt")));
    assertFalse(Files.exists(tmp.resolve("newdir")));
    assertTrue(Files.exists(sandbox.resolve("inside.txt")));
    assertFalse(Files.exists(outside.resolve("created.txt")));
    assertTrue(Files.exists(sandbox.resolve("created_in.txt")));
  }

  private static String libcErrno(String out, String name) {
    for (String line : out.split("\n")) {
      if (line.startsWith(name + " ")) {
        return line.substring(name.length() + 1);
      }
    }
    return "missing";
  }

  @Test
  void errnoResults() throws IOException {
    Run r = run("errno", "", b -> b.args("errno", "/sandbox").preopen(tmp, "/sandbox"));
    assertEquals(
        """
        write_bad_fd 8
        seek_stdout 70
        write_fault 21
        prestat_stdin 8
        prestat_3 0 0 8 /sandbox
        clock_bad 28
        open_ro 0
        write_ro 8
        open_under_file 54
        mkdir 0
        unlink_dir 31
        rmdir_file 54
        rmdir_missing 44
        open_excl 20
        open_dir_as_dir_file 54
        open_dir_for_write 31
        close_twice 0 8
        write_a 0
        rename_over 0
        stat_after_rename 0 size 4 type 4
        readdir 200 entries, 2 dots
        """,
        r.out());
    assertEquals(0, r.code());
    assertEquals("AAAA", Files.readString(tmp.resolve("ro.txt")));
    try (var list = Files.list(tmp.resolve("d"))) {
      assertEquals(200, list.count());
    }
  }

  @Test
  void clocksSleepAndRandom() throws IOException {
    Run r = run("clock", "", b -> {});
    assertEquals(0, r.code(), r.out());
    assertFalse(r.out().contains("FAIL"), r.out());
    long realtime =
        Long.parseLong(
            r.out()
                .lines()
                .filter(l -> l.startsWith("realtime "))
                .findFirst()
                .orElseThrow()
                .substring(9));
    assertTrue(Math.abs(realtime - System.currentTimeMillis() / 1000) < 60, r.out());
  }

  @Test
  void configuredClockAndRandom() throws IOException {
    Wasi.Clock fixed =
        new Wasi.Clock() {
          long mono;

          @Override
          public long realtimeNanos() {
            return 1_700_000_000_000_000_000L;
          }

          @Override
          public long monotonicNanos() {
            return mono;
          }

          @Override
          public void sleep(long nanos) {
            mono += nanos; // a fake clock: sleeping only moves it
          }
        };
    Run a = run("clock", "", b -> b.clock(fixed).random(new java.util.Random(1)));
    assertTrue(a.out().contains("realtime 1700000000\n"), a.out());
    assertTrue(a.out().contains("slept 30 ms\n"), a.out());
    Run b2 = run("clock", "", b -> b.clock(fixed).random(new java.util.Random(1)));
    String byteA = a.out().substring(a.out().indexOf("first byte"));
    assertEquals(byteA, b2.out().substring(b2.out().indexOf("first byte")));
  }

  @Test
  void missingWasiFunctionFailsAtLinkTimeNamingIt() throws IOException {
    // hello.wasm imports fd_write etc.; give it everything but fd_write.
    Imports partial = new Imports();
    Imports full;
    try (Wasi wasi = Wasi.builder().build()) {
      full = wasi.imports();
    }
    for (WasmModule.ImportDescriptor d : module("hello").imports()) {
      if (!d.name().equals("fd_write")) {
        partial.add(d.module(), d.name(), full.get(d.module(), d.name()));
      }
    }
    var e =
        assertThrows(ModuleException.Unlinkable.class, () -> module("hello").instantiate(partial));
    assertTrue(e.getMessage().contains("wasi_snapshot_preview1.fd_write"), e.getMessage());
  }

  @Test
  void preopenMustBeADirectory() throws IOException {
    Path file = Files.writeString(tmp.resolve("f"), "x");
    assertThrows(IOException.class, () -> Wasi.builder().preopen(file, "/f").build());
    assertThrows(
        IOException.class, () -> Wasi.builder().preopen(tmp.resolve("nope"), "/n").build());
  }

  @Test
  void isImportedBy() throws IOException {
    assertTrue(Wasi.isImportedBy(module("hello")));
    assertTrue(Wasi.functionNames().contains("path_open"));
  }
}
