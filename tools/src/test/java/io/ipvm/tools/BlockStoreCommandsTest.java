package io.ipvm.tools;

import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.Multihash;
import io.ipvm.ipld.store.FileBlockStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ipvm add}, {@code ipvm cat} and {@code ipvm run CID}, with a temporary IPVM_HOME. */
class BlockStoreCommandsTest {
  @TempDir Path home;
  @TempDir Path files;

  static Path fib;

  record Result(int status, byte[] out, String err) {
    String text() {
      return new String(out, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "exit " + status + "\n--- stdout\n" + text() + "--- stderr\n" + err;
    }
  }

  @BeforeAll
  static void findExamples() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("examples/fib.wasm"))) {
      dir = dir.getParent();
    }
    assertNotNull(dir, "examples/fib.wasm not found");
    fib = dir.resolve("examples/fib.wasm");
  }

  Result ipvm(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int status;
    try (var o = new PrintStream(out, true, StandardCharsets.UTF_8);
        var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status =
          Main.run(
              args,
              new ByteArrayInputStream(new byte[0]),
              o,
              e,
              Map.of("IPVM_HOME", home.toString()));
    }
    return new Result(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  private Path file(String name, byte[] data) throws IOException {
    Path f = files.resolve(name);
    Files.write(f, data);
    return f;
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void addPrintsTheCidAndStoresUnderIpvmHome() throws IOException {
    byte[] data = "hello\n".getBytes(StandardCharsets.UTF_8);
    Result r = ipvm("add", file("hello.txt", data).toString());
    assertEquals(0, r.status(), r::toString);
    Cid expected = Cid.of(Multicodec.RAW, Multihash.SHA2_256, data);
    assertEquals(expected + "\n", r.text());
    assertTrue(new FileBlockStore(home.resolve("blocks")).has(expected));

    Result c = ipvm("cat", expected.toString());
    assertEquals(0, c.status(), c::toString);
    assertArrayEquals(data, c.out());
  }

  @Test
  void addJsonAndMultiBlockRoundTrip() throws IOException {
    byte[] data = random(700 * 1024, 3);
    Result r = ipvm("add", "--json", file("big.bin", data).toString());
    assertEquals(0, r.status(), r::toString);
    String json = r.text().strip();
    assertTrue(json.matches("\\{\"cid\":\"bafybei[a-z2-7]+\",\"size\":716800}"), json);
    String cid = json.substring(8, json.indexOf('"', 8));
    Result c = ipvm("cat", cid);
    assertEquals(0, c.status(), c::toString);
    assertArrayEquals(data, c.out());
    Result c2 = ipvm("cat", "ipfs://" + cid);
    assertArrayEquals(data, c2.out());
  }

  @Test
  void addEmptyFile() throws IOException {
    Result r = ipvm("add", file("empty", new byte[0]).toString());
    assertEquals("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku\n", r.text());
    Result c = ipvm("cat", "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    assertEquals(0, c.status(), c::toString);
    assertEquals(0, c.out().length);
  }

  @Test
  void errors() {
    Result missing = ipvm("add", files.resolve("nope").toString());
    assertEquals(2, missing.status());
    assertTrue(missing.err().contains("no such file"), missing::toString);

    Result invalid = ipvm("cat", "not-a-cid");
    assertEquals(2, invalid.status());
    assertEquals("error: not a CID: not-a-cid\n", invalid.err());

    String unknown = Cid.of(Multicodec.RAW, Multihash.SHA2_256, new byte[] {42}).toString();
    Result u = ipvm("cat", unknown);
    assertEquals(2, u.status());
    assertTrue(u.err().startsWith("error: " + unknown + " is not in the block store"), u::toString);
    assertEquals(0, u.out().length);

    Result noArg = ipvm("cat");
    assertEquals(2, noArg.status());
    assertTrue(noArg.err().contains("missing CID"), noArg::toString);

    Result r = ipvm("run", unknown, "--invoke", "fib", "20");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("is not in the block store"), r::toString);
  }

  @Test
  void runByCid() throws IOException {
    Result a = ipvm("add", fib.toString());
    assertEquals(0, a.status(), a::toString);
    String cid = a.text().strip();
    for (String arg : new String[] {cid, "ipfs://" + cid}) {
      Result r = ipvm("run", arg, "--invoke", "fib", "20");
      assertEquals(0, r.status(), r::toString);
      assertEquals("6765\n", r.text());
    }
    // a module larger than one chunk: fib.wasm followed by a custom section of 300 KiB
    byte[] module = Files.readAllBytes(fib);
    byte[] name = "pad".getBytes(StandardCharsets.UTF_8);
    int payload = 300 * 1024;
    var big = new ByteArrayOutputStream();
    big.writeBytes(module);
    big.write(0); // custom section
    writeLeb(big, 1 + name.length + payload);
    writeLeb(big, name.length);
    big.writeBytes(name);
    big.writeBytes(new byte[payload]);
    Result a2 = ipvm("add", file("big.wasm", big.toByteArray()).toString());
    String cid2 = a2.text().strip();
    assertTrue(cid2.startsWith("bafybei"), cid2);
    Result r2 = ipvm("run", cid2, "--invoke", "fib", "10");
    assertEquals(0, r2.status(), r2::toString);
    assertEquals("55\n", r2.text());
  }

  @Test
  void corruptBlockIsRefused() throws IOException {
    Result a = ipvm("add", fib.toString());
    Cid cid = Cid.parse(a.text().strip());
    Path block = new FileBlockStore(home.resolve("blocks")).path(cid);
    byte[] b = Files.readAllBytes(block);
    b[b.length - 1] ^= 1;
    Files.write(block, b);
    Result r = ipvm("run", cid.toString(), "--invoke", "fib", "20");
    assertEquals(2, r.status(), r::toString);
    assertTrue(r.err().contains("corrupt block"), r::toString);
  }

  private static void writeLeb(ByteArrayOutputStream out, int v) {
    while (v >= 0x80) {
      out.write((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write(v);
  }
}
