package io.ipvm.tools;

import static org.junit.jupiter.api.Assertions.*;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.Multihash;
import io.ipvm.ipld.car.CarReader;
import io.ipvm.ipld.store.FileBlockStore;
import io.ipvm.ipld.store.MemoryBlockStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ipvm car export} and {@code ipvm car import}, with temporary IPVM_HOMEs. */
class CarCommandTest {
  @TempDir Path homeA;
  @TempDir Path homeB;
  @TempDir Path files;

  private Cli.Result a(String... args) {
    return Cli.run(Map.of("IPVM_HOME", homeA.toString()), args);
  }

  private Cli.Result b(String... args) {
    return Cli.run(Map.of("IPVM_HOME", homeB.toString()), args);
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Adds a 700 KiB file (a dag-pb root over three raw leaves) to home A; returns its CID. */
  private String addBig(byte[] data) throws IOException {
    Path f = files.resolve("big.bin");
    Files.write(f, data);
    Cli.Result r = a("add", f.toString());
    assertEquals(0, r.status(), r::toString);
    return r.text().strip();
  }

  @Test
  void exportThenImportIntoAnotherHome() throws IOException {
    byte[] data = random(700 * 1024, 1);
    String cid = addBig(data);
    Path car = files.resolve("big.car");
    Cli.Result e = a("car", "export", cid, car.toString());
    assertEquals(0, e.status(), e::toString);
    assertEquals("exported 4 blocks (" + Files.size(car) + " bytes) to " + car + "\n", e.text());
    // what CarReader makes of it: one root, four verified blocks
    MemoryBlockStore check = new MemoryBlockStore();
    assertEquals(
        List.of(Cid.parse(cid)),
        CarReader.read(new ByteArrayInputStream(Files.readAllBytes(car)), check));
    // no temporary file is left beside it
    try (var s = Files.list(files)) {
      assertEquals(2, s.count());
    }

    Cli.Result i = b("car", "import", car.toString());
    assertEquals(0, i.status(), i::toString);
    assertEquals(cid + "\n", i.text());
    Cli.Result cat = b("cat", cid);
    assertEquals(0, cat.status(), cat::toString);
    assertArrayEquals(data, cat.out());
  }

  /**
   * A FILE that is a FIFO (like a device node) is written into, not replaced by a renamed temporary
   * file: as root, the rename would have turned /dev/full or /dev/stdout into a regular file.
   */
  @Test
  void exportIntoAFifoWritesThroughIt() throws Exception {
    String cid = addBig(random(300 * 1024, 3));
    Path car = files.resolve("x.car");
    assertEquals(0, a("car", "export", cid, car.toString()).status());
    Path fifo = files.resolve("fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor());
    var received = new java.util.concurrent.CompletableFuture<byte[]>();
    Thread reader =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try {
                    received.complete(Files.readAllBytes(fifo));
                  } catch (IOException e) {
                    received.completeExceptionally(e);
                  }
                });
    Cli.Result e = a("car", "export", cid, fifo.toString());
    assertEquals(0, e.status(), e::toString);
    assertEquals("exported 3 blocks (" + Files.size(car) + " bytes) to " + fifo + "\n", e.text());
    // (had the FIFO been replaced, its reader would wait for a writer for ever)
    assertArrayEquals(
        Files.readAllBytes(car), received.get(10, java.util.concurrent.TimeUnit.SECONDS));
    assertFalse(Files.isRegularFile(fifo), "the FIFO was replaced by a regular file");
    // and a symbolic link keeps being one: the file it leads to gets the CAR
    Path link = files.resolve("link.car");
    Path real = files.resolve("real.car");
    Files.writeString(real, "old");
    Files.createSymbolicLink(link, real);
    assertEquals(0, a("car", "export", cid, link.toString()).status());
    assertTrue(Files.isSymbolicLink(link));
    assertArrayEquals(Files.readAllBytes(car), Files.readAllBytes(real));
  }

  @Test
  void jsonFormsAndStandardStreams() throws IOException {
    String cid = addBig(random(300 * 1024, 2));
    Path car = files.resolve("x.car");
    Cli.Result e = a("car", "export", "--json", "ipfs://" + cid, car.toString());
    assertEquals(0, e.status(), e::toString);
    assertEquals(
        "{\"root\":\""
            + cid
            + "\",\"blocks\":3,\"size\":"
            + Files.size(car)
            + ",\"file\":"
            + Json.quote(car.toString())
            + "}\n",
        e.text());

    // "-": the CAR itself on standard output, byte for byte the same
    Cli.Result s = a("car", "export", cid, "-");
    assertEquals(0, s.status(), s::toString);
    assertArrayEquals(Files.readAllBytes(car), s.out());
    assertEquals("", s.err());

    Cli.Result i =
        Cli.run(
            Map.of("IPVM_HOME", homeB.toString()),
            Files.readAllBytes(car),
            "car",
            "import",
            "--json",
            "-");
    assertEquals(0, i.status(), i::toString);
    assertEquals("{\"roots\":[\"" + cid + "\"],\"blocks\":3}\n", i.text());
    assertTrue(new FileBlockStore(homeB.resolve("blocks")).has(Cid.parse(cid)));
  }

  @Test
  void missingBlockIsNamed() throws IOException {
    String root = addBig(random(600 * 1024, 3));
    // remove one leaf from the store: the export must name it and its parent
    FileBlockStore store = new FileBlockStore(homeA.resolve("blocks"));
    byte[] chunk = new byte[256 * 1024];
    System.arraycopy(random(600 * 1024, 3), 256 * 1024, chunk, 0, chunk.length);
    Cid leaf = Cid.of(Multicodec.RAW, Multihash.SHA2_256, chunk);
    assertTrue(store.has(leaf));
    Files.delete(store.path(leaf));
    Path car = files.resolve("partial.car");
    Cli.Result e = a("car", "export", root, car.toString());
    assertEquals(2, e.status(), e::toString);
    assertEquals(
        "error: cannot export "
            + root
            + ": block "
            + leaf
            + " (linked from "
            + root
            + ") is not in the block store "
            + homeA.resolve("blocks")
            + " (add it with: ipvm add FILE)\n",
        e.err());
    assertFalse(Files.exists(car), "no partial CAR is left");
    try (var s = Files.list(files)) {
      assertEquals(1, s.count(), "no temporary file is left");
    }

    Cid unknown = Cid.of(Multicodec.RAW, Multihash.SHA2_256, new byte[] {7});
    Cli.Result u = a("car", "export", unknown.toString(), car.toString());
    assertEquals(2, u.status());
    assertTrue(
        u.err().contains("block " + unknown + " (a root) is not in the block store"), u::toString);
  }

  @Test
  void corruptAndTruncatedCarsAreRefused() throws IOException {
    String cid = addBig(random(300 * 1024, 4));
    Path car = files.resolve("c.car");
    assertEquals(0, a("car", "export", cid, car.toString()).status());
    byte[] good = Files.readAllBytes(car);

    byte[] bad = good.clone();
    bad[bad.length - 1] ^= 1; // inside the last block's data
    Path badCar = Files.write(files.resolve("bad.car"), bad);
    Cli.Result r = b("car", "import", badCar.toString());
    assertEquals(2, r.status(), r::toString);
    assertTrue(
        r.err()
            .matches(
                "(?s)error: cannot import .*bad\\.car: corrupt CAR: block 2 \\(bafkrei[a-z2-7]+\\) at offset \\d+: its \\d+ bytes do not hash to the CID \\(the 2 blocks before it were stored\\)\n"),
        r::toString);
    assertEquals("", r.text());

    Path cut =
        Files.write(files.resolve("cut.car"), java.util.Arrays.copyOf(good, good.length - 10));
    Cli.Result t = b("car", "import", cut.toString());
    assertEquals(2, t.status(), t::toString);
    assertTrue(t.err().contains(": truncated CAR: block 2 at offset "), t::toString);

    Path header = Files.write(files.resolve("h.car"), new byte[] {5, 1, 2, 3, 4, 5});
    Cli.Result h = b("car", "import", header.toString());
    assertEquals(2, h.status(), h::toString);
    assertTrue(h.err().contains(": bad CAR header: not DAG-CBOR"), h::toString);

    Path empty = Files.write(files.resolve("empty.car"), new byte[0]);
    Cli.Result em = b("car", "import", empty.toString());
    assertEquals(2, em.status());
    assertTrue(em.err().endsWith(": bad CAR: empty input (no header)\n"), em::toString);
  }

  @Test
  void unreadableFilesAndUsage() {
    Cli.Result n = b("car", "import", files.resolve("nope.car").toString());
    assertEquals(2, n.status());
    assertEquals("error: cannot read " + files.resolve("nope.car") + ": no such file\n", n.err());

    Cli.Result d = b("car", "import", files.toString());
    assertEquals(2, d.status());
    assertEquals("error: cannot read " + files + ": is a directory\n", d.err());

    Cli.Result x =
        a(
            "car",
            "export",
            "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
            files.resolve("no/such/dir.car").toString());
    assertEquals(2, x.status());
    assertTrue(x.err().startsWith("error: cannot write "), x::toString);

    Cli.Result notCid = a("car", "export", "hello", files.resolve("o.car").toString());
    assertEquals(2, notCid.status());
    assertEquals("error: not a CID: hello\n", notCid.err());

    for (String[] args :
        new String[][] {
          {"car"},
          {"car", "export", "x"},
          {"car", "import"},
          {"car", "frobnicate"},
          {"car", "import", "--nope", "f"}
        }) {
      Cli.Result u = a(args);
      assertEquals(2, u.status(), u::toString);
      assertTrue(u.err().endsWith("run 'ipvm help car' for the usage\n"), u::toString);
    }
  }
}
